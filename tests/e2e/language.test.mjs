// A buyer who reads Chinese never meets English from core or the endpoint: failures
// are typed in core and worded by the storefront in the buyer's language.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { violations } from './axe.mjs';
import { perTestShops, phoneContext, startServer, watchErrors } from './harness.mjs';
import { startReceiver } from './receiver.mjs';
import { Shop } from './shop.mjs';
import { shopShown, textIs } from './wait.mjs';

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

// The interface in every shipped language: the switch, the address, right to left.
/** Serious and critical axe-core violations (WCAG 2.x A/AA). */
const axeViolations = (page) => violations(page, { impacts: ['serious', 'critical'] });

/** Every string value of a JSON document: the shop's own text. */
function strings(value, out = new Set()) {
  if (typeof value === 'string') out.add(value.trim());
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** The visible text nodes of the page, trimmed, in document order. */
async function visibleTexts(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      const el = node.parentElement;
      if (!text || !el || el.closest('script, style, template, #boot')) continue;
      if (!el.checkVisibility({ visibilityProperty: true }) && !el.closest('.visually-hidden')) continue;
      out.push(text);
    }
    for (const el of document.querySelectorAll('[placeholder], [aria-label]')) {
      for (const attr of ['placeholder', 'aria-label']) if (el.getAttribute(attr)) out.push(el.getAttribute(attr).trim());
    }
    return out;
  });
}

