// The buyer follows their order (issue 15 item 7): the order page reads the status of
// a `microshop serve` order with its secret while the page is visible, shows it as the
// seller changes it in the desk (paid, shipped with tracking), and stops reading at a
// final status. A shop whose endpoint is not serve shows no status at all.
//
// The page's timers run on Playwright's clock (`page.clock`): the test moves time on
// instead of waiting out the page's 20 s-10 min backoff, and counts the page's reads
// with page.on('request').
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { launchBrowser, phoneContext, startServer, watchErrors } from './harness.mjs';
import { startDesk, signIn } from './desk.mjs';
import { startReceiver } from './receiver.mjs';
import { Shop } from './shop.mjs';
import { until } from './wait.mjs';

/** Longer than the page's longest wait after a change (20 s + 50% jitter). */
const NEXT_READ_MS = 31_000;

/** A buyer's phone page with its clock under the test's control, counting status reads. */
async function buyerPage(browser, url) {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  await page.clock.install();
  const errors = watchErrors(page);
  const reads = [];
  page.on('request', (r) => {
    if (r.method() === 'GET' && /\/api\/orders\/ord_|\/status\//.test(new URL(r.url()).pathname)) reads.push(r);
  });
  // A request the test makes itself: once its event is here, every request the page
  // made before it has been seen too (the protocol's events arrive in order).
  const settled = async () => {
    const mark = `/shop.json?mark=${Math.random().toString(36).slice(2)}`;
    const seen = page.waitForRequest((r) => r.url().endsWith(mark));
    await page.evaluate((m) => fetch(m).then(() => true), mark);
    await seen;
  };
  return { context, page, errors, reads, settled, shop: new Shop(page, url) };
}

/** The seller's signed-in page; `mark(id, change)` changes a status through the desk API. */
async function sellerDesk(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, url);
  const mark = async (id, change) => {
    const answer = await page.evaluate(async ([orderId, body]) => {
      const got = await fetch(`/_seller/api/orders/${orderId}`).then((r) => r.json());
      const res = await fetch(`/_seller/api/orders/${orderId}/status`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...body, version: got.order.version }),
      });
      return { status: res.status, body: await res.text() };
    }, [id, change]);
    assert.equal(answer.status, 200, answer.body);
  };
  return { context, mark };
}

