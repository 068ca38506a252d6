// The cart survives reloads and tabs; prices are the endpoint's to judge, and the
// buyer is told about every change.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { launchBrowser, phoneContext, startServer } from './harness.mjs';
import { orders } from './db.mjs';
import { Shop } from './shop.mjs';
import { countIs, shopShown, textIs, until } from './wait.mjs';

const CART_KEY = 'microshop:v1:lantern-tea:cart';
const ORDERS_KEY = 'microshop:v1:lantern-tea:orders';

describe('cart', () => {
  let server, browser, manifest;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  // Each test gets its own server with its own copy of the manifest, which a test may edit.
  async function fresh() {
    await server?.stop();
    server = await startServer({ editable: true });
    manifest = server.manifest;
  }
  after(async () => server?.stop());

  it('survives a reload and follows changes made in a second tab', async () => {
    await fresh();
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const shop = new Shop(page, server.url);
    await shop.openProduct('glass-fair-cup');
    await shop.addToCart();
    await page.reload();
    await page.locator('.product__title').waitFor();
    await shop.cartCountIs(1);

    const second = await context.newPage();
    const shop2 = new Shop(second, server.url);
    await shop2.openCart();
    await countIs(second.locator('.line'), 1);
    await second.getByRole('button', { name: 'Increase quantity' }).click();
    // The first tab hears about it through the storage event.
    await page.getByTestId('cart-count').filter({ hasText: '2' }).waitFor();
    await second.getByRole('button', { name: /Remove/ }).click();
    await page.getByTestId('cart-count').waitFor({ state: 'detached' });
  });

  it('stays in sight on the feed and covers none of its cards', async () => {
    await fresh();
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const shop = new Shop(page, server.url);
    await shop.openFeed();
    // An empty cart shows no bar on the feed.
    assert.equal(await page.locator('.cart-bar').count(), 0);
    await shop.openProduct('glass-fair-cup');
    await shop.addToCart();
    // Back on the feed (the way a buyer goes on shopping), the cart is one tap away.
    await page.goBack();
    await shopShown(page);
    await page.locator('.card').first().waitFor();
    await shop.cartCountIs(1);
    // Scrolled to the end, the last card sits above the bar, not under it.
    const lastCard = page.locator('.card').last();
    const link = page.locator('.cart-bar__link');
    await until(async (note) => {
      // Scrolled again each time: pictures arriving may still lengthen the page.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const [card, bar] = await Promise.all([lastCard.boundingBox(), link.boundingBox()]);
      note({ card, bar });
      return card && bar && card.y + card.height <= bar.y;
    }, { what: "the feed's last card to end above the cart bar" });
    await link.click();
    await page.getByRole('heading', { name: 'Cart' }).waitFor();
    await countIs(page.locator('.line'), 1);
  });

  it('tells the buyer when a stored cart no longer matches the shop', async () => {
    await fresh();
    const context = await phoneContext(browser);
    const page = await context.newPage();
    // Once the app has started (and written what it keeps), the stored cart is replaced.
    await page.goto(server.url);
    await shopShown(page);
    await page.evaluate(([key]) => {
      localStorage.setItem(key, JSON.stringify({
        version: 1,
        lines: [
          { product_id: 'glass-fair-cup', sku: 'GL-FC-250', quantity: 1, unit_price: 1 },
          { product_id: 'gone', sku: 'NOPE', quantity: 1, unit_price: 100 },
        ],
      }));
    }, [CART_KEY]);
    await page.goto(`${server.url}/cart`);
    const notice = page.getByTestId('cart-changes');
    await notice.filter({ hasText: /no longer available/ }).waitFor();
    assert.match(await notice.innerText(), /now costs/);
    await countIs(page.locator('.line'), 1);

    // A damaged cart is reset with a notice, never a crash.
    await page.evaluate(([key]) => localStorage.setItem(key, '{"version":1,"lines":[{"sku":'), [CART_KEY]);
    await page.reload();
    await page.getByText('Your saved cart could not be read, so it was emptied.').waitFor();
  });

  it('a price that changed under the buyer is refused by the endpoint (409) and shown, then the order goes through', async () => {
    await fresh();
    const page = await (await phoneContext(browser)).newPage();
    const shop = new Shop(page, server.url);
    await shop.openProduct('glass-fair-cup');
    await shop.addToCart();
    // The seller raises the price while the buyer is checking out.
    const doc = JSON.parse(readFileSync(manifest, 'utf8'));
    const product = doc.catalog.products.find((p) => p.id === 'glass-fair-cup');
    const oldPrice = product.price;
    product.price = '999.00';
    writeFileSync(manifest, JSON.stringify(doc));

    // No reload: the open page still has the old catalog, as a buyer's phone would.
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('link', { name: 'Checkout' }).click();
    await shop.fillCheckout();
    await shop.placeOrder();
    const failure = page.getByTestId('order-failure');
    await failure.waitFor();
    assert.match(await failure.innerText(), /shop changed/i);
    await textIs(page.getByTestId('cart-changes'), /now costs .*999\.00/);
    assert.equal(orders(server.db).length, 0, `nothing stored at ${oldPrice}`);
    // The list of what changed is above the form; the buyer pressed Place order at its
    // end: the focus goes to the list, scrolled into view.
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'cart-changes');
    const list = await page.getByTestId('cart-changes').boundingBox();
    assert.ok(list.y >= 0 && list.y < page.viewportSize().height, `the list in view: ${JSON.stringify(list)}`);

    await shop.placeOrder();
    await shop.expectConfirmation();
    const stored = orders(server.db);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].lines[0].unit_price, '999.00');
  });

  it('a tampered price in a stored order is refused by the endpoint and shown to the buyer', async () => {
    await fresh();
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const shop = new Shop(page, server.url);
    await shop.checkoutWith('glass-fair-cup');
    // The network is down: the order stays in the browser, pending.
    await page.route('**/api/orders', (route) => route.abort('internetdisconnected'));
    await shop.placeOrder();
    // No answer: the order's own page says it is kept and will be sent.
    await page.waitForURL(/\/order\/\?id=ord_/);
    await page.getByTestId('order-detail').filter({ hasText: /trying again automatically/ }).waitFor();
    const outbox = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)), ORDERS_KEY);
    assert.equal(outbox.records.length, 1);
    assert.equal(outbox.records[0].delivery.state, 'pending');
    const id = outbox.records[0].order.order_id;

    // Someone edits the stored order, and the request it will send, to pay less, consistently.
    const record = outbox.records[0];
    const sent = JSON.parse(record.request.body);
    for (const order of [record.order, sent]) {
      order.lines[0].unit_price = '0.01';
      order.lines[0].line_total = '0.01';
      order.subtotal = '0.01';
      order.total = (0.01 + Number(order.shipping.price)).toFixed(2);
    }
    record.request.body = JSON.stringify(sent);
    await page.evaluate(([key, value]) => localStorage.setItem(key, JSON.stringify(value)), [ORDERS_KEY, outbox]);
    await page.unroute('**/api/orders');

    // The next visit sends the pending order; the endpoint refuses it; the buyer sees why.
    await page.goto(`${server.url}/order/${id}`);
    await page.getByRole('heading', { name: 'The order could not be sent.' }).waitFor();
    await page.getByText(/shop changed since the cart was filled/).waitFor();
    assert.equal(orders(server.db).length, 0);
  });
});