describe('the interface in the buyer\'s language', () => {
  const suite = perTestShops();

  /** A shop in four locales (the demo's text stays zh-CN/en; ja and ar fall back to it). */
  async function fourLanguageShop(edit = () => {}) {
    suite.server = await startServer({ editable: true });
    const doc = JSON.parse(readFileSync(suite.server.manifest, 'utf8'));
    doc.locales = ['zh-CN', 'en', 'ja', 'ar'];
    edit(doc);
    writeFileSync(suite.server.manifest, JSON.stringify(doc));
    return doc;
  }

  /** Interface strings on screen: not the shop's text, not bare numbers or prices. */
  function interfaceOnly(texts, shopText) {
    return texts.filter((t) => !shopText.has(t) && /\p{L}{2,}/u.test(t) && ![...shopText].some((s) => s && s.length > 3 && s.includes(t)));
  }

  it('switches every visible interface string and the money format, and keeps lang= in the address', async () => {
    const doc = await fourLanguageShop();
    const shopText = strings(doc);
    const page = await (await phoneContext(suite.browser)).newPage();
    const errors = watchErrors(page);
    await page.goto(`${suite.server.url}/p/jasmine-pearls`);
    await page.getByRole('button', { name: 'Add to cart' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    for (const [where, open] of [
      ['product', async () => {}],
      ['cart', async () => { await page.getByRole('button', { name: /./ }).filter({ hasText: /Add to cart|カートに入れる/ }).click(); await page.getByRole('link', { name: /View cart|カートを見る/ }).click(); }],
      ['checkout', async () => { await page.getByRole('link', { name: /^(Checkout|ご購入手続き)$/ }).click(); }],
      ['feed', async () => { await page.goto(`${suite.server.url}/?lang=en`); await shopShown(page); }],
    ]) {
      await open();
      await page.getByTestId('language').selectOption('en');
      await page.locator('html[lang="en"]').waitFor();
      const price = await page.locator('.price').first().innerText();
      const before = interfaceOnly(await visibleTexts(page), shopText);
      assert.ok(before.length > 5, `${where}: ${before}`);
      await page.getByTestId('language').selectOption('ja');
      await page.locator('html[lang="ja"]').waitFor();
      await page.waitForURL(/[?&]lang=ja\b/);
      const after = new Set(await visibleTexts(page));
      const unchanged = before.filter((t) => after.has(t) && t !== 'English');
      assert.deepEqual(unchanged, [], `${where}: still in English after switching to Japanese`);
      for (const t of interfaceOnly([...after], shopText)) {
        if (/[A-Za-z]{3,}/.test(t) && !/microshop|shop\.json|example\.com|QR|English|العربية/.test(t)) assert.fail(`${where}: English left in "${t}"`);
      }
      // Money follows the language: Intl's format of the same amount for ja.
      const priceJa = await page.locator('.price').first().innerText();
      const amount = Number(price.replace(/[^0-9.]/g, ''));
      const expected = await page.evaluate((n) => new Intl.NumberFormat('ja', { style: 'currency', currency: 'CNY' }).format(n), amount);
      assert.equal(priceJa, expected, `${where}: price ${price} -> ${priceJa}`);
      assert.notEqual(priceJa, price, `${where}: the money format changed`);
    }
    // The switch lists the shop's locales by their own names, and is labelled.
    assert.deepEqual(await page.getByLabel('言語').locator('option').allInnerTexts(), await page.evaluate(() => ['zh-CN', 'en', 'ja', 'ar'].map((t) => new Intl.DisplayNames(t, { type: 'language' }).of(t))));
    // Links followed keep the language in the address.
    await page.locator('.card').first().click();
    await page.waitForURL(/\/p\/.*[?&]lang=ja\b/);
    await page.getByRole('button', { name: 'カートに入れる' }).waitFor();
    assert.deepEqual(errors, []);
  });

  it('shows a price with the minor units the order carries where Intl would round them (HUF)', async () => {
    // ISO 4217 (and core) give HUF 2 decimals; Intl's own default (CLDR) gives it none.
    suite.server = await startServer({
      editable: true,
      edit: (doc) => {
        doc.currency = 'HUF';
        doc.catalog.products.find((p) => p.id === 'glass-fair-cup').price = '1999.99';
      },
    });
    const page = await (await phoneContext(suite.browser)).newPage();
    const errors = watchErrors(page);
    const intl = (amount) => page.evaluate((a) => new Intl.NumberFormat('en', {
      style: 'currency', currency: 'HUF', minimumFractionDigits: 2, maximumFractionDigits: 2,
    }).format(a), amount);
    const shop = new Shop(page, suite.server.url);
    await shop.openProduct('glass-fair-cup/?lang=en');
    const shown = await textIs(page.locator('.product__price .price'), await intl('1999.99'));
    assert.match(shown, /1,999\.99/, 'not rounded to 2,000');
    await shop.addToCart();
    await shop.addToCart();
    await shop.cartCountIs(2);
    await page.getByRole('link', { name: /View cart/ }).click();
    const line = page.locator('main .line[data-sku="GL-FC-250"]');
    await textIs(line.locator('.line__total'), await intl('3999.98'));
    assert.deepEqual(errors, []);
  });

  it('shows no language switch in a shop written in one language', async () => {
    suite.server = await startServer({ editable: true });
    const doc = JSON.parse(readFileSync(suite.server.manifest, 'utf8'));
    doc.locales = ['en'];
    writeFileSync(suite.server.manifest, JSON.stringify(doc));
    const page = await (await phoneContext(suite.browser, { locale: 'ja-JP' })).newPage();
    await page.goto(`${suite.server.url}/p/jasmine-pearls`);
    // The shop is in English only; its interface follows the shop's locale.
    await page.getByRole('button', { name: 'Add to cart' }).waitFor();
    assert.equal(await page.getByTestId('language').count(), 0);
  });

  it('opens in Japanese and in Chinese from ?lang= and from the browser\'s language', async () => {
    await fourLanguageShop();
    const ja = await (await phoneContext(suite.browser, { locale: 'ja-JP' })).newPage();
    await ja.goto(`${suite.server.url}/p/jasmine-pearls`);
    await ja.getByRole('button', { name: 'カートに入れる' }).waitFor();
    assert.equal(await ja.locator('html').getAttribute('lang'), 'ja');
    assert.equal(await ja.locator('html').getAttribute('dir'), 'ltr');
    assert.doesNotMatch(ja.url(), /lang=/, 'the browser\'s language is not written into the address');
    const zh = await (await phoneContext(suite.browser)).newPage();
    await zh.goto(`${suite.server.url}/cart?lang=zh-CN`);
    await zh.getByRole('heading', { name: '购物车' }).waitFor();
    await zh.getByRole('link', { name: '继续购物' }).first().click();
    await zh.waitForURL(/[?&]lang=zh-CN/);
    await zh.getByRole('searchbox', { name: '搜索' }).waitFor();
  });

  it('lays Arabic out right to left, with no axe violations on feed, product, cart, checkout and order', async () => {
    await fourLanguageShop();
    const page = await (await phoneContext(suite.browser)).newPage();
    const errors = watchErrors(page);
    await page.goto(`${suite.server.url}/?lang=ar`);
    await page.getByRole('searchbox', { name: 'بحث' }).waitFor();
    await page.locator('html[dir="rtl"]').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
    assert.deepEqual(await axeViolations(page), [], 'feed');
    await page.goto(`${suite.server.url}/p/glass-fair-cup?lang=ar`);
    await page.getByRole('button', { name: 'أضف إلى السلة' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'product');
    await page.getByRole('button', { name: 'أضف إلى السلة' }).click();
    await page.getByRole('link', { name: /عرض السلة/ }).click();
    await page.getByRole('heading', { name: 'السلة' }).waitFor();
    // The back arrow points the way back: to the right.
    assert.match(await page.locator('.backbar__link').innerText(), /^→/);
    assert.deepEqual(await axeViolations(page), [], 'cart');
    await page.getByRole('link', { name: 'إتمام الشراء' }).click();
    await page.getByRole('button', { name: 'تأكيد الطلب' }).click();
    await page.getByText('يُرجى مراجعة الحقول المميَّزة.').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'checkout with errors');
    await page.getByLabel('الاسم الكامل').fill('ليلى');
    await page.getByLabel('الهاتف').fill('+20 100 000 0000');
    await page.getByLabel('عنوان التوصيل').fill('القاهرة، شارع الشاي ١');
    await page.getByRole('button', { name: 'تأكيد الطلب' }).click();
    await page.waitForURL(/\/order\/\?id=ord_.*lang=ar/);
    await page.getByRole('heading', { name: 'شكرًا لك! تم تقديم طلبك.' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.deepEqual(await axeViolations(page), [], 'order');
    assert.deepEqual(errors, []);
  });

  it('shows the seller\'s own words on the receipt, and no English from the endpoint on a Chinese one', async () => {
    await fourLanguageShop((doc) => {
      doc.texts = {
        'zh-CN': { what_next_text: '我们会在 24 小时内用微信联系你。' },
        en: { what_next_text: 'We will message you on WeChat within a day.' },
      };
    });
    const page = await (await phoneContext(suite.browser, { locale: 'zh-CN' })).newPage();
    await page.goto(`${suite.server.url}/p/glass-fair-cup`);
    await page.getByRole('button', { name: '加入购物车' }).click();
    await page.getByRole('link', { name: /查看购物车/ }).click();
    await page.getByRole('link', { name: '结算' }).click();
    await page.locator('#field-name').fill('李伟');
    await page.locator('#field-phone').fill('+86 138 0000 0000');
    await page.locator('#field-address').fill('福州市鼓楼区茶街1号');
    await page.getByRole('button', { name: '提交订单' }).click();
    await page.waitForURL(/\/order\/\?id=ord_/);
    await page.getByText('我们会在 24 小时内用微信联系你。').waitFor();
    // The reference endpoint's English confirmation is not shown on the Chinese receipt.
    const status = await page.getByTestId('order-status').innerText();
    const detail = await page.getByTestId('order-detail').innerText();
    assert.doesNotMatch(`${status} ${detail}`, /[A-Za-z]{3,}/, `${status} ${detail}`);
    await page.getByTestId('language').selectOption('en');
    await page.getByText('We will message you on WeChat within a day.').waitFor();
  });
});
