// Orders are never lost or duplicated: fault injection against a real receiving
// server (tests/e2e/receiver.mjs), asserting from its own records that exactly one
// order arrived, with the right content.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { perTestShops, phoneContext, startServer } from './harness.mjs';
import { startReceiver } from './receiver.mjs';
import { Shop } from './shop.mjs';
import { violations } from './axe.mjs';

const CART_KEY = 'microshop:v1:lantern-tea:cart';

describe('orders under faults', () => {
  const suite = perTestShops();

  /** A shop whose orders go to the receiver's `behaviour`, with an optional order block override. */
  async function shopSendingTo(behaviour, order = {}) {
    suite.receiver = await startReceiver();
    suite.server = await startServer({ editable: true });
    const doc = JSON.parse(readFileSync(suite.server.manifest, 'utf8'));
    doc.order = { endpoint: suite.receiver.endpoint(behaviour), timeout_secs: 3, ...order };
    writeFileSync(suite.server.manifest, JSON.stringify(doc));
  }

  /** A phone page with one cup in the cart, on the filled checkout form. */
  async function buyer(contextOptions = {}, init) {
    const context = await phoneContext(suite.browser, contextOptions);
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    const shop = new Shop(page, suite.server.url);
    await shop.checkoutWith('glass-fair-cup');
    return { context, page, shop };
  }

  function theOnlyOrder() {
    assert.equal(suite.receiver.orders.size, 1, `exactly one order: ${[...suite.receiver.orders.keys()]}`);
    assert.equal(suite.receiver.stored, 1);
    const [order] = suite.receiver.orders.values();
    assert.equal(order.lines[0].sku, 'GL-FC-250');
    assert.equal(order.lines[0].unit_price, '39.90');
    assert.equal(order.customer.name, 'Li Wei');
    return order;
  }

  it('an endpoint that fails 3 times then succeeds gets the order once, with the same id each time', async () => {
    await shopSendingTo('fail-3');
    const { page, shop } = await buyer();
    await shop.placeOrder();
    await page.waitForURL(/\/order\/\?id=ord_/);
    await page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor({ timeout: 30_000 });
    const order = theOnlyOrder();
    assert.equal(suite.receiver.attempts(order.order_id), 4);
    const keys = new Set(suite.receiver.requests.map((r) => r.key));
    assert.deepEqual([...keys], [order.order_id], 'every attempt carried the same Idempotency-Key');
    // The cart is emptied only now that the endpoint accepted the order.
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), CART_KEY), null);
  });

  it('an endpoint that hangs past the timeout is retried, and the order arrives once', async () => {
    await shopSendingTo('hang-20000', { timeout_secs: 2 });
    const { page, shop } = await buyer();
    await shop.placeOrder();
    await page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor({ timeout: 30_000 });
    const order = theOnlyOrder();
    assert.equal(suite.receiver.attempts(order.order_id), 2);
  });

  it('a 500 for an order the endpoint did store, then a 200 for the same key, is one order', async () => {
    await shopSendingTo('flaky');
    const { page, shop } = await buyer();
    await shop.placeOrder();
    await page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor({ timeout: 30_000 });
    const order = theOnlyOrder();
    assert.equal(suite.receiver.attempts(order.order_id), 2);
  });

  it('429 with Retry-After waits as long as asked', async () => {
    await shopSendingTo('rate-2');
    const { page, shop } = await buyer();
    await shop.placeOrder();
    await page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor({ timeout: 30_000 });
    const order = theOnlyOrder();
    const [first, second] = suite.receiver.requests.filter((r) => r.key === order.order_id);
    assert.ok(second.at - first.at >= 2000, `waited ${second.at - first.at} ms`);
  });

  it('a 2xx page that is not a confirmation (a captive portal) is not taken as accepted, nor retried forever', async () => {
    await shopSendingTo('garbage');
    const { page, shop } = await buyer();
    await shop.placeOrder();
    await page.waitForURL(/\/order\/\?id=ord_/);
    await page.getByTestId('order-detail').filter({ hasText: /not an order confirmation/ }).waitFor();
    // allow-sleep: proves no retry follows (an automatic one would come within 2 s)
    await page.waitForTimeout(2500);
    assert.equal(suite.receiver.requests.length, 1, 'no automatic retry loop');
    assert.equal(suite.receiver.orders.size, 0);
    assert.notEqual(await page.evaluate((k) => localStorage.getItem(k), CART_KEY), null, 'the cart is kept');
    // The buyer can copy the order as text for the seller, and try again.
    await page.getByText('The order as text, to send to the seller by chat').click();
    const text = await page.getByRole('textbox', { name: /order as text/i }).inputValue();
    assert.match(text, /1 × Heat-proof glass pitcher \[GL-FC-250\] 39\.90 CNY/);
    await page.getByRole('button', { name: 'Try again' }).click();
    await suite.receiver.waitForRequests(2);
  });

  it('a 4xx without a JSON body gives a clear message and keeps the order; a redirect too', async () => {
    await shopSendingTo('nobody-422');
    let { page, shop } = await buyer();
    await shop.placeOrder();
    await page.getByTestId('order-detail').filter({ hasText: /refused the order \(422\)/ }).waitFor();
    assert.equal(suite.receiver.orders.size, 0);
    await suite.server.stop();
    await suite.receiver.close();

    await shopSendingTo('redirect');
    ({ page, shop } = await buyer());
    await shop.placeOrder();
    await page.getByTestId('order-detail').filter({ hasText: /redirect/ }).waitFor();
    await page.getByRole('button', { name: 'Try again' }).waitFor({ state: 'visible' });
  });

  it('a 422 with field problems returns the buyer to the form with the problem shown', async () => {
    await shopSendingTo('json-422');
    const { page, shop } = await buyer();
    await shop.placeOrder();
    await page.getByTestId('order-failure').filter({ hasText: 'Phone is not valid' }).waitFor();
    assert.equal(await page.getByLabel('Phone').getAttribute('aria-invalid'), 'true');
    // The receiver names no reason, so the field says the shop refused it.
    await page.getByText('The shop did not accept this; please check it.').waitFor();
    assert.match(page.url(), /\/checkout\/?$/);
  });

  it('offline: the order waits for the network, then goes once', async () => {
    await shopSendingTo('ok');
    const { context, page, shop } = await buyer();
    await context.setOffline(true);
    await shop.placeOrder();
    await page.waitForURL(/\/order\/\?id=ord_/);
    await page.getByTestId('order-detail').filter({ hasText: /Waiting for the network/ }).waitFor();
    assert.equal(suite.receiver.requests.length, 0);
    await context.setOffline(false);
    await page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor({ timeout: 15_000 });
    theOnlyOrder();
  });

  it('storage that throws: the shop works in memory, says so, and the order goes once', async () => {
    await shopSendingTo('ok');
    const { page, shop } = await buyer({}, () => {
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    // The buyer is told the cart lives only in this page (a reload would lose it).
    await page.getByText(/does not let the shop save your cart/).waitFor();
    await shop.placeOrder();
    await page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor();
    theOnlyOrder();
  });

  it('the order page: storage failing while the buyer reads it is said without moving the heading', async () => {
    await shopSendingTo('ok');
    const { context, page, shop } = await buyer();
    await context.setOffline(true);
    await shop.placeOrder();
    await page.waitForURL(/\/order\/\?id=ord_/);
    await page.getByTestId('order-detail').filter({ hasText: /Waiting for the network/ }).waitFor();
    const heading = page.getByTestId('order-status');
    const before = await heading.boundingBox();
    // From now on storage refuses every write (full): the order's next save fails,
    // which the page says ("keep this page open").
    await page.evaluate(() => {
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await context.setOffline(false);
    await page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor({ timeout: 15_000 });
    const notice = page.getByText(/does not let the shop save your order/);
    await notice.waitFor();
    const after = await heading.boundingBox();
    const place = (box) => [box.x, box.y, box.width].map(Math.round);
    assert.deepEqual(place(after), place(before), 'the heading stays where it was');
    // Shown in the viewport, over none of the heading.
    const box = await notice.boundingBox();
    const viewport = page.viewportSize();
    assert.ok(box.y >= after.y + after.height && box.y + box.height <= viewport.height,
      `the notice in view, below the heading: ${JSON.stringify({ box, heading: after, viewport })}`);
    theOnlyOrder();
  });

  /** Scrolled to the page's end, every link and button of `main` in the viewport takes
   * a tap at its centre itself (none is under the pinned storage notice), `last` among them. */
  async function nothingCovered(page, last) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const seen = await page.evaluate(() => [...document.querySelectorAll('main a, main button')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width && r.height && r.top >= 0 && r.bottom <= window.innerHeight;
      })
      .map((el) => {
        const r = el.getBoundingClientRect();
        const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return { name: el.textContent.trim(), covered: !el.contains(top) };
      }));
    assert.ok(seen.some((s) => s.name === last), `${last} in view: ${JSON.stringify(seen)}`);
    assert.deepEqual(seen.filter((s) => s.covered), [], 'links and buttons under the storage notice');
  }

  const place = (box) => [box.x, box.y, box.width].map(Math.round);
  const throwingStorage = () => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  };

  it('the cart page: storage failing when the buyer changes a quantity is said without moving the lines', async () => {
    await shopSendingTo('ok');
    const context = await phoneContext(suite.browser);
    const page = await context.newPage();
    const shop = new Shop(page, suite.server.url);
    await shop.openProduct('glass-fair-cup');
    await shop.addToCart();
    await page.getByRole('link', { name: /View cart/ }).click();
    const line = page.locator('.line').first();
    await line.waitFor();
    const before = await line.boundingBox();
    // From now on storage refuses every write (full): the cart's next save fails.
    await page.evaluate(throwingStorage);
    await page.getByRole('button', { name: 'Increase quantity' }).click();
    const notice = page.getByRole('status').filter({ hasText: /does not let the shop save your cart/ });
    await notice.waitFor();
    assert.deepEqual(place(await line.boundingBox()), place(before), 'the line stays where it was');
    const box = await notice.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= page.viewportSize().height, `the notice in view: ${JSON.stringify(box)}`);
    await nothingCovered(page, 'Checkout');
    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
  });

  it('the checkout: its storage notice takes no room above the form and covers no button', async () => {
    await shopSendingTo('ok');
    // Where the form is with storage working...
    const { page: working } = await buyer();
    const where = await working.locator('form.checkout').boundingBox();
    // ...is where it is with the notice shown (whenever it comes, it moves nothing).
    const { page, shop } = await buyer({}, throwingStorage);
    await page.getByRole('status').filter({ hasText: /does not let the shop save your cart/ }).waitFor();
    assert.deepEqual(place(await page.locator('form.checkout').boundingBox()), place(where), 'the form where it is without the notice');
    await nothingCovered(page, 'Place order');
    await shop.placeOrder();
    await page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor();
    theOnlyOrder();
  });

  /** Tabs from the checkout's first field to its button; each control the focus lands
   * on is clear of the pinned notices' bar (WCAG 2.4.11): its box ends above the bar's. */
  async function tabbedClearOfTheBar(page) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByLabel('Full name').focus();
    const seen = [];
    for (;;) {
      const at = await page.evaluate(() => {
        const el = document.activeElement;
        const r = el.getBoundingClientRect();
        const bar = [...document.querySelectorAll('.cart-bar')].find((b) => b.childElementCount);
        return {
          name: el.labels?.[0]?.textContent.trim() || el.textContent.trim(),
          bottom: Math.round(r.bottom),
          bar: bar ? Math.round(bar.getBoundingClientRect().top) : null,
          last: el.type === 'submit',
        };
      });
      seen.push(at);
      if (at.last || seen.length > 20) break;
      await page.keyboard.press('Tab');
    }
    assert.ok(seen.at(-1).last, `tabbed to the button: ${JSON.stringify(seen)}`);
    assert.ok(seen.every((s) => s.bar !== null), 'the notices\' bar is drawn');
    assert.deepEqual(seen.filter((s) => s.bottom > s.bar), [], 'focused controls under the notices\' bar');
  }

  /** Storage that throws on every write, after damaging the saved orders once: the
   * checkout's bar holds both storage notices. */
  const twoNotices = () => {
    if (!sessionStorage.getItem('damaged')) {
      sessionStorage.setItem('damaged', '1');
      localStorage.setItem('microshop:v1:lantern-tea:orders', '{"version":1,"records":[{"order":');
    }
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  };

  it('the checkout: a field focused near the bottom is not under two storage notices, nor under one at 200 % text', async () => {
    await shopSendingTo('ok');
    const { page } = await buyer({}, twoNotices);
    await page.getByText('Saved orders on this device could not be read and were cleared.').waitFor();
    await page.getByRole('status').filter({ hasText: /does not let the shop save your cart/ }).waitFor();
    await tabbedClearOfTheBar(page);

    // The buyer's text at 200 % (the browser's font size: rem grows, the line's room
    // in characters halves), one notice.
    const { page: large } = await buyer({}, throwingStorage);
    await large.addStyleTag({ content: 'html { font-size: 200% }' });
    await large.getByRole('status').filter({ hasText: /does not let the shop save your cart/ }).waitFor();
    await tabbedClearOfTheBar(large);
  });

  it('the checkout on a narrow phone at 200 % text: the notices\' bar is capped and scrolls, and no focused field is under it', async () => {
    await shopSendingTo('ok');
    // The smallest phone in use (320 x 568 CSS pixels), the buyer's text at 200 %, both
    // storage notices: uncapped, the bar took most of the screen and a field tabbed to
    // could not be brought clear of it.
    const { page } = await buyer({ viewport: { width: 320, height: 568 } }, twoNotices);
    await page.addStyleTag({ content: 'html { font-size: 200% }' });
    await page.getByText('Saved orders on this device could not be read and were cleared.').waitFor();
    await page.getByRole('status').filter({ hasText: /does not let the shop save your cart/ }).waitFor();
    const bar = await page.evaluate(() => {
      const b = document.getElementById('notices');
      return { height: b.getBoundingClientRect().height, scroll: b.scrollHeight, client: b.clientHeight, viewport: innerHeight };
    });
    assert.ok(bar.height <= Math.ceil(bar.viewport * 0.4), `the bar at most 40 % of the viewport: ${JSON.stringify(bar)}`);
    // Nothing in it is cut off: what does not fit scrolls, and its last button is reached.
    const last = page.locator('#notices button').last();
    await last.scrollIntoViewIfNeeded();
    const box = await last.boundingBox();
    assert.ok(box.y + box.height <= bar.viewport, `the bar's last button reachable: ${JSON.stringify(box)}`);
    await tabbedClearOfTheBar(page);
    assert.deepEqual(await violations(page), [], 'axe on the checkout with the capped bar');
  });

  it('the order page on a narrow phone at 200 % text: its notices (nothing to dismiss, what keeps the order) are all shown, none cut off', async () => {
    await shopSendingTo('ok');
    const { page, shop } = await buyer({ viewport: { width: 320, height: 568 } }, twoNotices);
    await shop.placeOrder();
    await page.waitForURL(/\/order\/\?id=ord_/);
    await page.addStyleTag({ content: 'html { font-size: 200% }' });
    await page.getByText(/does not let the shop save your order/).waitFor();
    await page.getByText(/Saved orders on this device could not be read and were cleared/).waitFor();
    // Capped (40 % of the screen), the bar scrolls; with nothing in it to focus, a
    // keyboard could not scroll it and its end (the order's own warning) was out of
    // reach: the bar itself takes the focus, and End brings its last notice into view.
    const bar = page.locator('#notices');
    const sizes = await bar.evaluate((b) => ({ scroll: b.scrollHeight, client: b.clientHeight, viewport: innerHeight }));
    assert.ok(sizes.client <= Math.ceil(sizes.viewport * 0.4), `capped: ${JSON.stringify(sizes)}`);
    // At this size the two notices are taller than the cap (724 px in 227 on integ's build).
    assert.ok(sizes.scroll > sizes.client + 1, `the bar scrolls: ${JSON.stringify(sizes)}`);
    assert.equal(await bar.getAttribute('tabindex'), '0', 'the bar is in the keyboard\'s tab order (any browser)');
    // What a screen reader says on reaching it: a region named for what it holds
    // (a focusable box with no role nor name was announced as nothing but its text).
    const region = page.getByRole('region', { name: 'Notices' });
    assert.equal(await region.count(), 1, 'one region named "Notices"');
    assert.equal(await region.getAttribute('id'), 'notices', 'the region is the notices\' bar');
    await bar.focus();
    assert.ok(await bar.evaluate((b) => document.activeElement === b), 'the scrolling bar takes the keyboard\'s focus');
    await page.keyboard.press('End');
    await page.waitForFunction(() => {
      const b = document.getElementById('notices');
      const last = b.lastElementChild.getBoundingClientRect();
      return last.bottom <= b.getBoundingClientRect().bottom + 1;
    });
    assert.deepEqual(await violations(page), [], 'axe on the order page with both notices');
  });

  it('the storage notice has a Dismiss: the bar empties for this page, and the next page says it again', async () => {
    await shopSendingTo('ok');
    const { page } = await buyer({}, throwingStorage);
    const notice = page.getByRole('status').filter({ hasText: /does not let the shop save your cart/ });
    await notice.waitFor();
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
    // The focused button went with it: the page's heading has the focus, not <body>.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    // The page keeps no room for a bar that is not drawn.
    await page.waitForFunction(() => document.documentElement.style.getPropertyValue('--bar-h') === '');
    // Still true, so the cart page (where a reload would lose the cart) says it again.
    await page.getByRole('link', { name: /Cart/ }).first().click();
    await page.getByRole('heading', { name: /Cart/ }).waitFor();
    await page.getByRole('status').filter({ hasText: /does not let the shop save your cart/ }).waitFor();
  });

  it('damaged saved orders are reset with a notice, and a browser without localStorage still sells', async () => {
    await shopSendingTo('ok');
    const context = await phoneContext(suite.browser);
    await context.addInitScript(() => {
      if (!sessionStorage.getItem('damaged')) {
        sessionStorage.setItem('damaged', '1');
        localStorage.setItem('microshop:v1:lantern-tea:orders', '{"version":1,"records":[{"order":');
      }
    });
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/cart`);
    await page.getByText('Saved orders on this device could not be read and were cleared.').waitFor();

    const { page: noStorage, shop } = await buyer({}, () => {
      Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
      });
    });
    await noStorage.getByText(/does not let the shop save your cart/).waitFor();
    await shop.placeOrder();
    await noStorage.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor();
    theOnlyOrder();
  });

  /** Places an order whose first answer hangs, reloads the checkout mid-send, and
   * waits until the reloaded page has sent it again (same id) and it arrived. */
  async function reloadMidSend() {
    await shopSendingTo('hang-2000', { timeout_secs: 10 });
    const { page, shop } = await buyer();
    await shop.placeOrder();
    await suite.receiver.waitForRequests(1);
    await page.reload();
    await suite.receiver.waitForOrders(1, 30_000);
    return { page, order: theOnlyOrder() };
  }

  it('a reload while the order is being sent sends it once', async () => {
    // The reloaded page finds the order still pending and sends it again, same id.
    const { page, order } = await reloadMidSend();
    assert.equal(suite.receiver.attempts(order.order_id), 2);
    await page.goto(`${suite.server.url}/order/${order.order_id}`);
    await page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor();
  });

  it('a checkout reloaded while its order was sent shows that order with a link, not only an empty cart', async () => {
    const { page, order } = await reloadMidSend();
    const notice = page.getByTestId('order-recent');
    await notice.filter({ hasText: 'Thank you! Your order is placed.' }).waitFor();
    assert.equal(await notice.getByRole('link').getAttribute('href'), `/order/?id=${order.order_id}`);
    assert.match(page.url(), /\/checkout\/?$/);
  });

  it('two tabs with the same pending order make one order', async () => {
    await shopSendingTo('fail-2');
    const { context, page, shop } = await buyer();
    await shop.placeOrder();
    await page.waitForURL(/\/order\/\?id=ord_/);
    const second = await context.newPage();
    await second.goto(page.url());
    await Promise.all([
      page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor({ timeout: 30_000 }),
      second.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor({ timeout: 30_000 }),
    ]);
    const order = theOnlyOrder();
    assert.equal(suite.receiver.attempts(order.order_id), 3);
  });

  it('focus, visibility and online events firing together send an order once, and not before its backoff', async () => {
    await shopSendingTo('fail-1');
    const { page, shop } = await buyer();
    await shop.placeOrder();
    await page.waitForURL(/\/order\/\?id=ord_/);
    // A phone coming back to the shop fires all of these at once, several times.
    await page.evaluate(() => {
      for (let i = 0; i < 3; i++) {
        window.dispatchEvent(new Event('focus'));
        window.dispatchEvent(new Event('online'));
        document.dispatchEvent(new Event('visibilitychange'));
      }
    });
    await page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor({ timeout: 15_000 });
    // allow-sleep: proves no further attempt follows the accepted one
    await page.waitForTimeout(1000);
    const order = theOnlyOrder();
    assert.equal(suite.receiver.attempts(order.order_id), 2, 'one failed attempt, then exactly one more');
    const [first, second] = suite.receiver.requests.filter((r) => r.key === order.order_id);
    assert.ok(second.at - first.at >= 450, `the backoff was kept (${second.at - first.at} ms)`);
  });

  it('an endpoint that answers without CORS stops the JSON order at the preflight; it is then sent once without CORS, as confirm: none would', async () => {
    await shopSendingTo('nocors');
    const { page, shop } = await buyer();
    await shop.placeOrder();
    await page.getByRole('heading', { name: 'Sent to the seller' }).waitFor();
    assert.match(await page.getByTestId('order-detail').innerText(), /cannot confirm orders/);
    const by = (method) => suite.receiver.requests.filter((r) => r.method === method);
    assert.equal(suite.receiver.preflights.length, 1, 'the contract\'s POST asked first and went no further');
    const posts = by('POST');
    assert.equal(posts.length, 1, 'then one POST, never repeated');
    assert.match(posts[0].headers['content-type'], /^text\/plain/, 'as a request that needs no preflight');
    assert.equal(posts[0].json.order_id, new URL(page.url()).searchParams.get('id'));
  });
});