describe('the buyer follows the order', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  it('shows the status as the seller marks it paid, then shipped with tracking; stops reading at completed', async () => {
    const server = await startDesk();
    try {
      const buyer = await buyerPage(browser, server.url);
      const { page } = buyer;
      await buyer.shop.checkoutWith('jasmine-pearls');
      await buyer.shop.placeOrder();
      const id = await buyer.shop.expectConfirmation();
      const stored = await page.evaluate(() => localStorage.getItem('microshop:v1:lantern-tea:orders'));
      assert.match(stored, /"order_secret":"[0-9a-f]{32}"/, 'the receipt keeps the order secret');
      const progress = page.getByTestId('order-progress');
      await progress.filter({ hasText: /^Received by the seller$/ }).waitFor();
      assert.ok(buyer.reads.every((r) => r.headers()['order-secret']), 'each read sends the secret');
      assert.ok(!buyer.reads.some((r) => r.url().includes('secret') || r.url().includes('?')), 'the secret travels in the header only');

      const seller = await sellerDesk(browser, server.url);
      await seller.mark(id, { to: 'paid' });
      await page.clock.fastForward(NEXT_READ_MS);
      await progress.filter({ hasText: /^Paid$/ }).waitFor();

      await seller.mark(id, { to: 'shipped', tracking_note: 'SF Express SF1234567890', tracking_url: 'https://tracking.example/SF1234567890' });
      await page.clock.fastForward(NEXT_READ_MS);
      await progress.filter({ hasText: /^Shipped$/ }).waitFor();
      assert.equal(await page.getByTestId('tracking-note').innerText(), 'SF Express SF1234567890');
      const link = page.getByRole('link', { name: 'SF Express SF1234567890' });
      assert.equal(await link.getAttribute('href'), 'https://tracking.example/SF1234567890');
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');

      await seller.mark(id, { to: 'completed' });
      await page.clock.fastForward(NEXT_READ_MS);
      await progress.filter({ hasText: /^Completed$/ }).waitFor();
      await buyer.settled();
      const readsAtCompleted = buyer.reads.length;
      assert.ok(readsAtCompleted >= 4, `a read for each change: ${readsAtCompleted}`);
      // Two hours on: a page still reading would have read at least twelve times more.
      await page.clock.fastForward('02:00:00');
      await buyer.settled();
      assert.equal(buyer.reads.length, readsAtCompleted, 'no read after a final status');
      assert.deepEqual(buyer.errors, []);
      await seller.context.close();
      await buyer.context.close();
    } finally {
      await server.stop();
    }
  });

  it('a cancelled order shows the seller\'s reason; a hidden page reads nothing until shown again', async () => {
    const server = await startDesk();
    try {
      const buyer = await buyerPage(browser, server.url);
      const { page } = buyer;
      // The page's visibility, under the test's control (headless Chromium's tabs are
      // always visible); the app reads document.visibilityState and its event.
      await page.addInitScript(() => {
        window.__hidden = false;
        Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (window.__hidden ? 'hidden' : 'visible') });
        Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => window.__hidden });
      });
      await buyer.shop.checkoutWith('jasmine-pearls');
      await buyer.shop.placeOrder();
      const id = await buyer.shop.expectConfirmation();
      const progress = page.getByTestId('order-progress');
      await progress.filter({ hasText: /^Received by the seller$/ }).waitFor();

      await page.evaluate(() => { window.__hidden = true; document.dispatchEvent(new Event('visibilitychange', { bubbles: true })); });
      const seller = await sellerDesk(browser, server.url);
      await seller.mark(id, { to: 'cancelled', reason: 'Out of stock <b>sorry</b>' });
      await buyer.settled();
      const before = buyer.reads.length;
      await page.clock.fastForward('01:00:00');
      await buyer.settled();
      assert.equal(buyer.reads.length, before, 'a hidden page does not read');
      assert.equal(await progress.innerText(), 'Received by the seller');

      await page.evaluate(() => { window.__hidden = false; document.dispatchEvent(new Event('visibilitychange', { bubbles: true })); });
      await progress.filter({ hasText: /^Cancelled$/ }).waitFor();
      // The reason is text, never markup.
      assert.equal(await page.getByTestId('cancel-reason').innerText(), 'Out of stock <b>sorry</b>');
      assert.equal(await page.locator('[data-testid=cancel-reason] b').count(), 0);
      assert.equal(buyer.reads.length, before + 1, 'one read when shown');
      assert.deepEqual(buyer.errors, []);
      await seller.context.close();
      await buyer.context.close();
    } finally {
      await server.stop();
    }
  });

  for (const [name, answer] of [
    ['an endpoint that gives no secret', null],
    ['an endpoint whose status read answers 404', { status_url: '/status/R-1', order_secret: '0123456789abcdef0123456789abcdef' }],
  ]) {
    it(`a shop with another endpoint shows no status: ${name}`, async () => {
      const receiver = await startReceiver();
      const server = await startServer({ editable: true });
      try {
        const endpoint = receiver.behave('other', (rec, res, { store, json }) => {
          store();
          json(res, 201, { order_id: rec.json.order_id, status: 'received', ...(answer ?? {}) });
        });
        const doc = JSON.parse(readFileSync(server.manifest, 'utf8'));
        doc.order = { endpoint, timeout_secs: 5 };
        writeFileSync(server.manifest, JSON.stringify(doc));
        const buyer = await buyerPage(browser, server.url);
        const { page } = buyer;
        await buyer.shop.checkoutWith('jasmine-pearls');
        await buyer.shop.placeOrder();
        await buyer.shop.expectConfirmation();
        if (answer) {
          // It asked once, got 404, and shows nothing.
          await until(() => receiver.requests.some((r) => r.method === 'GET' && r.status === 404), { what: 'the status read' });
        }
        await page.clock.fastForward('01:00:00');
        await buyer.settled();
        assert.equal(buyer.reads.length, answer ? 1 : 0, buyer.reads.map((r) => r.url()).join(' '));
        assert.equal(await page.getByTestId('order-follow').count(), 0, 'no status');
        assert.equal(await page.getByTestId('order-progress').count(), 0);
        await page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor();
        await buyer.context.close();
      } finally {
        await server.stop();
        await receiver.close();
      }
    });
  }
});
