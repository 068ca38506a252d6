// Seller-proof: a seller's mistake never reaches a buyer, endpoints that cannot answer
// a browser get each order once, and the shop's rules are shown before a buyer hits them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, perTestShops, phoneContext, startServer, watchErrors } from './harness.mjs';
import { orders } from './db.mjs';
import { signIn, startDesk } from './desk.mjs';
import { startReceiver } from './receiver.mjs';
import { Shop } from './shop.mjs';
import { countIs, imageDecoded, textIs } from './wait.mjs';

const ORDERS_KEY = 'microshop:v1:lantern-tea:orders';

describe('seller-proof shop', () => {
  // shop.test reaches this machine: a buyer's address, not the seller's localhost.
  const suite = perTestShops(['--host-resolver-rules=MAP shop.test 127.0.0.1']);

  /** A private copy of the demo shop, changed by `change(doc)`. */
  async function shopWith(change) {
    suite.server = await startServer({ editable: true });
    const doc = JSON.parse(readFileSync(suite.server.manifest, 'utf8'));
    change(doc);
    writeFileSync(suite.server.manifest, JSON.stringify(doc));
    return suite.server;
  }

  it('a broken manifest shows buyers a closed shop in their language, and the seller what to fix', async () => {
    // A shop that has never had a valid manifest (after an edit that breaks a valid one,
    // serve keeps the last valid shop for buyers: tested natively in crates/cli).
    const dir = mkdtempSync(join(tmpdir(), 'microshop-closed-'));
    const manifest = join(dir, 'shop.json');
    writeFileSync(manifest, readFileSync(join(ROOT, 'public', 'shop.json'), 'utf8').replace('"price": "39.90"', '"price": "39.90元"'));
    suite.server = await startServer({ manifest });
    const port = new URL(suite.server.url).port;
    for (const [locale, heading] of [['en-US', 'This shop is closed for a moment'], ['zh-CN', '店铺暂时休息中']]) {
      const page = await (await phoneContext(suite.browser, { locale })).newPage();
      const errors = watchErrors(page);
      await page.goto(`http://shop.test:${port}/`);
      await page.getByRole('heading', { name: heading }).waitFor();
      assert.equal(await page.locator('.problems').count(), 0, 'no problem list for buyers');
      assert.doesNotMatch(await page.locator('main').innerText(), /price|microshop check|39\.90/);
      assert.deepEqual(errors, []);
    }
    // The seller, on the same address with ?seller, or on this machine, sees the details.
    const seller = await (await phoneContext(suite.browser)).newPage();
    await seller.goto(`http://shop.test:${port}/?seller`);
    await seller.getByRole('heading', { name: "This shop's file has problems" }).waitFor();
    assert.match(await seller.locator('.problems').innerText(), /39\.90元/);
    await seller.goto(suite.server.url);
    await seller.getByRole('heading', { name: "This shop's file has problems" }).waitFor();
  });

  it('an edit that breaks a valid manifest never reaches buyers: the last valid shop stays open and takes orders', async () => {
    suite.server = await startDesk({ editable: true });
    const page = await (await phoneContext(suite.browser)).newPage();
    const shop = new Shop(page, suite.server.url);
    await shop.openProduct('glass-fair-cup');
    // The seller's typo: a price with a currency sign.
    writeFileSync(suite.server.manifest, readFileSync(suite.server.manifest, 'utf8').replace('"price": "39.90"', '"price": "39.90元"'));
    await page.reload();
    await page.locator('.product__title').waitFor();
    assert.match(await page.locator('.product__price').innerText(), /39\.90/);
    await shop.addToCart();
    await page.goto(`${suite.server.url}/checkout/`);
    await shop.fillCheckout();
    await shop.placeOrder();
    await shop.expectConfirmation();
    assert.equal(orders(suite.server.db).length, 1, 'the order was verified against the last valid shop');
    // The seller is told, signed in to the desk; nobody else is.
    assert.equal((await fetch(`${suite.server.url}/_seller/status`)).status, 401, 'the status is the seller\'s');
    const desk = await (await phoneContext(suite.browser)).newPage();
    await signIn(desk, suite.server.url);
    const status = await (await desk.request.get(`${suite.server.url}/_seller/status`)).json();
    assert.equal(status.ok, false);
    assert.match(JSON.stringify(status.problems), /39\.90元/);
  });

  it('a chat webhook without CORS gets the order exactly once, and the buyer is told it was sent, not confirmed', async () => {
    suite.receiver = await startReceiver();
    await shopWith((doc) => {
      doc.order = { endpoint: suite.receiver.endpoint('chat-nocors'), body: { text: '{{summary}}' }, confirm: 'none', timeout_secs: 3 };
    });
    const context = await phoneContext(suite.browser);
    const page = await context.newPage();
    const shop = new Shop(page, suite.server.url);
    await shop.checkoutWith('glass-fair-cup');
    await shop.placeOrder();
    await page.waitForURL(/\/order\/\?id=ord_/);
    await page.getByRole('heading', { name: 'Sent to the seller' }).waitFor();
    assert.match(await page.getByTestId('order-detail').innerText(), /cannot confirm orders/);
    await page.getByRole('button', { name: 'Copy the order as text' }).waitFor();
    assert.equal(await page.getByRole('button', { name: /Try/ }).count(), 0, 'nothing to resend');
    // Focus, a reload and time pass: still exactly one delivery, and no preflight.
    await page.reload();
    await page.getByRole('heading', { name: 'Sent to the seller' }).waitFor();
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    // allow-sleep: proves nothing more is sent (a retry would come within 2 s of the focus)
    await page.waitForTimeout(2500);
    const posts = suite.receiver.requests.filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1, 'exactly one delivery');
    assert.equal(suite.receiver.preflights.length, 0, 'no preflight');
    assert.match(JSON.parse(posts[0].body).text, /Heat-proof glass pitcher/);
    // The cart is emptied: the order most likely arrived, a second one would double it.
    await shop.cartCountIs(0);
  });

  it('a form mapping to a receiver without CORS is also sent once', async () => {
    suite.receiver = await startReceiver();
    await shopWith((doc) => {
      doc.order = { endpoint: suite.receiver.endpoint('chat-nocors'), format: 'form', body: { order: '{{order_id}}', text: '{{summary}}' }, confirm: 'none' };
    });
    const page = await (await phoneContext(suite.browser)).newPage();
    const shop = new Shop(page, suite.server.url);
    await shop.checkoutWith('glass-fair-cup');
    await shop.placeOrder();
    await page.getByRole('heading', { name: 'Sent to the seller' }).waitFor();
    // allow-sleep: proves no second post follows (a retry would come within 2 s)
    await page.waitForTimeout(2000);
    assert.equal(suite.receiver.requests.filter((r) => r.method === 'POST').length, 1);
  });

  // Issue 15 item 8: the same receivers without `confirm: "none"`. The storefront finds
  // out itself after the failed send (the host answers, but not to a page) and treats the
  // order as `confirm: "none"` would; only a host that cannot be reached is retried.
  /** The buyer's stored record of their one order, once it is in `state`. */
  async function storedOrderIn(page, state) {
    const handle = await page.waitForFunction(([key, wanted]) => {
      const record = JSON.parse(localStorage.getItem(key) ?? '{"records":[]}').records[0];
      return record?.delivery.state === wanted ? record : null;
    }, [ORDERS_KEY, state]);
    return handle.jsonValue();
  }

  for (const [mapping, order, preflights] of [
    ['a JSON mapping', { body: { text: '{{summary}}' } }, 1],
    ['a form mapping', { format: 'form', body: { order: '{{order_id}}', text: '{{summary}}' } }, 0],
  ]) {
    it(`${mapping} to a receiver without CORS, undeclared, gets the order exactly once, and the buyer reads that it was sent, not confirmed`, async () => {
      suite.receiver = await startReceiver();
      await shopWith((doc) => {
        doc.order = { endpoint: suite.receiver.endpoint('chat-nocors'), timeout_secs: 3, ...order };
      });
      const page = await (await phoneContext(suite.browser)).newPage();
      const shop = new Shop(page, suite.server.url);
      await shop.checkoutWith('glass-fair-cup');
      await shop.placeOrder();
      await page.waitForURL(/\/order\/\?id=ord_/);
      await page.getByRole('heading', { name: 'Sent to the seller' }).waitFor();
      assert.match(await page.getByTestId('order-detail').innerText(), /sent once.*cannot confirm orders/s);
      assert.equal(await page.getByRole('button', { name: /Try/ }).count(), 0, 'nothing to resend');
      // Stored as sent: no resend is scheduled, now or on a later visit.
      const record = await storedOrderIn(page, 'sent');
      assert.equal(record.next_attempt_at ?? null, null);
      await page.reload();
      await page.getByRole('heading', { name: 'Sent to the seller' }).waitFor();
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      await storedOrderIn(page, 'sent');
      const by = (method) => suite.receiver.requests.filter((r) => r.method === method);
      assert.equal(by('POST').length, 1, 'exactly one order arrived');
      assert.equal(suite.receiver.orders.size, 1);
      assert.equal(suite.receiver.preflights.length, preflights, 'a JSON post asked first and was stopped there; a form post did not ask');
      assert.equal(by('HEAD').length, 2, 'the host was asked whether it answers at all (as a page may read it, then without CORS)');
      const [post] = by('POST');
      const text = post.form ? post.form.text : JSON.parse(post.body).text;
      assert.match(text, /Heat-proof glass pitcher/);
      if (post.form) assert.equal(post.form.order, record.order.order_id);
      // The cart is emptied: the order most likely arrived, a second one would double it.
      await shop.cartCountIs(0);
    });
  }

  it('a host that cannot be reached is retried, never taken for a receiver without CORS', async () => {
    // A port that was just free: nothing answers there (connection refused).
    const closed = createServer();
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    await shopWith((doc) => {
      doc.order = { endpoint: `http://127.0.0.1:${port}/orders`, body: { text: '{{summary}}' }, timeout_secs: 3 };
    });
    const page = await (await phoneContext(suite.browser)).newPage();
    const shop = new Shop(page, suite.server.url);
    await shop.checkoutWith('glass-fair-cup');
    await shop.placeOrder();
    await page.getByTestId('order-detail').filter({ hasText: /trying again automatically/ }).waitFor();
    // Resent by itself (1 s, then 2 s later), and still waiting to be sent.
    const handle = await page.waitForFunction((key) => {
      const record = JSON.parse(localStorage.getItem(key) ?? '{"records":[]}').records[0];
      return record && record.attempts >= 3 ? record : null;
    }, ORDERS_KEY);
    const record = await handle.jsonValue();
    assert.equal(record.delivery.state, 'pending');
    assert.equal(record.delivery.last_error, 'network');
    assert.notEqual(record.next_attempt_at ?? null, null, 'another attempt is scheduled');
  });

  it('pickup needs no address; post still does', async () => {
    suite.server = await startServer({ editable: true });
    const page = await (await phoneContext(suite.browser)).newPage();
    const shop = new Shop(page, suite.server.url);
    await shop.openProduct('glass-fair-cup');
    await shop.addToCart();
    await page.goto(`${suite.server.url}/checkout`);
    await page.getByLabel('Full name').fill('Li Wei');
    await page.getByLabel('Phone').fill('+86 138 0000 0000');
    // Express (the first option) needs the address.
    await shop.placeOrder();
    assert.equal(await page.getByLabel('Delivery address').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Pick up in Fuzhou').check();
    assert.match(await page.locator('label[for=field-address]').innerText(), /optional/);
    await shop.placeOrder();
    await shop.expectConfirmation();
    const [order] = orders(suite.server.db);
    assert.equal(order.shipping.id, 'pickup');
    assert.equal(order.customer.address, undefined);
  });

  it('the rules show before the buyer hits them: free shipping, per-order limits, a sold-out variant\'s price', async () => {
    suite.server = await startServer({ editable: true });
    const page = await (await phoneContext(suite.browser)).newPage();
    const shop = new Shop(page, suite.server.url);
    await shop.openProduct('glass-fair-cup');
    await shop.addToCart();
    await shop.openCart();
    // Express is free over ¥199; the cup is ¥39.90.
    assert.match(await page.getByTestId('free-shipping-hint').innerText(), /Add (CN)?¥159\.10 more for free shipping/);
    await page.getByLabel('Pick up in Fuzhou').check();
    // Pickup is free anyway: the hint goes.
    await countIs(page.getByTestId('free-shipping-hint'), 0);

    await shop.openProduct('jasmine-pearls');
    assert.equal(await page.getByTestId('per-order-limit').innerText(), 'At most 5 per order.');

    await shop.openProduct('festival-gift-box');
    await page.getByRole('button', { name: /Fujian classics/ }).click();
    await page.waitForURL(/v=GIFT-FUJIAN/);
    await textIs(page.locator('.product__price'), /¥258\.00/);
    await textIs(page.locator('.product__stock'), 'Sold out');
    const unavailable = page.getByRole('button', { name: 'Not available' });
    await unavailable.waitFor();
    assert.ok(await unavailable.isDisabled());
  });

  it('the receipt shows how to pay: the amount, the short reference and the seller\'s payment code', async () => {
    suite.server = await startServer({ editable: true });
    const page = await (await phoneContext(suite.browser)).newPage();
    const shop = new Shop(page, suite.server.url);
    await shop.checkoutWith('glass-fair-cup');
    await shop.placeOrder();
    const id = await shop.expectConfirmation();
    const reference = await page.getByTestId('order-ref').innerText();
    assert.match(reference, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const payment = page.getByTestId('payment');
    const text = await payment.innerText();
    assert.match(text, new RegExp(`Pay (CN)?¥51\\.90 and write ${reference} in the payment note`));
    assert.match(text, /scan the code with WeChat/);
    // The payment code loads: wait for the picture decoded (img.complete read right after
    // the element appeared was false while the file was still on its way).
    const qr = payment.getByRole('img', { name: 'Payment QR code' });
    const { width } = await imageDecoded(qr);
    assert.ok(width > 0, 'the payment code loads');
    // The same reference is in the order text the buyer can copy, beside the full id.
    const [order] = orders(suite.server.db);
    assert.equal(order.order_id, id);
  });
});
