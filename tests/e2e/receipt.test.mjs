// A confirmed order keeps the buyer's details in their browser only for a while
// (core::delivery::receipt, docs/operating.md): after that, the next visit that opens
// the orders leaves a minimal receipt in localStorage, and the order page shows it
// without the buyer's name, phone or address.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { phoneContext, sharedShop, watchErrors } from './harness.mjs';
import { Shop } from './shop.mjs';

const KEY = 'microshop:v1:lantern-tea:orders';
const DAY_MS = 86_400_000;

describe('the receipt in the browser', () => {
  const suite = sharedShop();

  /** Places an order as a buyer does; returns its id. */
  async function placed(page) {
    const shop = new Shop(page, suite.server.url);
    await page.goto(`${suite.server.url}/`);
    await shop.checkoutWith('jasmine-pearls', { name: 'Mei Receipt', phone: '+86 139 1234 5678', address: '9 Pruning Lane' });
    await shop.placeOrder();
    return shop.expectConfirmation();
  }

  /** Moves the stored order's placing time `days` back, as if placed then. */
  async function age(page, days) {
    await page.evaluate(([key, ms]) => {
      const outbox = JSON.parse(localStorage.getItem(key));
      for (const r of outbox.records) r.order.created_at = new Date(Date.now() - ms).toISOString();
      localStorage.setItem(key, JSON.stringify(outbox));
    }, [KEY, days * DAY_MS]);
  }

  it('after 30 days a confirmed order keeps its lines and totals, not the buyer\'s details', async () => {
    const context = await phoneContext(suite.browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const id = await placed(page);
    const stored = () => page.evaluate((key) => localStorage.getItem(key), KEY);
    await page.waitForFunction(([key]) => /"state":"accepted"/.test(localStorage.getItem(key) ?? ''), [KEY]);
    assert.match(await stored(), /Mei Receipt/, 'a fresh receipt keeps the details');

    // 29 days: still kept after a visit opens the orders.
    await age(page, 29);
    await page.reload();
    await page.getByText('Mei Receipt').first().waitFor();
    assert.match(await stored(), /9 Pruning Lane/);

    // 31 days: the visit's opening of the orders clears them and stores the receipt.
    await age(page, 31);
    await page.reload();
    await page.waitForFunction((key) => !/Mei Receipt/.test(localStorage.getItem(key) ?? ''), KEY);
    const text = await stored();
    for (const gone of ['Mei Receipt', '139 1234 5678', '9 Pruning Lane']) assert.ok(!text.includes(gone), `${gone} in ${text}`);
    const record = JSON.parse(text).records.find((r) => r.order.order_id === id);
    assert.ok(record, 'the receipt stays');
    assert.equal(record.delivery.state, 'accepted');
    assert.equal(record.order.lines[0].sku, 'JP-50');
    assert.ok(record.order.total);
    // The order page shows the receipt without the details.
    await page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor();
    assert.equal(await page.getByText('Mei Receipt').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
