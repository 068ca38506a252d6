// A confirmed order keeps the buyer's details in their browser only for a while
// (core::delivery::receipt, docs/operating.md): after that, the next visit that opens
// the orders leaves a minimal receipt in localStorage, and the order page shows it
// without the buyer's name, phone or address. The checkout form's draft, kept for the
// next order as autofill would be, forgets the details 30 days after their last use.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { phoneContext, sharedShop, watchErrors } from './harness.mjs';
import { Shop } from './shop.mjs';
import { countIs, valueIs } from './wait.mjs';

const KEY = 'microshop:v1:lantern-tea:orders';
const CHECKOUT_KEY = 'microshop:v1:lantern-tea:checkout';
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

  /** Moves the checkout form's last use `days` back. */
  async function unused(page, days) {
    await page.evaluate(([key, ms]) => {
      const draft = JSON.parse(localStorage.getItem(key));
      draft.used_at = Date.now() - ms;
      localStorage.setItem(key, JSON.stringify(draft));
    }, [CHECKOUT_KEY, days * DAY_MS]);
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
    await countIs(page.getByText('Mei Receipt'), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the checkout form forgets what the buyer typed 30 days after they last used it', async () => {
    const context = await phoneContext(suite.browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await placed(page);
    const stored = () => page.evaluate((key) => localStorage.getItem(key) ?? '', CHECKOUT_KEY);
    // Kept for the next order, as autofill would.
    await page.waitForFunction((key) => /Mei Receipt/.test(localStorage.getItem(key) ?? ''), CHECKOUT_KEY);
    // The cart again, and the checkout page: the form is filled from the draft.
    const shop = new Shop(page, suite.server.url);
    await shop.openProduct('jasmine-pearls');
    await shop.addToCart();
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('link', { name: 'Checkout' }).click();
    const name = page.getByLabel('Full name');
    await valueIs(() => name.inputValue(), 'Mei Receipt', 'the form filled from the draft');

    // 29 days after the last use: still there (opening the form is not a use).
    await unused(page, 29);
    await page.reload();
    await valueIs(() => name.inputValue(), 'Mei Receipt', 'the form filled after 29 days');
    assert.match(await stored(), /9 Pruning Lane/);

    // 31 days: gone from the browser and from the form; the cart stays.
    await unused(page, 31);
    await page.reload();
    await page.waitForFunction((key) => !/Mei Receipt/.test(localStorage.getItem(key) ?? ''), CHECKOUT_KEY);
    for (const gone of ['Mei Receipt', '139 1234 5678', '9 Pruning Lane']) assert.ok(!(await stored()).includes(gone), gone);
    await page.getByRole('button', { name: 'Place order' }).waitFor();
    assert.equal(await name.inputValue(), '');
    assert.equal(await page.getByLabel('Delivery address').inputValue(), '');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
