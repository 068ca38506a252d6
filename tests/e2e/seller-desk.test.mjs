// The seller's inbox on a phone (Chromium, 390x844, touch) against a real `microshop
// serve` and its SQLite store: sign-in (secret, one-time link), orders newest first,
// status chips with counts, search, paging, one order in full, the status journey
// with tracking, refusals said plainly (a stale page, a missing reason, a bad link),
// the keyboard alone, the CSV export, axe in every language.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { violatingElements as axe } from './axe.mjs';
import { BIN, launchBrowser, phoneContext, watchErrors } from './harness.mjs';
import { query } from './db.mjs';
import { Desk, demoOrder, placeOrder, signIn, startDesk } from './desk.mjs';
import { textIs, valueIs } from './wait.mjs';

const LANGUAGES = [['en', 'ltr', 'Orders'], ['zh-CN', 'ltr', '订单'], ['ja', 'ltr', '注文'], ['ar', 'rtl', 'الطلبات']];

/** The reference the desk shows for an order (the store's own column). */
function reference(db, orderId) {
  return query(db, `SELECT reference FROM orders WHERE order_id = '${orderId}'`)[0].reference;
}

describe('the seller desk: inbox', () => {
  let server, browser;
  const placed = [];
  before(async () => {
    // 53 orders from one address in a minute: serve's per-address order limit off.
    server = await startDesk({ editable: true, args: ['--orders-per-minute', '0'] });
    browser = await launchBrowser();
    // Three buyers, oldest first; the last is the newest.
    for (const [name, phone, note, referral] of [
      ['Chen Jing', '+86 139 1111 2222', null, null],
      ['Ana Silva', '+351 912 345 678', 'Leave it with the neighbour', 'FRIEND7'],
      ['佐藤 健', '+81 90 1234 5678', null, null],
    ]) {
      const { order } = await placeOrder(server.url, { name, phone, note, referral, quantity: 2 });
      placed.push({ id: order.order_id, name, phone, reference: reference(server.db, order.order_id) });
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(options = {}) {
    const context = await phoneContext(browser, options);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url);
    return { page, errors, desk: new Desk(page, server.url) };
  }

  it('signs in with a one-time link from `microshop seller-token`; the link works once and leaves the address bar', async () => {
    const out = execFileSync(BIN, ['seller-token', '--db', server.db, '--base-url', server.url], { encoding: 'utf8', env: { ...process.env, MICROSHOP_SELLER_SECRET: 'unused-here-0123456789abcdef' } });
    const link = out.match(/https?:\/\/\S+\/_seller\/signin\/\S+/)?.[0];
    assert.ok(link, `a sign-in link in: ${out}`);
    const page = await (await phoneContext(browser)).newPage();
    await page.goto(link);
    await page.waitForURL(`${server.url}/_seller/`);
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    // Used: a second visit (another phone) gets the sign-in page saying so.
    const again = await (await phoneContext(browser)).newPage();
    await again.goto(link);
    await again.locator('input[name=secret]').waitFor();
    assert.match(await again.locator('body').innerText(), /used|expired/i);
  });

  it('lists orders newest first with status, reference, buyer, total and age; chips count each status', async () => {
    const { page, errors, desk } = await signedIn();
    await desk.inboxShown();
    const rows = page.locator('.order-row');
    await rows.nth(2).waitFor();
    const texts = await rows.allInnerTexts();
    assert.deepEqual(texts.slice(0, 3).map((t) => t.split('\n')[0].trim()), [...placed].reverse().map((p) => p.reference), 'newest first');
    const newest = texts[0];
    assert.match(newest, /New/);
    assert.match(newest, /佐藤 健/);
    assert.match(newest, /CN¥256\.00/, 'Intl money: 2 x 128.00, free shipping over 199');
    assert.match(newest, /2 items/);
    assert.match(newest, /now|seconds? ago|minutes? ago/, 'age by Intl.RelativeTimeFormat');
    await page.getByRole('link', { name: /^All 3$/ }).waitFor();
    await page.getByRole('link', { name: /^New 3$/ }).waitFor();
    await page.getByRole('link', { name: /^Paid 0$/ }).click();
    await page.getByRole('link', { name: /^Paid 0$/, current: 'page' }).waitFor();
    await page.getByText('No orders match.').waitFor();
    assert.match(page.url(), /\?status=paid$/);
    assert.deepEqual(errors, []);
  });

  it('searches by reference (with or without #), by name and by phone digits', async () => {
    const { page, desk } = await signedIn();
    const ana = placed[1];
    for (const q of [ana.reference, `#${ana.reference.toLowerCase()}`, 'silva', '912345678']) {
      await page.getByLabel('Search by reference, name or phone').fill(q);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForURL((u) => u.searchParams.get('q') === q);
      await desk.row(ana.reference).waitFor();
      await page.locator('.order-row').nth(1).waitFor({ state: 'detached' });
      assert.equal(await page.locator('.order-row').count(), 1, q);
    }
    await page.getByRole('button', { name: 'Clear search' }).click();
    await page.locator('.order-row').nth(2).waitFor();
  });

  it('pages: the first 50, then more on demand', async () => {
    for (let i = 0; i < 50; i++) await placeOrder(server.url, { name: `Buyer ${i}`, phone: `+86 137 0000 ${String(i).padStart(4, '0')}`, item: 'needle' });
    const { page } = await signedIn();
    await page.locator('.order-row').nth(49).waitFor();
    assert.equal(await page.locator('.order-row').count(), 50);
    await page.getByRole('button', { name: 'Show more orders' }).click();
    await page.locator('.order-row').nth(52).waitFor();
    assert.equal(await page.locator('.order-row').count(), 53);
    await page.getByRole('button', { name: 'Show more orders' }).waitFor({ state: 'detached' });
    // The oldest order is last.
    assert.match(await page.locator('.order-row').last().innerText(), new RegExp(placed[0].reference));
  });

  it('one order in full, and its status journey: paid, shipped with tracking, completed; each change in its history', async () => {
    const { page, errors, desk } = await signedIn();
    const ana = placed[1];
    await desk.openInbox(`?q=${ana.reference}`);
    await desk.openOrder(ana.reference);
    const main = page.locator('main');
    const text = await main.innerText();
    for (const expected of ['Jasmine pearls', 'Weight: 100g', 'JP-100', 'CN¥256.00', 'Ana Silva', '+351 912 345 678', 'Leave it with the neighbour', 'FRIEND7', 'Order placed']) {
      assert.ok(text.includes(expected), `${expected} in the order page:\n${text}`);
    }
    // Only the statuses that may follow "new" are offered.
    await page.getByRole('button', { name: 'Mark paid' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Mark completed' }).count(), 0);
    await page.getByRole('button', { name: 'Mark paid' }).click();
    await desk.status().filter({ hasText: 'Paid' }).waitFor();
    await page.getByRole('status').filter({ hasText: `Order ${ana.reference} is now: Paid.` }).waitFor();
    // Shipped: a tracking note and a link; a link that is not http(s) is refused beside its field.
    await page.getByRole('button', { name: 'Mark shipped…' }).click();
    await page.getByLabel('Tracking note (carrier and number)').fill('SF Express SF1234567890');
    await page.getByLabel('Tracking link (optional)').fill('ftp://tracking.example/SF1234567890');
    await page.getByRole('button', { name: 'Mark shipped', exact: true }).click();
    await page.locator('#tracking-url-problem').filter({ hasText: 'https://' }).waitFor();
    assert.equal(await page.getByLabel('Tracking link (optional)').getAttribute('aria-invalid'), 'true');
    assert.equal(query(server.db, `SELECT status FROM orders WHERE order_id = '${ana.id}'`)[0].status, 'paid', 'nothing changed');
    await page.getByLabel('Tracking link (optional)').fill('https://tracking.example/SF1234567890');
    await page.getByRole('button', { name: 'Mark shipped', exact: true }).click();
    await desk.status().filter({ hasText: 'Shipped' }).waitFor();
    await page.getByText('Tracking: SF Express SF1234567890').first().waitFor();
    assert.equal(await page.getByRole('link', { name: 'Track the parcel' }).getAttribute('href'), 'https://tracking.example/SF1234567890');
    await page.getByRole('button', { name: 'Mark completed' }).click();
    await desk.status().filter({ hasText: 'Completed' }).waitFor();
    await page.getByText(/Completed; its status does not change any more/).waitFor();
    const history = await page.locator('.history li').allInnerTexts();
    assert.deepEqual(history.map((h) => h.split('\n')[0]), ['Order placed', 'New → Paid', 'Paid → Shipped', 'Shipped → Completed']);
    assert.ok(history.every((h) => /\d{4}|\d:\d\d/.test(h)), 'each with its time');
    const stored = query(server.db, `SELECT status, tracking_note, tracking_url FROM orders WHERE order_id = '${ana.id}'`)[0];
    assert.deepEqual(stored, { status: 'completed', tracking_note: 'SF Express SF1234567890', tracking_url: 'https://tracking.example/SF1234567890' });
    assert.deepEqual(errors, []);
  });

  it('cancelling needs a reason; a change made in another tab is refused as "changed elsewhere", and a reload shows it', async () => {
    const { page, desk } = await signedIn();
    const chen = placed[0];
    await desk.openInbox(`?q=${chen.reference}`);
    await desk.openOrder(chen.reference);
    // A second tab of the same seller.
    const other = await page.context().newPage();
    const otherDesk = new Desk(other, server.url);
    await otherDesk.openInbox(`?q=${chen.reference}`);
    await otherDesk.openOrder(chen.reference);
    await other.getByRole('button', { name: 'Mark paid' }).click();
    await otherDesk.status().filter({ hasText: 'Paid' }).waitFor();
    // This tab still shows "new" and offers to cancel: a reason first.
    await page.getByRole('button', { name: 'Cancel order…' }).click();
    await page.getByRole('button', { name: 'Cancel this order' }).click();
    await page.locator('#cancel-reason-problem').filter({ hasText: 'Write why the order is cancelled.' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'cancel-reason');
    await page.getByLabel(/Why is it cancelled/).fill('Out of stock');
    await page.getByRole('button', { name: 'Cancel this order' }).click();
    await page.getByRole('alert').filter({ hasText: 'changed in another tab or device' }).waitFor();
    assert.equal(query(server.db, `SELECT status FROM orders WHERE order_id = '${chen.id}'`)[0].status, 'paid', 'the stale change was refused');
    await page.getByRole('button', { name: 'Reload' }).click();
    await desk.status().filter({ hasText: 'Paid' }).waitFor();
    // Now cancelled with a reason, which the history keeps.
    await page.getByRole('button', { name: 'Cancel order…' }).click();
    await page.getByLabel(/Why is it cancelled/).fill('Out of stock');
    await page.getByRole('button', { name: 'Cancel this order' }).click();
    await desk.status().filter({ hasText: 'Cancelled' }).waitFor();
    await page.getByText('Reason: Out of stock').first().waitFor();
  });

  it('changes a status by keyboard alone', async () => {
    const { page, desk } = await signedIn();
    const sato = placed[2];
    await desk.openInbox(`?q=${encodeURIComponent(sato.name)}`);
    await desk.row(sato.reference).waitFor();
    // Tab to the order's link, open it with Enter; the page puts the focus on its heading.
    const link = desk.row(sato.reference).getByRole('link');
    for (let i = 0; i < 40 && !(await link.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.ok(await link.evaluate((el) => el === document.activeElement), 'the order link takes the focus');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: new RegExp(sato.reference) }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    const paid = page.getByRole('button', { name: 'Mark paid' });
    for (let i = 0; i < 20 && !(await paid.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.ok(await paid.evaluate((el) => el === document.activeElement), 'Mark paid takes the focus');
    await page.keyboard.press('Enter');
    await desk.status().filter({ hasText: 'Paid' }).waitFor();
    // The focus lands on the new status, which says it.
    await page.waitForFunction(() => document.activeElement?.id === 'order-status');
  });

  it('exports a date range as CSV (UTF-8 with BOM, a row per line); a reversed range is refused plainly', async () => {
    const { page } = await signedIn();
    await page.getByText('Export orders (CSV)').click();
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel('From').fill(today);
    await page.getByLabel('To').fill('2020-01-01');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    await page.getByText('The last day is before the first.').waitFor();
    assert.equal(await page.getByLabel('To').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('To').fill(today);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    assert.equal(download.suggestedFilename(), `orders-${today}-${today}.csv`);
    const bytes = readFileSync(await download.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const csv = bytes.toString('utf8');
    assert.ok(csv.includes('佐藤 健'), 'Chinese/Japanese text intact');
    assert.ok(csv.includes(placed[1].reference));
  });

  it('the language switch fetches only the chosen language, keeps it across a reload, and stays put when its words cannot be had', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    // English is in the app's wasm; any other language is a words file fetched when needed.
    const fetched = [];
    page.on('request', (r) => { if (r.url().includes('/_seller/words/')) fetched.push(new URL(r.url()).pathname); });
    await signIn(page, server.url);
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    assert.deepEqual(fetched, [], 'an English desk fetches no words file');
    assert.deepEqual(errors, []);

    // The words cannot be had (the connection drops): the desk stays English and says why.
    await page.route('**/_seller/words/**', (route) => route.abort('internetdisconnected'));
    await page.getByLabel('Language').selectOption('ja');
    await textIs(page.locator('p.visually-hidden[role=status]'), "No connection to the shop's server. Check the connection and try again.");
    await valueIs(() => page.getByLabel('Language').inputValue(), 'en', 'the switch');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    assert.match(fetched.at(-1), /^\/_seller\/words\/ja-[0-9a-f]{16}\.txt$/);

    // Back online: Arabic comes (its file only), right to left, and stays after a reload.
    await page.unroute('**/_seller/words/**');
    fetched.length = 0;
    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('heading', { level: 1, name: 'الطلبات' }).waitFor();
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.deepEqual(fetched.map((p) => p.replace(/-[0-9a-f]{16}\.txt$/, '')), ['/_seller/words/ar']);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'الطلبات' }).waitFor();
    await valueIs(() => page.getByLabel('اللغة').inputValue(), 'ar', 'the switch after a reload');
    // Only the aborted request of the offline step may have been logged.
    assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e)), []);
    await context.close();
  });

  it("a line shows the catalog's title and options, and what the buyer's page said only where it differs", async () => {
    // The contract relies on the sku: a page may send other words for it (an older page
    // after a rename, or any client). The desk says the catalog's, and the buyer's beside.
    const order = demoOrder({ item: 'needle', name: 'Wang Fang' });
    order.lines[0].title = '1 kg GOLD BAR (seller agreed)';
    order.lines[0].options = { 'Quantity agreed': '10 units' };
    const res = await fetch(`${server.url}/api/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': order.order_id },
      body: JSON.stringify(order),
    });
    assert.ok(res.status < 300, `${res.status} ${await res.text()}`);
    const { page, errors, desk } = await signedIn();
    await desk.openInbox();
    await desk.openOrder(reference(server.db, order.order_id));
    const line = page.locator('.line');
    await textIs(line.locator('.line__title'), 'Jasmine silver needle');
    await textIs(line.locator('.line__sent'), "What the buyer's page said: 1 kg GOLD BAR (seller agreed) · Quantity agreed: 10 units");
    // An order whose page said the catalog's words shows them once (searched for: the
    // paging test's 50 orders put it past the first page).
    await desk.openInbox(`?q=${placed[0].reference}`);
    await desk.openOrder(placed[0].reference);
    await textIs(page.locator('.line .line__title'), 'Jasmine pearls');
    assert.equal(await page.locator('.line__sent').count(), 0);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  for (const [tag, dir, heading] of LANGUAGES) {
    it(`${tag}: the inbox and an order page speak it, say their direction, and axe finds nothing`, async () => {
      const { page, errors, desk } = await signedIn({ locale: tag });
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      assert.equal(await page.getAttribute('html', 'lang'), tag);
      assert.equal(await page.getAttribute('html', 'dir'), dir);
      await desk.inboxShown();
      assert.deepEqual(await axe(page), [], `${tag} inbox`);
      await page.locator('.order-row a').first().click();
      await page.locator('#order-heading').waitFor();
      await page.locator('.actions').waitFor();
      assert.deepEqual(await axe(page), [], `${tag} order page`);
      // With a problem on screen (the cancel form without a reason).
      const cancel = page.locator('.actions .button--danger').first();
      if (await cancel.count()) {
        await cancel.click();
        await page.locator('#cancel-form [type=submit]').click();
        await page.locator('#cancel-reason-problem').waitFor();
        assert.deepEqual(await axe(page), [], `${tag} order page with a problem`);
      }
      assert.deepEqual(errors, []);
    });
  }
  // Last in this suite: it adds an order.
  it('an order that arrives while the inbox is open comes into the list and is said', async () => {
    const { page, errors, desk } = await signedIn();
    await desk.inboxShown();
    const newest = () => page.locator('.order-row .order-row__ref').first().innerText();
    const { order } = await placeOrder(server.url, { name: 'Late Buyer', phone: '+86 139 5555 6666', quantity: 1 });
    const late = reference(server.db, order.order_id);
    // The desk reads the list again at each tick of its clock (every 30 s while shown)
    // and when the page is shown again (back to the tab, the phone woken).
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
    await desk.row(late).waitFor();
    assert.equal(await newest(), late);
    await textIs(page.locator('[role=status][aria-live=polite]'), '1 more order shown');
    assert.deepEqual(errors, []);
  });
});

describe('the seller desk: money with the minor units the order carries', () => {
  let server, browser;
  before(async () => {
    // ISO 4217 (and core) give HUF 2 decimals; Intl's own default (CLDR) gives it none,
    // and would show HUF 1,999.99 as "HUF 2,000".
    server = await startDesk({
      editable: true,
      edit: (doc) => {
        doc.currency = 'HUF';
        doc.catalog.products.find((p) => p.id === 'jasmine-silver-needle').price = '1999.99';
      },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the inbox and the order page show HUF 1,999.99, not rounded', async () => {
    const order = demoOrder({ item: 'needle', name: 'Kovács Anna', quantity: 2 });
    Object.assign(order, { currency: 'HUF', subtotal: '3999.98', total: '3999.98' });
    Object.assign(order.lines[0], { unit_price: '1999.99', line_total: '3999.98' });
    order.shipping.price = '0.00';
    const res = await fetch(`${server.url}/api/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': order.order_id },
      body: JSON.stringify(order),
    });
    assert.ok(res.status < 300, `${res.status} ${await res.text()}`);
    const page = await (await phoneContext(browser)).newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url);
    const desk = new Desk(page, server.url);
    const intl = (amount) => page.evaluate((a) => new Intl.NumberFormat('en', {
      style: 'currency', currency: 'HUF', minimumFractionDigits: 2, maximumFractionDigits: 2,
    }).format(a), amount);
    const ref = reference(server.db, order.order_id);
    await desk.inboxShown();
    const row = await textIs(desk.row(ref).locator('.order-row__total'), `${await intl('3999.98')} · 2 items`);
    assert.match(row, /3,999\.98/, 'not rounded to 4,000');
    await desk.openOrder(ref);
    await textIs(page.locator('.line .line__sum strong'), await intl('3999.98'));
    assert.match(await page.locator('.line .line__sum').innerText(), /1,999\.99/);
    await textIs(page.locator('dd.sums__total'), await intl('3999.98'));
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
