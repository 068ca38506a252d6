// Stock over HTTP (issue 15 item 5): a buyer whose cart holds more than is left,
// because another buyer took some meanwhile, is refused by `microshop serve` with
// the 409 and corrections of a changed shop; the storefront adjusts the cart and
// says so in the buyer's language (here Chinese), and the next try is accepted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchBrowser, phoneContext, startServer } from './harness.mjs';
import { orders, query } from './db.mjs';
import { Shop } from './shop.mjs';

const zh = JSON.parse(readFileSync(join(ROOT, 'locales', 'zh-CN.json'), 'utf8'));

describe('stock', () => {
  let server, browser;
  before(async () => {
    browser = await launchBrowser();
    // The seller has 2 Jin Jun Mei (JJM-50) left.
    server = await startServer({ editable: true });
    const doc = JSON.parse(readFileSync(server.manifest, 'utf8'));
    doc.catalog.products.find((p) => p.id === 'jin-jun-mei').stock = 2;
    writeFileSync(server.manifest, JSON.stringify(doc, null, 2));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a cart for more than is left is adjusted to what is left, in the buyer\'s language, then the order goes through', async () => {
    const page = await (await phoneContext(browser, { locale: 'zh-CN' })).newPage();
    await page.goto(`${server.url}/p/jin-jun-mei`);
    await page.locator('.product__title').waitFor();
    await page.getByRole('button', { name: zh.add_to_cart }).click();
    await page.getByRole('link', { name: new RegExp(zh.view_cart) }).click();
    await page.getByRole('button', { name: zh.increase }).click();
    await page.waitForFunction(() => document.querySelector('.line[data-sku="JJM-50"] .stepper__input')?.value === '2');

    // Another buyer takes one of the two meanwhile.
    const other = new Shop(await (await phoneContext(browser)).newPage(), server.url);
    await other.checkoutWith('jin-jun-mei');
    await other.placeOrder();
    await other.expectConfirmation();
    assert.deepEqual(query(server.db, "SELECT level FROM stock WHERE sku = 'JJM-50'"), [{ level: 1 }]);

    // Two are no longer possible: refused, nothing stored, the cart follows the shop.
    await page.getByRole('link', { name: zh.checkout }).click();
    await page.getByLabel(zh.field_name).fill('王芳');
    await page.getByLabel(zh.field_phone).fill('13900000000');
    await page.getByLabel(zh.field_address).fill('福州市鼓楼区 1 号');
    await page.getByRole('button', { name: zh.place_order }).click();
    const changes = page.getByTestId('cart-changes');
    await changes.waitFor();
    assert.match(await changes.innerText(), new RegExp(zh.cart_changed.replace('：', '')));
    assert.match(await changes.innerText(), /仅剩 1 件，数量已调整/);
    const cart = await page.evaluate(() => JSON.parse(localStorage.getItem('microshop:v1:lantern-tea:cart')));
    assert.deepEqual(cart.lines.map((l) => [l.sku, l.quantity]), [['JJM-50', 1]], 'the cart holds what is left');
    assert.equal(orders(server.db).length, 1, 'the refused order was not stored');

    // The adjusted cart is accepted, and the last teapot is gone.
    await page.getByRole('button', { name: zh.place_order }).click();
    await page.getByRole('heading', { name: zh.order_placed }).waitFor();
    const stored = orders(server.db);
    assert.equal(stored.length, 2);
    assert.equal(stored[1].lines[0].quantity, 1);
    assert.deepEqual(query(server.db, "SELECT level FROM stock WHERE sku = 'JJM-50'"), [{ level: 0 }]);
  });
});
