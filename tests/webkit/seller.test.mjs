// Sellers on iPhones use WebKit: the seller's inbox and an order's status journey in
// WebKitGTK (Safari's engine) through WebKitWebDriver under a virtual display,
// against a real `microshop serve` and its SQLite store.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { query } from '../e2e/db.mjs';
import { SECRET, placeOrder, startDesk } from '../e2e/desk.mjs';
import { Session, startDriver, webkitAvailable } from './webdriver.mjs';

describe('the seller desk in WebKit', () => {
  let server, driver;
  const placed = [];
  before(async () => {
    assert.ok(webkitAvailable(), 'WebKitWebDriver, MiniBrowser or xvfb-run missing: run scripts/setup.sh');
    server = await startDesk({ editable: true });
    driver = await startDriver();
    for (const name of ['Chen Jing', 'Ana Silva']) {
      const { order } = await placeOrder(server.url, { name });
      placed.push({ id: order.order_id, name, reference: query(server.db, `SELECT reference FROM orders WHERE order_id = '${order.order_id}'`)[0].reference });
    }
  });
  after(async () => {
    await driver?.stop();
    await server?.stop();
  });

  it('signs in, filters and searches the inbox, and takes an order from new to completed with tracking', async () => {
    const s = await Session.start(driver);
    try {
      await s.goto(`${server.url}/_seller/signin`);
      await s.type(await s.waitFor('input[name=secret]'), SECRET);
      await s.click(await s.find('form [type=submit]'));
      await s.waitUntil("return location.pathname === '/_seller/' && document.querySelectorAll('.order-row').length === 2", { what: 'the inbox with two orders' });
      // Newest first.
      const first = await s.waitFor('.order-row');
      assert.match(await s.text(first), new RegExp(placed[1].reference));
      // The "Paid" chip: none yet.
      await s.click(await s.waitFor('.chips a[href*="status=paid"]'));
      await s.waitFor('p.empty', { text: 'No orders match.' });
      await s.click(await s.waitFor('.chips a[href="/_seller/"]'));
      await s.waitUntil("return document.querySelectorAll('.order-row').length === 2", { what: 'both orders again' });
      // Search by name.
      await s.type(await s.find('#order-search'), 'chen');
      await s.click(await s.find('.search [type=submit]'));
      await s.waitUntil("return location.search.includes('q=chen') && document.querySelectorAll('.order-row').length === 1", { what: 'one order found' });
      await s.click(await s.waitFor('.order-row a'));
      await s.waitFor('#order-heading', { text: placed[0].reference });
      // new -> paid -> shipped (tracking) -> completed.
      await s.click(await s.waitFor('.actions .button', { text: 'Mark paid' }));
      await s.waitFor('#order-status .badge', { text: 'Paid' });
      await s.click(await s.waitFor('.actions .button', { text: 'Mark shipped' }));
      await s.type(await s.waitFor('#tracking-note'), 'SF Express SF1234567890');
      await s.type(await s.find('#tracking-url'), 'https://tracking.example/SF1234567890');
      await s.click(await s.find('#ship-form [type=submit]'));
      await s.waitFor('#order-status .badge', { text: 'Shipped' });
      await s.waitFor('.tracking a[href="https://tracking.example/SF1234567890"]');
      await s.click(await s.waitFor('.actions .button', { text: 'Mark completed' }));
      await s.waitFor('#order-status .badge', { text: 'Completed' });
      const stored = query(server.db, `SELECT status, tracking_note FROM orders WHERE order_id = '${placed[0].id}'`)[0];
      assert.deepEqual(stored, { status: 'completed', tracking_note: 'SF Express SF1234567890' });
    } finally {
      await s.close();
    }
  });
});
