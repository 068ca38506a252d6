// A buyer who reads Chinese never meets English from core or the endpoint: failures
// are typed in core and worded by the storefront in the buyer's language.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { perTestShops, phoneContext, startServer, watchErrors } from './harness.mjs';
import { startReceiver } from './receiver.mjs';

describe('a buyer reading Chinese', () => {
  const suite = perTestShops();

  /** A zh-CN phone that buys one cup from a shop whose orders go to `behaviour`. */
  async function buyInChinese(behaviour) {
    suite.receiver = await startReceiver();
    suite.server = await startServer({ editable: true });
    const doc = JSON.parse(readFileSync(suite.server.manifest, 'utf8'));
    doc.order = { endpoint: suite.receiver.endpoint(behaviour), timeout_secs: 3 };
    writeFileSync(suite.server.manifest, JSON.stringify(doc));
    const context = await phoneContext(suite.browser, { locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${suite.server.url}/p/glass-fair-cup`);
    await page.getByRole('button', { name: '加入购物车' }).click();
    await page.getByRole('link', { name: /查看购物车/ }).click();
    await page.getByRole('link', { name: '结算' }).click();
    await page.locator('#field-name').fill('李伟');
    await page.locator('#field-phone').fill('+86 138 0000 0000');
    await page.locator('#field-address').fill('福州市鼓楼区茶街1号');
    await page.getByRole('button', { name: '提交订单' }).click();
    await page.waitForURL(/\/order\/\?id=ord_/);
    return { page, errors };
  }

  /** Asserts `text` is Chinese: Han characters, and no word in Latin letters. */
  function chineseOnly(text) {
    assert.match(text, /\p{Script=Han}/u, `no Chinese in: ${text}`);
    assert.doesNotMatch(text, /[A-Za-z]{2,}/, `English in: ${text}`);
  }

  it('reads a refused delivery in Chinese only', async () => {
    const { page, errors } = await buyInChinese('nobody-422');
    const detail = page.getByTestId('order-detail');
    await detail.filter({ hasText: /422/ }).waitFor();
    chineseOnly(await page.getByTestId('order-status').innerText());
    chineseOnly(await detail.innerText());
    for (const button of await page.locator('.order-actions button').allInnerTexts()) chineseOnly(button);
    // The copy of the order for the seller is labelled in Chinese too.
    await page.locator('details.order-text summary').click();
    const copy = await page.locator('details.order-text textarea').inputValue();
    assert.match(copy, /^订单 [0-9A-Z]{4}-[0-9A-Z]{4} · ord_/);
    assert.match(copy, /合计|总计/);
    // The browser logs the 422 itself; the app must log nothing and throw nothing.
    assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  });

  it('reads a captive portal answer and a redirect in Chinese only', async () => {
    for (const behaviour of ['garbage', 'redirect']) {
      const { page } = await buyInChinese(behaviour);
      const detail = page.getByTestId('order-detail');
      await detail.filter({ hasText: /送达/ }).waitFor();
      chineseOnly(await detail.innerText());
      await suite.server.stop();
      await suite.receiver.close();
      suite.server = suite.receiver = undefined;
    }
  });
});
