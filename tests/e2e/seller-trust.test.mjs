// The seller's desk for reviews and problems (issue 18 items 1 and 3, the seller's
// half) on a phone (Chromium, 390x844, touch) against a real `microshop serve` and
// its SQLite store. Orders are completed through the desk's API and reviewed and
// reported through serve's buyer API with the order's secret (Order-Secret and a
// fresh Request-Nonce, as a buyer's storefront sends them); then the seller sees the
// open problems in the inbox, answers one and marks it resolved, is told plainly when
// another device closed one first, replies to a review and hides another with a
// reason; the public read shows the reply and "1 hidden". The keyboard alone, and axe
// in every language the desk ships.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { violatingElements as axe } from './axe.mjs';
import { launchBrowser, phoneContext, watchErrors } from './harness.mjs';
import { query } from './db.mjs';
import { Desk, placeOrder, signIn, startDesk } from './desk.mjs';
import { countIs, imageDecoded, textIs, until } from './wait.mjs';

/** A 1x1 PNG: a photo whose type and size serve can read from its bytes. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
/** A buyer's words with markup in them: shown as these characters, never run. */
const MARKUP = '<b>好喝</b> <img src=x onerror="window.ran=1"> & "fresh"';

/** A buyer's write (a review or a problem) through serve's buyer API; returns the JSON answer. */
async function buyerWrite(url, orderId, secret, what, body) {
  const res = await fetch(`${url}/api/orders/${orderId}/${what}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Order-Secret': secret, 'Request-Nonce': randomBytes(16).toString('hex') },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  assert.equal(res.status, 201, `${what}: ${JSON.stringify(json)}`);
  return json;
}

/** The buyer's status read of their order. */
async function statusRead(url, orderId, secret) {
  const res = await fetch(`${url}/api/orders/${orderId}`, { headers: { 'Order-Secret': secret } });
  assert.equal(res.status, 200);
  return res.json();
}

/** A call to the desk's API from a signed-in seller page (same origin, its cookie). */
function deskCall(page, path, body) {
  return page.evaluate(async ([path, body]) => {
    const res = await fetch(`/_seller/api${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: await res.json() };
  }, [path, body]);
}

/** Marks an order paid, shipped and completed through the desk's API. */
async function complete(page, orderId) {
  for (const [version, step] of [[1, { to: 'paid' }], [2, { to: 'shipped', tracking_note: 'SF 1234' }], [3, { to: 'completed' }]]) {
    const { status, json } = await deskCall(page, `/orders/${orderId}/status`, { ...step, version });
    assert.equal(status, 200, JSON.stringify(json));
  }
}

/** The reference the desk shows for an order (the store's own column). */
function reference(db, orderId) {
  return query(db, `SELECT reference FROM orders WHERE order_id = '${orderId}'`)[0].reference;
}

