// Accessibility of every page of the journey in every look (tests/e2e/looks.mjs), in
// the real browser: axe-core (WCAG 2.0/2.1/2.2 A and AA rules) finds nothing at any
// impact; every control is at least 24x24 CSS px unless it sits inside a sentence;
// with the text at 200 % nothing scrolls sideways at 390 px nor at 320 px (WCAG 1.4.10's
// reflow case) and no text is cut off;
// with reduced motion nothing moves.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { violations } from './axe.mjs';
import { launchBrowser, phoneContext } from './harness.mjs';
import { LOCALES, LOOKS, PRESETS, serveLook } from './looks.mjs';
import { Shop } from './shop.mjs';
import { shopShown } from './wait.mjs';

/** Controls smaller than 24x24 CSS px that are not inside a line of text. */
function smallTargets(page) {
  return page.evaluate(() => {
    const controls = document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])');
    const small = [];
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not rendered (closed details)
      if (el.closest('.visually-hidden')) continue;
      // WCAG 2.5.8's inline exception: a link within a sentence (text beside it).
      const inSentence = [...(el.parentElement?.childNodes ?? [])].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (getComputedStyle(el).display === 'inline' && inSentence) continue;
      if (r.width < 24 || r.height < 24) {
        small.push(`${el.tagName.toLowerCase()}.${el.className} "${(el.innerText || el.getAttribute('aria-label') || '').trim()}" ${Math.round(r.width)}x${Math.round(r.height)}`);
      }
    }
    return small;
  });
}

/** Walks feed -> product -> cart -> checkout (with errors) -> order, calling `visit(name)` on each. */
async function walk(page, url, visit) {
  const shop = new Shop(page, url);
  await shop.openFeed();
  await visit('feed');
  await shop.openProduct('ru-kiln-teacup');
  await visit('product');
  await shop.addToCart();
  await shop.openCart();
  await visit('cart');
  await page.getByRole('link', { name: 'Checkout' }).click();
  await page.getByRole('heading', { name: 'Checkout' }).waitFor();
  await shop.placeOrder();
  await page.getByText('Please check the highlighted fields.').waitFor();
  await visit('checkout');
  await shop.fillCheckout();
  await shop.placeOrder();
  await shop.expectConfirmation();
  await visit('order');
}

describe('accessibility in every look', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  for (const look of LOOKS) {
    it(`${look.name}: axe finds nothing, and every target is at least 24x24`, async () => {
      const server = await serveLook(look);
      try {
        const context = await phoneContext(browser, { colorScheme: look.colorScheme });
        const page = await context.newPage();
        const found = [];
        await walk(page, server.url, async (name) => {
          for (const v of await violations(page)) found.push(`${name}: ${v}`);
          for (const t of await smallTargets(page)) found.push(`${name}: target ${t}`);
        });
        assert.deepEqual(found, []);
        await context.close();
      } finally {
        await server.stop();
      }
    });
  }
});

/**
 * The same walk by element ids and classes only, so it runs in any of the shop's
 * languages (`?lang=`), right-to-left ones too.
 */
async function walkIn(page, url, lang, visit) {
  await page.goto(`${url}/?lang=${lang}`);
  await shopShown(page);
  await visit('feed');
  await page.goto(`${url}/p/ru-kiln-teacup/?lang=${lang}`);
  await page.locator('.product__title').waitFor();
  await visit('product');
  await page.locator('.buy__add').click();
  await page.getByTestId('cart-count').waitFor();
  await page.goto(`${url}/cart/?lang=${lang}`);
  await page.locator('.line').first().waitFor();
  await visit('cart');
  await page.goto(`${url}/checkout/?lang=${lang}`);
  await page.locator('form.checkout button[type=submit]').click();
  await page.locator('.field--invalid').first().waitFor();
  await visit('checkout');
  await page.locator('#field-name').fill('Li Wei');
  await page.locator('#field-phone').fill('+86 138 0000 0000');
  await page.locator('#field-address').fill('1 Tea Street');
  await page.locator('form.checkout button[type=submit]').click();
  await page.waitForURL(/\/order\/\?id=ord_/);
  await page.getByTestId('order-status').waitFor();
  await visit('order');
}

describe("accessibility in every language of the demo shop", () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  for (const lang of LOCALES) {
    for (const look of [LOOKS[0], LOOKS.find((l) => l.preset === 'bold' && l.colorScheme === 'dark')]) {
      it(`${lang}, ${look.name}: axe finds nothing, the document says its language and direction`, async () => {
        const server = await serveLook({ ...look, locales: [lang] });
        try {
          const context = await phoneContext(browser, { colorScheme: look.colorScheme, locale: lang });
          const page = await context.newPage();
          const found = [];
          await walkIn(page, server.url, lang, async (name) => {
            for (const v of await violations(page)) found.push(`${name}: ${v}`);
            const doc = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: getComputedStyle(document.body).direction }));
            if (doc.lang !== lang) found.push(`${name}: <html lang="${doc.lang}">, expected ${lang}`);
            const locale = new Intl.Locale(lang);
            const rtl = (locale.getTextInfo?.() ?? locale.textInfo)?.direction === 'rtl';
            if ((doc.dir === 'rtl') !== rtl) found.push(`${name}: text runs ${doc.dir}`);
          });
          assert.deepEqual(found, []);
          await context.close();
        } finally {
          await server.stop();
        }
      });
    }
  }
});

