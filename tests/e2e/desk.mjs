// The seller's desk in tests: a `microshop serve` with a seller secret, sign-in,
// orders placed on the real endpoint (the order contract, as a buyer's browser
// sends it), and a page object for the seller app (inbox and order page), by role
// and label.
import { randomBytes } from 'node:crypto';
import { startServer } from './harness.mjs';

/** The seller's secret in these tests (long and random enough for any check). */
export const SECRET = 'tea-desk-secret-4f9a2c81d7e35b60a1c9e8f2';

/** `microshop serve` with the seller side on (secret from the environment). */
export function startDesk(options = {}) {
  return startServer({ ...options, env: { MICROSHOP_SELLER_SECRET: SECRET, ...(options.env ?? {}) } });
}

/** Signs in on the server-rendered page with the secret; lands on the inbox. */
export async function signIn(page, url, secret = SECRET) {
  await page.goto(`${url}/_seller/signin`);
  await page.locator('input[name=secret]').fill(secret);
  await page.locator('form [type=submit]').click();
  await page.waitForURL(`${url}/_seller/`);
  await page.locator('main h1').waitFor();
}

/** A fresh order id, as the storefront makes one. */
export function orderId() {
  return `ord_${randomBytes(16).toString('hex')}`;
}

/** Two lines of the demo shop at 128.00: one with an option and stock, one without either. */
const ITEMS = {
  // Jasmine pearls 100 g: 10 in stock, so at most a few orders per server.
  pearls: { product_id: 'jasmine-pearls', sku: 'JP-100', title: 'Jasmine pearls', options: { Weight: '100g' } },
  // Jasmine silver needle: no stock count, for tests that place many orders.
  needle: { product_id: 'jasmine-silver-needle', sku: 'JSN-50', title: 'Jasmine silver needle', options: {} },
};

/**
 * An order for the demo shop (public/shop.json), as the storefront sends it:
 * `quantity` of `item` (see ITEMS; both 128.00), SF Express.
 */
export function demoOrder({ id = orderId(), name = 'Li Wei', phone = '+86 138 0000 0000', quantity = 1, note = null, referral = null, email, item = 'pearls' } = {}) {
  const subtotal = (128 * quantity).toFixed(2);
  const shipping = 128 * quantity >= 199 ? '0.00' : '12.00';
  const customer = { name, phone, address: '1 Tea Street\nGulou, Fuzhou' };
  if (email) customer.email = email;
  return {
    schema: 'microshop.order/1',
    order_id: id,
    created_at: new Date().toISOString(),
    shop_id: 'lantern-tea',
    currency: 'CNY',
    locale: 'en',
    lines: [{ ...ITEMS[item], unit_price: '128.00', quantity, line_total: subtotal }],
    subtotal,
    shipping: { id: 'express', label: 'SF Express', price: shipping },
    total: (Number(subtotal) + Number(shipping)).toFixed(2),
    customer,
    note,
    referral,
  };
}

/** Sends an order to the shop's endpoint (as a buyer's browser would); returns it and the answer. */
export async function placeOrder(url, fields = {}) {
  const order = demoOrder(fields);
  const res = await fetch(`${url}/api/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': order.order_id },
    body: JSON.stringify(order),
  });
  if (res.status >= 300) throw new Error(`order refused: ${res.status} ${await res.text()}`);
  return { order, answer: await res.json().catch(() => ({})) };
}

/** The seller app in a page. */
export class Desk {
  constructor(page, url) {
    this.page = page;
    this.url = url;
  }

  /** The inbox, drawn (its list or its "no orders"). */
  async openInbox(query = '') {
    await this.page.goto(`${this.url}/_seller/${query}`);
    await this.inboxShown();
  }

  async inboxShown() {
    await this.page.locator('ol.orders, p.empty').first().waitFor();
  }

  /** The row of an order in the list, by its reference. */
  row(reference) {
    return this.page.locator('.order-row').filter({ hasText: reference });
  }

  /** Opens an order from the list by its reference; waits for its page. */
  async openOrder(reference) {
    await this.row(reference).getByRole('link').click();
    await this.page.getByRole('heading', { level: 1, name: new RegExp(reference) }).waitFor();
  }

  /** The order's status badge. */
  status() {
    return this.page.locator('#order-status .badge');
  }
}