describe('the seller desk: reviews and problems', () => {
  let server, browser;
  // tea: Jasmine pearls, reviewed and with two problems; needle: reviewed; cup: a problem left open.
  const orders = {};
  before(async () => {
    server = await startDesk({ args: ['--orders-per-minute', '0', '--buyer-writes-per-minute', '0'] });
    browser = await launchBrowser();
    for (const [key, item, name] of [['tea', 'pearls', 'Li Wei'], ['needle', 'needle', 'Ana Silva'], ['open', 'needle', 'Chen Jing']]) {
      const { order, answer } = await placeOrder(server.url, { item, name });
      assert.ok(answer.order_secret, JSON.stringify(answer));
      orders[key] = { id: order.order_id, secret: answer.order_secret, reference: reference(server.db, order.order_id) };
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

  it('no seller page answers without a session: the reviews page sends to sign-in', async () => {
    const page = await (await phoneContext(browser)).newPage();
    await page.goto(`${server.url}/_seller/reviews`);
    await page.waitForURL(`${server.url}/_seller/signin`);
    await page.locator('input[name=secret]').waitFor();
    const api = await fetch(`${server.url}/_seller/api/reviews`);
    assert.equal(api.status, 401);
    const filtered = await fetch(`${server.url}/_seller/api/orders?problem=open`);
    assert.equal(filtered.status, 401);
  });

  it('a completed order reviewed and reported: the inbox counts its open problems, the seller answers and resolves one, and is told plainly when another device closed the other', async () => {
    const { page, errors, desk } = await signedIn();
    const { tea, needle } = orders;
    await complete(page, tea.id);
    await complete(page, needle.id);
    // The buyers write, through serve's buyer API with their orders' secrets.
    await buyerWrite(server.url, tea.id, tea.secret, 'reviews', { product_id: 'jasmine-pearls', rating: 4, text: MARKUP, locale: 'zh-CN' });
    await buyerWrite(server.url, needle.id, needle.secret, 'reviews', { product_id: 'jasmine-silver-needle', rating: 1, text: 'Terrible, call the seller at +86 138 0000 0000', locale: 'en' });
    const damaged = (await buyerWrite(server.url, tea.id, tea.secret, 'problems', { kind: 'damaged', text: `The tin was dented.\n${MARKUP}`, photo: PNG })).problem;
    const late = (await buyerWrite(server.url, tea.id, tea.secret, 'problems', { kind: 'not_received', text: 'The second tin never came.' })).problem;

    // The inbox: the order says how many problems are open; "Has a problem" shows only it.
    await desk.openInbox();
    await textIs(desk.row(tea.reference).locator('.badge--problem'), '2 open problems');
    assert.equal(await desk.row(needle.reference).locator('.badge--problem').count(), 0);
    await page.getByRole('link', { name: /^Has a problem 1$/ }).click();
    await page.waitForURL((u) => u.searchParams.get('problem') === 'open');
    await page.getByRole('link', { name: /^Has a problem 1$/, current: 'page' }).waitFor();
    await countIs(page.locator('.order-row'), 1);
    await desk.row(tea.reference).waitFor();

    // The order's page: the thread, the buyer's words as text, the photo behind the session.
    await desk.openOrder(tea.reference);
    const thread = page.locator('.buyer-problem').filter({ has: page.getByRole('heading', { name: /Damaged/ }) });
    await thread.getByRole('heading', { name: 'Damaged Open' }).waitFor();
    assert.equal(await thread.locator('.thread__text').first().innerText(), `The tin was dented.\n${MARKUP}`);
    assert.equal(await page.evaluate(() => window.ran), undefined, 'the markup did not run');
    const photo = thread.getByRole('img', { name: 'Photo the buyer sent' });
    await imageDecoded(photo);
    assert.equal(await photo.getAttribute('src'), `/_seller/api/photos/${damaged.messages[0].photo}`);
    // An empty answer is refused beside its box; axe finds nothing with it on screen.
    await thread.getByRole('button', { name: 'Send answer' }).click();
    await thread.getByText('Write an answer first.').waitFor();
    const box = thread.getByLabel('Your answer (the buyer reads it on their order page)');
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await axe(page), [], 'the order page with problems');
    await box.fill('Sorry! A new tin left today: SF 5678.');
    await thread.getByRole('button', { name: 'Send answer' }).click();
    await page.getByRole('status').filter({ hasText: 'Answer sent.' }).waitFor();
    await thread.locator('.thread__message--seller').filter({ hasText: 'Sorry! A new tin left today: SF 5678.' }).waitFor();
    await thread.getByRole('button', { name: 'Mark resolved' }).click();
    await thread.getByRole('heading', { name: 'Damaged Resolved' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'The problem is now: Resolved.' }).waitFor();
    await thread.getByText(/This problem is Resolved: it is closed/).waitFor();
    assert.equal(await thread.getByRole('button', { name: 'Mark refunded' }).count(), 0, 'a closed problem offers no marks');

    // The other problem is closed on another device meanwhile: this page's mark is refused plainly.
    const other = await page.context().newPage();
    await other.goto(`${server.url}/_seller/`);
    const elsewhere = await deskCall(other, `/problems/${late.id}`, { answer: 'Refunded to your card.', mark: 'refunded' });
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.json));
    const stale = page.locator('.buyer-problem').filter({ has: page.getByRole('heading', { name: /Not received/ }) });
    await stale.getByRole('button', { name: 'Mark resolved' }).click();
    await stale.getByRole('alert').filter({ hasText: 'This problem was already closed, on another tab or device. Reload to see how it ended.' }).waitFor();
    await stale.getByRole('button', { name: 'Reload' }).click();
    await page.locator('.buyer-problem').filter({ has: page.getByRole('heading', { name: 'Not received Refunded' }) }).waitFor();

    // The store and the buyer agree: both closed, the answers in the buyer's thread.
    const stored = query(server.db, `SELECT id, state FROM problems WHERE order_id = '${tea.id}' ORDER BY id`);
    assert.deepEqual(stored, [{ id: damaged.id, state: 'resolved' }, { id: late.id, state: 'refunded' }]);
    const own = await statusRead(server.url, tea.id, tea.secret);
    const mine = own.problems.find((p) => p.id === damaged.id);
    assert.deepEqual(mine.messages.map((m) => [m.author, m.text]), [['buyer', `The tin was dented.\n${MARKUP}`], ['seller', 'Sorry! A new tin left today: SF 5678.']]);
    // No order has a problem open any more.
    await desk.openInbox('?problem=open');
    await page.getByRole('link', { name: /^Has a problem 0$/, current: 'page' }).waitFor();
    await page.getByText('No orders match.').waitFor();
    // The one error the browser logs is the refused mark's answer (422), which the page worded.
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /^console: Failed to load resource: the server responded with a status of 422/);
    await other.close();
  });

  it('reviews: newest first, text as text; a public reply by keyboard alone, a review hidden only with a reason and shown again; the public read says so', async () => {
    const { page, errors } = await signedIn();
    const { tea, needle } = orders;
    await page.getByRole('link', { name: 'Reviews' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reviews' }).waitFor();
    const reviews = page.locator('.review');
    await countIs(reviews, 2);
    // Newest first: the needle's review was written last.
    assert.match(await reviews.nth(0).innerText(), new RegExp(`Jasmine silver needle · order ${needle.reference}`));
    const teaReview = reviews.filter({ hasText: `order ${tea.reference}` });
    assert.equal(await teaReview.locator('.review__text').innerText(), MARKUP);
    await teaReview.getByRole('img', { name: '4 of 5 stars' }).waitFor();
    assert.equal(await teaReview.getByRole('link', { name: `Jasmine pearls · order ${tea.reference}` }).getAttribute('href'), `/_seller/orders/${tea.id}`);
    assert.deepEqual(await axe(page), [], 'the reviews page');

    // A public reply, by keyboard alone: Tab to "Reply publicly…", Enter, type, Enter on "Publish reply".
    const replyButton = teaReview.getByRole('button', { name: 'Reply publicly…' });
    for (let i = 0; i < 40 && !(await replyButton.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.ok(await replyButton.evaluate((el) => el === document.activeElement), '"Reply publicly…" takes the focus');
    await page.keyboard.press('Enter');
    const replyBox = teaReview.getByLabel('Public reply (buyers read it under the review)');
    await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    // Empty first: refused beside the box.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await teaReview.getByText('Write a reply first.').waitFor();
    assert.equal(await replyBox.getAttribute('aria-invalid'), 'true');
    await replyBox.focus();
    await page.keyboard.type('Thank you! <i>谢谢</i>');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Publish reply');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Reply published.' }).waitFor();
    await teaReview.locator('.review__reply').filter({ hasText: 'Thank you! <i>谢谢</i>' }).waitFor();
    await teaReview.getByRole('button', { name: 'Edit reply…' }).waitFor();

    // Hidden only with a reason; listed still, marked, with the reason the writer reads.
    const needleReview = reviews.filter({ hasText: `order ${needle.reference}` });
    await needleReview.getByRole('button', { name: 'Hide…' }).click();
    await needleReview.getByRole('button', { name: 'Hide this review' }).click();
    await needleReview.getByText('Write why it is hidden.').waitFor();
    assert.equal(query(server.db, `SELECT hidden_ms FROM reviews WHERE order_id = '${needle.id}'`)[0].hidden_ms, null, 'nothing hidden yet');
    await needleReview.getByLabel(/Why hide it\?/).fill('It shows a phone number.');
    await needleReview.getByRole('button', { name: 'Hide this review' }).click();
    await needleReview.locator('.badge--hidden').filter({ hasText: 'Hidden' }).waitFor();
    await needleReview.getByText('Hidden from buyers. Reason (the writer reads it): It shows a phone number.').waitFor();
    await countIs(reviews, 2);
    assert.deepEqual(await axe(page), [], 'the reviews page with a hidden review');

    // The public reads: the reply under the pearls' review, the needle's "1 hidden".
    const pearls = await (await fetch(`${server.url}/api/products/jasmine-pearls/reviews`)).json();
    assert.equal(pearls.count, 1);
    assert.equal(pearls.reviews[0].reply.text, 'Thank you! <i>谢谢</i>');
    const silver = await (await fetch(`${server.url}/api/products/jasmine-silver-needle/reviews`)).json();
    assert.deepEqual([silver.count, silver.hidden, silver.reviews], [0, 1, []]);
    const own = await statusRead(server.url, needle.id, needle.secret);
    assert.equal(own.reviews[0].hidden_reason, 'It shows a phone number.');

    // Shown again: counted again, and a reload keeps every change.
    await needleReview.getByRole('button', { name: 'Show again' }).click();
    await page.getByRole('status').filter({ hasText: 'Review shown again.' }).waitFor();
    await until(async () => (await (await fetch(`${server.url}/api/products/jasmine-silver-needle/reviews`)).json()).count === 1, { what: 'the review counted again' });
    await page.reload();
    await teaReview.locator('.review__reply').filter({ hasText: 'Thank you! <i>谢谢</i>' }).waitFor();
    assert.equal(await needleReview.locator('.badge--hidden').count(), 0);
    assert.deepEqual(errors, []);
  });

  for (const [tag, dir, heading, problemHeading] of [
    ['en', 'ltr', 'Reviews', 'Problems the buyer raised'],
    ['zh-CN', 'ltr', '评价', '买家提出的问题'],
    ['ja', 'ltr', 'レビュー', '購入者が報告した問題'],
    ['ar', 'rtl', 'التقييمات', 'المشكلات التي أبلغ عنها المشتري'],
  ]) {
    it(`${tag}: the reviews page and an order with an open problem speak it, say their direction, and axe finds nothing`, async () => {
      const { open } = orders;
      const { page, errors } = await signedIn({ locale: tag });
      if (!query(server.db, `SELECT id FROM problems WHERE order_id = '${open.id}'`).length) {
        // Paid first: serve takes problems' photos only on orders the seller confirmed.
        const paid = await deskCall(page, `/orders/${open.id}/status`, { to: 'paid', version: 1 });
        assert.equal(paid.status, 200, JSON.stringify(paid.json));
        await buyerWrite(server.url, open.id, open.secret, 'problems', { kind: 'other', text: '包装上的地址写错了。', photo: PNG });
      }
      await page.goto(`${server.url}/_seller/reviews`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      assert.equal(await page.getAttribute('html', 'lang'), tag);
      assert.equal(await page.getAttribute('html', 'dir'), dir);
      await page.locator('.review').first().waitFor();
      assert.deepEqual(await axe(page), [], `${tag} reviews page`);
      await page.goto(`${server.url}/_seller/orders/${open.id}`);
      await page.getByRole('heading', { level: 2, name: problemHeading }).waitFor();
      await imageDecoded(page.locator('.thread__photo img'));
      // With the empty answer's refusal on screen.
      await page.locator('.buyer-problem form [type=submit]').click();
      await page.locator('.buyer-problem .field__problem').waitFor();
      assert.deepEqual(await axe(page), [], `${tag} order page with an open problem`);
      assert.deepEqual(errors, []);
    });
  }
});
