// The studio's steps in tests, shared by studio.test.mjs and seller-journey.test.mjs:
// a new seller's empty shop, adding a product with a photo on the phone, and the
// save bar's states.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

/** A phone photo with EXIF (GPS, camera, time). */
export const PHOTO = join(ROOT, 'tests', 'e2e', 'fixtures', 'phone-photo.jpg');

/** A new seller's shop: a name, no products yet (what the studio's starter makes). */
export function emptyShop() {
  const dir = mkdtempSync(join(tmpdir(), 'microshop-studio-'));
  const manifest = join(dir, 'shop.json');
  writeFileSync(manifest, JSON.stringify({
    version: 1, id: 'mei-tea', currency: 'CNY', locales: ['en'],
    seller: { name: "Mei's Tea" },
    catalog: { categories: [], products: [] },
    checkout: { fields: [{ id: 'name', kind: 'name', required: true }, { id: 'phone', kind: 'phone', required: true }] },
    order: { endpoint: '/api/orders' },
  }, null, 2));
  return { dir, manifest };
}

/**
 * A shop whose catalog is a spreadsheet (products.csv beside shop.json) of `rows`
 * products, each naming an image that is not there: one mistake on every row.
 */
export function sheetShop(rows) {
  const { dir, manifest } = emptyShop();
  const shop = JSON.parse(readFileSync(manifest, 'utf8'));
  shop.catalog = { url: 'products.csv' };
  writeFileSync(manifest, JSON.stringify(shop, null, 2));
  const lines = ['id,title,price,images'];
  for (let i = 0; i < rows; i += 1) lines.push(`p${i},Product ${i},1,images/missing-${i}.svg`);
  writeFileSync(join(dir, 'products.csv'), `${lines.join('\n')}\n`);
  return { dir, manifest };
}

/** The studio's save bar says `text` (case-sensitive: "Unsaved changes" is not "Saved"). */
export async function saveBarSays(page, text) {
  await page.locator('.savebar__state').filter({ hasText: new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).waitFor();
}

/**
 * From the studio's product list, adds product number `n` (0-based) with a title, a
 * price and one photo, and comes back to the list showing it.
 */
export async function addProduct(page, n, title, price) {
  await page.getByRole('button', { name: 'Add a product' }).click();
  await page.waitForURL(new RegExp(`/_seller/studio/products/${n}$`));
  await page.getByLabel('Name', { exact: true }).fill(title);
  await page.getByLabel('Price', { exact: true }).fill(price);
  await page.getByLabel('Choose photos').setInputFiles(PHOTO);
  await page.locator('.photos img').first().waitFor();
  await page.getByRole('status').filter({ hasText: '1 photo handled' }).waitFor();
  await page.getByRole('link', { name: 'Back to the shop' }).click();
  await page.getByRole('link', { name: /Products/ }).click();
  await page.locator('.product-item').nth(n).filter({ hasText: title }).waitFor();
}
