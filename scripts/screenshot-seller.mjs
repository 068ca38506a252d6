// Phone-sized screenshots of the seller's desk for docs/selling.md:
// docs/images/seller-{inbox,order,studio,product,problem}.png. Uses the built apps
// (dist/, dist/seller/) and target/release/microshop, with the demo shop and a few
// orders placed on its endpoint.
// Usage: node scripts/screenshot-seller.mjs [out-dir]
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchBrowser, phoneContext } from '../tests/e2e/harness.mjs';
import { Desk, placeOrder, signIn, startDesk } from '../tests/e2e/desk.mjs';

const out = process.argv[2] ?? join(ROOT, 'docs', 'images');
const browser = await launchBrowser();
const server = await startDesk({ editable: true });
try {
  const buyers = [['Chen Jing', 1], ['Ana Silva', 2], ['佐藤 健', 1], ['Omar Haddad', 3]];
  for (const [name, quantity] of buyers) await placeOrder(server.url, { name, quantity, note: name === 'Ana Silva' ? 'Leave it with the neighbour' : null });
  // One device pixel per CSS pixel keeps each PNG small enough for the docs.
  const page = await (await phoneContext(browser, { deviceScaleFactor: 1, colorScheme: 'light' })).newPage();
  await signIn(page, server.url);
  const desk = new Desk(page, server.url);
  const shot = async (name) => {
    const path = join(out, `seller-${name}.png`);
    await page.screenshot({ path, clip: { x: 0, y: 0, width: 390, height: 760 } });
    console.log(`${path}: ${statSync(path).size} B`);
  };
  // An order paid and shipped, so the list shows several statuses.
  await desk.openInbox();
  await page.locator('.order-row a').nth(2).click();
  await page.locator('#order-heading').waitFor();
  await page.getByRole('button', { name: 'Mark paid' }).click();
  await desk.status().filter({ hasText: 'Paid' }).waitFor();
  await desk.openInbox();
  await page.locator('.order-row').nth(3).waitFor();
  await shot('inbox');
  // The paid order: only a paid one can be marked shipped (new → paid → shipped).
  await page.locator('.order-row a').nth(2).click();
  await page.locator('#order-heading').waitFor();
  await page.getByRole('button', { name: 'Mark shipped…' }).click();
  await page.getByLabel('Tracking note (carrier and number)').fill('SF Express SF1234567890');
  await page.evaluate(() => document.activeElement.blur());
  await shot('order');
  await page.goto(`${server.url}/_seller/studio`);
  await page.locator('.section-links').waitFor();
  await shot('studio');
  await page.goto(`${server.url}/_seller/studio/products/0`);
  await page.locator('.photos img').first().waitFor();
  await page.evaluate(() => Promise.all([...document.images].map((i) => i.decode().catch(() => {}))));
  await shot('product');
  await page.locator('#f-catalog-products-0-variants-1-price').fill('128元');
  await page.locator('#f-catalog-products-0-variants-1-price-problems').waitFor();
  await page.locator('#f-catalog-products-0-variants-1-price').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 120));
  await shot('problem');
} finally {
  await server.stop();
  await browser.close();
}