describe('text zoom and reduced motion', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  for (const preset of PRESETS) {
    // 390 px (the phone of every other test) and 320 px (the narrowest phone in use,
    // WCAG 1.4.10's reflow width: 1280 px at 400 %): each with the browser's text at 200 %.
    for (const width of [390, 320]) it(`${preset}: at 200 % text nothing scrolls sideways at ${width} px and no text is cut off`, async () => {
      const server = await serveLook({ preset });
      try {
        const context = await phoneContext(browser, width === 390 ? {} : { viewport: { width, height: 568 } });
        const page = await context.newPage();
        // The browser's own text size setting (as a buyer doubles it), not a page zoom.
        const cdp = await context.newCDPSession(page);
        await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
        const found = [];
        const check = async (name) => {
          const r = await page.evaluate(() => {
            const cut = [];
            for (const el of document.querySelectorAll('main *, header *, footer *')) {
              const s = getComputedStyle(el);
              if (s.overflowX !== 'hidden' && s.overflowX !== 'clip') continue;
              if (el.closest('.visually-hidden, .trust__title')) continue;
              if (el.scrollWidth > el.clientWidth + 1 && el.innerText.trim()) cut.push(`${el.tagName.toLowerCase()}.${el.className}`);
            }
            // A phone widens the layout viewport to fit what overflows, so compare
            // with the window's own width, not innerWidth.
            const viewport = document.documentElement.clientWidth;
            // What sticks out of it (not inside a box that scrolls or clips, as the chip
            // row and the gallery do): the elements that widen the page, by name.
            const clipped = (el) => {
              for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                if (getComputedStyle(a).overflowX !== 'visible') return true;
              }
              return false;
            };
            const wide = [];
            for (const el of document.querySelectorAll('body *')) {
              const b = el.getBoundingClientRect();
              if ((b.width === 0 && b.height === 0) || el.closest('.visually-hidden')) continue;
              if ((b.right > viewport + 1 || b.left < -1) && !clipped(el)) {
                const text = (el.innerText || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 30);
                wide.push(`${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).trim().replace(/\s+/g, '.')}` : ''} "${text}" [${Math.round(b.left)}, ${Math.round(b.right)}]`);
              }
            }
            return {
              rootFont: getComputedStyle(document.documentElement).fontSize,
              width: document.documentElement.scrollWidth,
              viewport,
              wide,
              cut,
            };
          });
          assert.equal(r.rootFont, '32px', 'the text size setting took effect');
          if (r.width > r.viewport) found.push(`${name}: page is ${r.width} px wide in a ${r.viewport} px viewport; wider than it: ${r.wide.join(', ') || '(none found)'}`);
          for (const c of r.cut) found.push(`${name}: text cut off in ${c}`);
        };
        await walk(page, server.url, async (name) => {
          await check(name);
          // The seller's trust details (the feed's header), opened.
          if (name === 'feed') {
            await page.locator('.trust__summary').first().click();
            await page.locator('.trust__details').first().waitFor();
            await check('feed, trust details open');
          }
        });
        assert.deepEqual(found, []);
        await context.close();
      } finally {
        await server.stop();
      }
    });

    it(`${preset}: with reduced motion no transition, animation or smooth scrolling is left`, async () => {
      const server = await serveLook({ preset });
      try {
        const context = await phoneContext(browser, { reducedMotion: 'reduce' });
        const page = await context.newPage();
        const found = [];
        await walk(page, server.url, async (name) => {
          const moving = await page.evaluate(() => {
            const seconds = (list) => list.split(',').map((t) => parseFloat(t) * (t.trim().endsWith('ms') ? 0.001 : 1));
            const out = [];
            for (const el of [document.documentElement, ...document.querySelectorAll('body, body *')]) {
              for (const pseudo of [null, '::before', '::after']) {
                const s = getComputedStyle(el, pseudo);
                const moves = seconds(s.transitionDuration).some((d) => d > 0)
                  || (s.animationName !== 'none' && seconds(s.animationDuration).some((d) => d > 0));
                if (moves || s.scrollBehavior === 'smooth') out.push(`${el.tagName.toLowerCase()}.${el.className}${pseudo ?? ''}`);
              }
            }
            return out;
          });
          for (const m of moving) found.push(`${name}: ${m}`);
        });
        assert.deepEqual(found, []);
        await context.close();
      } finally {
        await server.stop();
      }
    });
  }
});
