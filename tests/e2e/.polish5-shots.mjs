// Session 14 (POLISH), session 15 (POLISH5: text line boxes, 200 % text at 390 and 320 px), not a suite:
// every element's computed style and box, and every text's line boxes, on the same pages from one build
// (MICROSHOP_DIST) into OUT, to compare two builds' pixels byte for byte.
import { mkdirSync, writeFileSync } from 'node:fs';
import { launchBrowser, phoneContext, startServer } from './harness.mjs';
import { Shop } from './shop.mjs';
import { shopShown, stylesApplied } from './wait.mjs';

const out = process.env.OUT;
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
const shot = async (page, name) => {
  await stylesApplied(page);
  // Every element's computed style and box (and its ::before/::after content): the same
  // in two builds means nothing drawn differs but pictures' pixels.
  const styles = await page.evaluate(() => [...document.querySelectorAll('*')].map((el) => {
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const pseudo = ['::before', '::after'].map((p) => getComputedStyle(el, p).content).join('|');
    const path = []; for (let e = el; e.parentElement; e = e.parentElement) path.unshift([...e.parentElement.children].indexOf(e));
    return `${path.join('/')} ${el.tagName}.${el.className} ${[r.x, r.y, r.width, r.height].map(Math.round)} ${pseudo} ${[...cs].map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';')}`;
  }).join('\n'));
  writeFileSync(`${out}/${name}.txt`, styles);
  // Where every piece of text is drawn (its line boxes), whatever box holds it.
  const text = await page.evaluate(() => {
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const lines = [];
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!n.nodeValue.trim()) continue;
      const r = document.createRange(); r.selectNodeContents(n);
      const rects = [...r.getClientRects()].map((b) => [b.x, b.y, b.width, b.height].map(Math.round).join(',')).join(' ');
      lines.push(`${n.parentElement.tagName}.${n.parentElement.className} ${JSON.stringify(n.nodeValue.slice(0, 30))} ${rects}`);
    }
    return lines.join('\n');
  });
  writeFileSync(`${out}/${name}.text`, text);
};
for (const [w, h, big] of [[390, 844], [1280, 900], [390, 844, true], [320, 568, true]]) {
  for (const scheme of ['light', 'dark']) {
    const context = await phoneContext(browser, { viewport: { width: w, height: h }, colorScheme: scheme, isMobile: w < 900 });
    const page = await context.newPage();
    if (big) await (await context.newCDPSession(page)).send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    const tag = `${w}${big ? '-200' : ''}-${scheme}`;
    await page.goto(server.url); await shopShown(page); await shot(page, `${tag}-feed`);
    await page.locator('.trust__summary').first().click(); await shot(page, `${tag}-feed-trust`);
    await page.goto(`${server.url}/?embed=grid`); await shopShown(page); await shot(page, `${tag}-embed-grid`);
    await page.goto(`${server.url}/p/glass-fair-cup/?embed=card`); await shopShown(page); await shot(page, `${tag}-embed-card`);
    await page.goto(`${server.url}/?embed=shop`); await shopShown(page); await shot(page, `${tag}-embed-shop`);
    const shop = new Shop(page, server.url);
    await shop.openProduct('glass-fair-cup'); await shot(page, `${tag}-product`);
    await shop.addToCart();
    await page.goto(`${server.url}/cart/`); await page.locator('.line').first().waitFor(); await shot(page, `${tag}-cart`);
    await page.goto(`${server.url}/checkout/`); await page.locator('form.checkout').waitFor(); await shot(page, `${tag}-checkout`);
    await shop.fillCheckout(); await shop.placeOrder(); await shop.expectConfirmation();
    await page.locator('.receipt').first().waitFor();
    // The order's id and time differ between runs: every digit and id letter made the same.
    await page.evaluate(() => {
      const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) n.nodeValue = n.nodeValue.replace(/ord_\w+/g, 'ord_x').replace(/\d/g, '0');
      for (const el of document.querySelectorAll('textarea, a[href*=ord_]')) { el.value = ''; }
    });
    await shot(page, `${tag}-order`);
    await context.close();
  }
}
await browser.close();
server.stop();
