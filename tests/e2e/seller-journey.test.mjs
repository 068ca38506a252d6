// Issue 15's "done" test, end to end on phones (Chromium, 390x844): a new seller signs
// in to a `microshop serve` with an empty shop, a seller secret and a notify.json
// pointing at a receiver this test runs; makes three products in the studio and saves;
// a buyer orders one; the receiver is pinged; the seller marks the order shipped with
// tracking in the inbox; the buyer's order page shows "Shipped" with the tracking link.
// Every wait is for a state; the buyer page's timers run on Playwright's clock, moved
// on past its next status read instead of waited out.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, phoneContext, watchErrors } from './harness.mjs';
import { Desk, signIn, startDesk } from './desk.mjs';
import { startReceiver } from './receiver.mjs';
import { Shop } from './shop.mjs';
import { addProduct, emptyShop, saveBarSays } from './studio.mjs';
import { until } from './wait.mjs';

describe('a new seller, from an empty shop to a shipped order', () => {
  let browser;
  let receiver;
  let server;
  before(async () => {
    browser = await launchBrowser();
    receiver = await startReceiver();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
  });

  it('signs in, makes three products, is pinged for the order, ships it; the buyer sees it shipped with tracking', async () => {
    const shop = emptyShop();
    const hook = receiver.behave('chat', (rec, res, { store, json }) => { store(); json(res, 200, { ok: true }); });
    writeFileSync(join(shop.dir, 'notify.json'), JSON.stringify({ destinations: [{ name: 'phone', kind: 'text', url: hook }] }));
    server = await startDesk({ manifest: shop.manifest });

    // The seller, on a phone: sign in, three products with photos, save.
    const sellerContext = await phoneContext(browser);
    const seller = await sellerContext.newPage();
    const sellerErrors = watchErrors(seller);
    await signIn(seller, server.url);
    await seller.getByRole('link', { name: 'Shop' }).click();
    await seller.getByRole('heading', { level: 1, name: 'Your shop' }).waitFor();
    await seller.getByRole('link', { name: /Products/ }).click();
    const products = [['Jasmine pearls', '68.00'], ['Oolong, light roast', '88'], ['Gaiwan', '120.50']];
    for (const [n, [title, price]] of products.entries()) await addProduct(seller, n, title, price);
    await seller.getByRole('button', { name: 'Save' }).click();
    await saveBarSays(seller, 'Saved. Buyers see it now.');
    const saved = JSON.parse(readFileSync(shop.manifest, 'utf8'));
    assert.deepEqual(saved.catalog.products.map((p) => p.title), products.map(([t]) => t));

    // A buyer orders the oolong.
    const buyerContext = await phoneContext(browser);
    const page = await buyerContext.newPage();
    await page.clock.install();
    const buyerErrors = watchErrors(page);
    const buyer = new Shop(page, server.url);
    await buyer.openProduct(saved.catalog.products[1].id);
    await buyer.addToCart();
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.getByLabel('Full name').fill('Li Wei');
    await page.getByLabel('Phone').fill('+86 138 0000 0000');
    await buyer.placeOrder();
    await buyer.expectConfirmation();
    const reference = (await page.getByTestId('order-ref').innerText()).trim();
    const progress = page.getByTestId('order-progress');
    await progress.filter({ hasText: /^Received by the seller$/ }).waitFor();

    // The seller's receiver is pinged about it.
    const ping = await until(() => receiver.requests.find((r) => r.behaviour === 'chat' && r.method === 'POST'), { what: 'the new order\'s ping' });
    assert.equal(typeof ping.json?.text, 'string', ping.body);
    assert.ok(ping.json.text.includes(reference), `the ping names ${reference}: ${ping.json.text}`);

    // The seller ships it from the inbox: paid, then shipped with tracking.
    const desk = new Desk(seller, server.url);
    await desk.openInbox();
    await desk.openOrder(reference);
    await seller.getByRole('button', { name: 'Mark paid' }).click();
    await desk.status().filter({ hasText: 'Paid' }).waitFor();
    await seller.getByRole('button', { name: 'Mark shipped…' }).click();
    await seller.getByLabel('Tracking note (carrier and number)').fill('SF Express SF1234567890');
    await seller.getByLabel('Tracking link (optional)').fill('https://tracking.example/SF1234567890');
    await seller.getByRole('button', { name: 'Mark shipped', exact: true }).click();
    await desk.status().filter({ hasText: 'Shipped' }).waitFor();

    // The buyer's page, at its next read (at most 30 s after the last change it saw).
    await page.clock.fastForward(31_000);
    await progress.filter({ hasText: /^Shipped$/ }).waitFor();
    assert.equal(await page.getByTestId('tracking-note').innerText(), 'SF Express SF1234567890');
    const link = page.getByRole('link', { name: 'SF Express SF1234567890' });
    assert.equal(await link.getAttribute('href'), 'https://tracking.example/SF1234567890');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    assert.deepEqual(sellerErrors, []);
    assert.deepEqual(buyerErrors, []);
    await sellerContext.close();
    await buyerContext.close();
  });
});
