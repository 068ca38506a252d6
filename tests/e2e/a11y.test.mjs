// Accessibility of each page of the journey, checked by axe-core (WCAG 2.x A/AA rules)
// in the real browser. Serious and critical violations fail the test.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { phoneContext, sharedShop } from './harness.mjs';
import { Shop } from './shop.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function violations(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

describe('accessibility (axe-core)', () => {
  const suite = sharedShop();

  it('feed, product, cart, checkout with errors, and receipt have no serious violations', async () => {
    const page = await (await phoneContext(suite.browser)).newPage();
    const shop = new Shop(page, suite.server.url);
    await page.goto(suite.server.url);
    await page.locator('.card').first().waitFor();
    assert.deepEqual(await violations(page), [], 'feed');

    await shop.openProduct('ru-kiln-teacup');
    assert.deepEqual(await violations(page), [], 'product');
    await shop.addToCart();

    await shop.openCart();
    assert.deepEqual(await violations(page), [], 'cart');

    await page.getByRole('link', { name: 'Checkout' }).click();
    await shop.placeOrder();
    await page.getByText('Please check the highlighted fields.').waitFor();
    assert.deepEqual(await violations(page), [], 'checkout with errors');

    await shop.fillCheckout();
    await shop.placeOrder();
    await shop.expectConfirmation();
    assert.deepEqual(await violations(page), [], 'receipt');
  });
});
