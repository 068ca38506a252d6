// Shared carts arriving in a link, and the shop embedded in another site's page:
// the frame sizes itself, refuses nobody's messages but its own, and hands the buyer
// to a top-level tab with the cart in the link. Real Chromium, real `microshop serve`,
// and a plain Node server for the other sites' pages.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { phoneContext, sharedShop, watchErrors } from './harness.mjs';
import { orders } from './db.mjs';
import { Shop } from './shop.mjs';
import { frameSettled, shopShown, valueIs } from './wait.mjs';

const CART_KEY = 'microshop:v1:lantern-tea:cart';

/** sku -> quantity of the cart page's lines. */
async function lines(page) {
  await page.getByRole('heading', { name: 'Cart' }).waitFor();
  return page.locator('.line').evaluateAll((els) => Object.fromEntries(
    els.map((el) => [el.dataset.sku, Number(el.querySelector('.stepper__input').value)]),
  ));
}

/** Waits until the cart page's lines are `expected` (sku -> quantity). */
async function linesAre(page, expected, what = 'the cart page\'s lines') {
  await valueIs(() => lines(page), expected, what);
}

/**
 * In the tab a handoff opened: the shared cart is taken. The tab's storage is not the
 * frame's (partitioned): usually an empty cart that takes the shared one by itself;
 * where it is shared, the buyer replaces it. Waits for one or the other to show.
 */
async function takeSharedCart(tab) {
  const offer = tab.getByTestId('shared-cart');
  const replace = offer.getByRole('button', { name: 'Replace my cart' });
  await offer.getByText('The shared cart is now your cart.').or(replace).waitFor();
  if (await replace.isVisible()) await replace.click();
}

async function storedCart(page) {
  return page.evaluate((key) => localStorage.getItem(key), CART_KEY);
}

describe('shared carts', () => {
  const suite = sharedShop();

  it('merges into the buyer cart, noticing unknown, sold-out and over-limit entries; not offered again', async () => {
    const page = await (await phoneContext(suite.browser)).newPage();
    const errors = watchErrors(page);
    const shop = new Shop(page, suite.server.url);
    await shop.openProduct('jasmine-pearls');
    await shop.addToCart();
    // JP-50 (5 at most per order), Taiping Houkui (3 at most), a sku the shop no longer
    // has, a sold-out tea, and Lapsang.
    await page.goto(`${suite.server.url}/cart/?cart=1.JP-50~5.THK-50~9.GONE-1.OB-50.LS-50~2&lang=en`);
    const offer = page.getByTestId('shared-cart');
    await offer.getByText('Someone shared a cart with you:').waitFor();
    const text = await offer.innerText();
    assert.match(text, /\(GONE-1\) is no longer sold/);
    assert.match(text, /sold out and was left out/);
    assert.match(text, /: 3 instead of 9/);
    // Nothing changes until the buyer chooses.
    await linesAre(page, { 'JP-50': 1 });

    await offer.getByRole('button', { name: 'Add to my cart' }).click();
    await offer.getByText('The shared items were added to your cart.').waitFor();
    // 1 + 5 is over the limit of 5: lowered, and said.
    assert.match(await offer.innerText(), /: 5 instead of 6/);
    await linesAre(page, { 'JP-50': 5, 'THK-50': 3, 'LS-50': 2 });
    // cart= leaves the address (the app replaces it once the cart is merged).
    await page.waitForURL((u) => !u.searchParams.has('cart'));
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('lang'), 'en', 'the rest stays');

    await page.reload();
    await page.locator('.line').first().waitFor();
    assert.equal(await page.getByTestId('shared-cart').count(), 0, 'not offered again');
    await linesAre(page, { 'JP-50': 5, 'THK-50': 3, 'LS-50': 2 });
    assert.deepEqual(errors, []);
  });

  it('replace and ignore do what they say; an empty cart simply takes the shared one', async () => {
    const context = await phoneContext(suite.browser);
    const page = await context.newPage();
    // The SPA route without the slash: the empty cart takes it, with a word.
    await page.goto(`${suite.server.url}/cart?cart=1.LS-50~2`);
    await page.getByTestId('shared-cart').getByText('The shared cart is now your cart.').waitFor();
    // What came in is said, not only put in the cart.
    assert.match(await page.getByTestId('shared-cart').innerText(), /Lapsang.* × 2/);
    await linesAre(page, { 'LS-50': 2 });
    await page.waitForURL((u) => u.search === '');

    await page.goto(`${suite.server.url}/cart/?cart=1.BLC-50~3.TY-100`);
    await page.getByRole('button', { name: 'Replace my cart' }).click();
    await page.getByText('Your cart was replaced by the shared one.').waitFor();
    await linesAre(page, { 'BLC-50': 3, 'TY-100': 1 });

    await page.goto(`${suite.server.url}/cart/?cart=1.LS-50`);
    await page.getByRole('button', { name: 'Ignore' }).click();
    await page.getByTestId('shared-cart').waitFor({ state: 'hidden' });
    await linesAre(page, { 'BLC-50': 3, 'TY-100': 1 });
    await page.waitForURL((u) => u.search === '');
    assert.match(await storedCart(page), /BLC-50/);
  });

  it('cart= stays out of the address when an address waiting to be written (a language) was made with it', async () => {
    const context = await phoneContext(suite.browser);
    // The browser's idle callbacks held while `__held` is a list: the app writes a
    // replaced address (a search, a language) when the browser is idle
    // (src/web/address.rs), so the test decides when that is.
    await context.addInitScript(() => {
      const idle = window.requestIdleCallback.bind(window);
      window.__held = null;
      window.requestIdleCallback = (f, options) => (window.__held ? window.__held.push(f) : idle(f, options));
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const shop = new Shop(page, suite.server.url);
    await shop.openProduct('jasmine-pearls');
    await shop.addToCart();
    await page.goto(`${suite.server.url}/cart/?cart=1.LS-50`);
    const offer = page.getByTestId('shared-cart');
    await offer.getByRole('button', { name: 'Ignore' }).waitFor();
    const search = () => page.evaluate(() => {
      const q = new URLSearchParams(location.search);
      return { cart: q.get('cart'), lang: q.get('lang') };
    });

    // The buyer picks Chinese: the app's address gets `lang=zh-CN`, its history entry
    // is to be replaced when the browser is idle (held). The buttons' words change in
    // the same turn as the address (both follow the language, no task between).
    await page.evaluate(() => { window.__held = []; });
    await page.locator('#language').selectOption('zh-CN');
    await offer.getByRole('button', { name: '忽略' }).waitFor();
    assert.ok(await page.evaluate(() => window.__held.length > 0), 'an idle write waits');
    // Then ignores the shared cart before that write: cart= leaves the address.
    await offer.getByRole('button', { name: '忽略' }).click();
    await offer.waitFor({ state: 'hidden' });
    // The browser is idle: what waited is written; it must not bring cart= back.
    await page.evaluate(() => {
      const held = window.__held;
      window.__held = null;
      for (const f of held) f({ didTimeout: false, timeRemaining: () => 50 });
    });
    assert.deepEqual(await search(), { cart: null, lang: 'zh-CN' }, 'after the idle write');

    // A later replaced address is made from the app's own, which has no cart= either.
    await page.locator('#language').selectOption('en');
    await valueIs(async () => (await search()).lang, 'en', 'the address\'s lang=');
    assert.deepEqual(await search(), { cart: null, lang: 'en' }, 'after another language');
    await page.reload();
    await linesAre(page, { 'JP-50': 1 });
    assert.equal(await page.getByTestId('shared-cart').count(), 0, 'not offered again');
    assert.deepEqual(errors, []);
  });

  it('a damaged or unknown-version link says so and changes nothing', async () => {
    const page = await (await phoneContext(suite.browser)).newPage();
    const errors = watchErrors(page);
    await page.goto(`${suite.server.url}/cart/?cart=1.GL-FC-250`);
    await page.getByText('The shared cart is now your cart.').waitFor();
    const before = await storedCart(page);
    for (const [link, message] of [
      ['1.LS-50~0', 'This shared-cart link is damaged (item 1); your cart was not changed.'],
      // `<script>` is a sku `check` accepts (any text): an escape the link format
      // never writes is what damages this one.
      ['1.LS-50.%3Cscript%3E%2541', 'This shared-cart link is damaged (item 2); your cart was not changed.'],
      ['9.LS-50', 'comes from a newer version of the shop'],
      ['', 'This shared-cart link is empty'],
    ]) {
      await page.goto(`${suite.server.url}/cart/?cart=${link}`);
      await page.getByTestId('shared-cart').getByText(message).waitFor();
      await linesAre(page, { 'GL-FC-250': 1 }, link);
      assert.equal(await storedCart(page), before, link);
    }
    assert.deepEqual(errors, []);
  });
});

describe('shared carts of skus that are not ids', () => {
  // `check` accepts any sku of 1 to 64 characters without control characters: the
  // link format's separators (`.`, `~`), its escape (`%`), spaces, any script.
  const DOTTED = 'BLC.50 g';
  const OTHER = '茶~LS%100';
  const suite = sharedShop({
    editable: true,
    edit: (doc) => {
      const products = doc.catalog.products;
      products.find((p) => p.id === 'biluochun').sku = DOTTED;
      products.find((p) => p.id === 'lapsang-souchong').variants.find((v) => v.sku === 'LS-100').sku = OTHER;
    },
  });

  it('a shared cart of such skus opens whole in a fresh context', async () => {
    const url = suite.server.url;
    const context = await phoneContext(suite.browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    // No share sheet (headless Chromium has none either way): Share copies the link.
    await context.addInitScript(() => { delete Navigator.prototype.share; delete Navigator.prototype.canShare; });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const shop = new Shop(page, url);
    await shop.openProduct('biluochun');
    await shop.addToCart();
    await shop.addToCart();
    await page.goto(`${url}/p/lapsang-souchong/?v=${encodeURIComponent(OTHER)}`);
    await page.locator('.product__title').waitFor();
    await shop.addToCart();
    await shop.openCart();
    await linesAre(page, { [DOTTED]: 2, [OTHER]: 1 });
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    // Only the separators and the escape are escaped in a sku (then the whole as a
    // query value): `.` as %2E, `~` as %7E, `%` as %25.
    assert.equal(link, `${url}/cart/?cart=${encodeURIComponent('1.BLC%2E50 g~2.茶%7ELS%25100')}`);

    const fresh = await (await phoneContext(suite.browser)).newPage();
    const freshErrors = watchErrors(fresh);
    await fresh.goto(link);
    await fresh.getByTestId('shared-cart').getByText('The shared cart is now your cart.').waitFor();
    await linesAre(fresh, { [DOTTED]: 2, [OTHER]: 1 });
    assert.deepEqual(errors, []);
    assert.deepEqual(freshErrors, []);
  });
});

describe('embedding', () => {
  const suite = sharedShop();
  let other, otherPort;
  // One plain server for the other sites: as http://localhost:PORT it is the blog that
  // embeds the shop, as http://127.0.0.1:PORT a third site (the shop is on another port).
  before(async () => {
    other = createServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      res.setHeader('content-type', 'text/html; charset=utf-8');
      if (url.pathname === '/blog') {
        res.end(`<!doctype html><html><head><meta charset="utf-8"><title>A tea blog</title></head>
          <body style="margin:0"><h1>My favourite tea</h1>${url.searchParams.get('snippet')}
          <iframe id="third" src="http://127.0.0.1:${otherPort}/third" title="ad" style="height:50px"></iframe>
          <p id="after">The end.</p>
          <script>window.heard = 0; addEventListener('message', (e) => { if (e.data && e.data.from === 'third') window.heard++; });
          // Every shop size message, with the iframe it came from and that iframe's height
          // when it arrived (capture: before embed.js applies it).
          window.sizes = [];
          addEventListener('message', (e) => {
            if (!e.data || e.data.microshop !== 'size' || e.data.from) return;
            const f = [...document.querySelectorAll('iframe')].find((el) => el.contentWindow === e.source);
            window.sizes.push({ origin: e.origin, id: f ? f.id || f.src : null, height: e.data.height, was: f ? f.style.height : null });
          }, true);</script>
          </body></html>`);
      } else if (url.pathname === '/third') {
        // Tries to set the shop frame's height, as often as it can.
        res.end(`<!doctype html><title>third</title><script>
          setInterval(() => { parent.postMessage({ microshop: 'size', height: 7, from: 'third' }, '*'); }, 20);
          </script>`);
      } else {
        res.statusCode = 204; // favicon.ico and the like
        res.end();
      }
    });
    await new Promise((ok) => other.listen(0, '127.0.0.1', ok));
    otherPort = other.address().port;
  });
  after(() => other?.close());

  it('oEmbed answers for a product of this shop and refuses a foreign URL', async () => {
    const shopUrl = suite.server.url;
    const ask = (url, extra = '') => fetch(`${shopUrl}/oembed?url=${encodeURIComponent(url)}${extra}`);
    const answer = await ask(`${shopUrl}/p/jasmine-pearls/`, '&format=json');
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type'), /application\/json/);
    const json = await answer.json();
    assert.equal(json.type, 'rich');
    assert.equal(json.version, '1.0');
    assert.match(json.html, /data-layout="card"/);
    // An SVG picture is no thumbnail (chat apps do not show SVG): serve gives the PNG
    // preview publish draws (`serve --site`), and none without a published site.
    assert.equal(json.thumbnail_url, undefined);
    assert.equal((await ask('https://elsewhere.example/p/jasmine-pearls/')).status, 404);
    assert.equal((await ask(`${shopUrl}/p/jasmine-pearls/`, '&format=xml')).status, 501);
    // Discovery: the served product page names the endpoint.
    const page = await (await fetch(`${shopUrl}/p/jasmine-pearls/`)).text();
    assert.match(page, /<link rel="alternate" type="application\/json\+oembed" href="[^"]+\/oembed\?url=/);
  });

  it('sizes itself in a page of another origin, ignores other frames, and hands off to a top-level checkout', async () => {
    const shopUrl = suite.server.url;
    const blogOrigin = `http://localhost:${otherPort}`;
    // The snippet exactly as oEmbed gives it.
    const { html: snippet } = await (await fetch(`${shopUrl}/oembed?url=${encodeURIComponent(`${shopUrl}/p/jasmine-pearls/`)}`)).json();
    const context = await phoneContext(suite.browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${blogOrigin}/blog?snippet=${encodeURIComponent(snippet)}`);

    const iframe = page.locator('iframe[src*="embed=card"]');
    await iframe.waitFor();
    assert.equal(await iframe.getAttribute('loading'), 'lazy');
    assert.equal(await iframe.getAttribute('title'), '茉莉龙珠', 'titled with the product');
    const src = new URL(await iframe.getAttribute('src'));
    assert.equal(src.origin, shopUrl);
    assert.equal(src.searchParams.get('parent'), blogOrigin);
    assert.equal(await iframe.evaluate((el) => getComputedStyle(el).borderTopWidth), '0px');

    // The frame says its height; the iframe takes it (from the reserved 560px).
    const frame = await (await iframe.elementHandle()).contentFrame();
    await frame.locator('.product__title').waitFor();
    assert.equal(await frame.locator('.backbar').isVisible(), false, 'the compact card: no way back');
    assert.equal(await frame.locator('.product__description').isVisible(), false, 'and no description');
    assert.equal(await frame.locator('html').getAttribute('data-embed'), 'card');
    const fits = async () => {
      const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
      const box = await iframe.evaluate((el) => el.getBoundingClientRect().height);
      return Math.abs(content - box) <= 1 ? content : null;
    };
    await page.waitForFunction(() => document.querySelector('iframe[src*="embed=card"]').style.height !== '560px');
    const height = await frameSettled(iframe);
    assert.ok(height > 200, `the iframe follows its content (${height})`);

    // The third site's frame keeps sending size messages: heard by the page, not taken.
    await page.waitForFunction(() => window.heard >= 10);
    assert.equal(await fits(), height);

    // The content grows (the buy box shows a cart bar): the iframe follows.
    await frame.getByRole('button', { name: 'Add to cart' }).click();
    const handoff = frame.locator('.cart-bar a[target=_blank]');
    await handoff.waitFor();
    await page.waitForFunction((h) => parseFloat(document.querySelector('iframe[src*="embed=card"]').style.height) > h, height);
    assert.ok(await frameSettled(iframe) > height, 'the iframe grew with its content');
    assert.equal(await handoff.getAttribute('target'), '_blank');
    assert.equal(await handoff.getAttribute('rel'), 'noopener');
    assert.equal(await handoff.getAttribute('href'), `${shopUrl}/cart/?cart=1.JP-50`);

    // Buying continues in a top-level tab, with the cart carried in the link.
    const [tab] = await Promise.all([context.waitForEvent('page'), handoff.click()]);
    await tab.getByRole('heading', { name: 'Cart' }).waitFor();
    await takeSharedCart(tab);
    await linesAre(tab, { 'JP-50': 1 });
    assert.equal(await tab.evaluate(() => window.opener), null);
    assert.equal(await tab.evaluate(() => window.top === window), true);
    const buyer = new Shop(tab, shopUrl);
    await tab.getByRole('link', { name: 'Checkout' }).click();
    await buyer.fillCheckout();
    await buyer.placeOrder();
    const id = await buyer.expectConfirmation();
    const stored = orders(suite.server.db);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].order_id, id);
    assert.deepEqual(stored[0].lines.map((l) => [l.sku, l.quantity]), [['JP-50', 1]]);

    // Inside the frame there is no checkout: no form, no order sent from a frame.
    await frame.goto(`${shopUrl}/checkout/`);
    await frame.getByText('Checkout continues in a new tab, with your cart.').waitFor();
    assert.equal(await frame.getByRole('button', { name: 'Place order' }).count(), 0);

    // The same frame window at another origin: its size messages are refused too.
    const before = await iframe.evaluate((el) => el.style.height);
    await frame.goto(`http://127.0.0.1:${otherPort}/third`);
    const heard = await page.evaluate(() => window.heard);
    await page.waitForFunction((n) => window.heard >= n + 20, heard);
    assert.equal(await iframe.evaluate((el) => el.style.height), before);
    assert.deepEqual(errors, []);
  });
  for (const [layout, reserved] of [['grid', 720], ['shop', 900]]) {
    it(`the ${layout} layout from another origin: compact, sized to its content, no jump`, async () => {
      const shopUrl = suite.server.url;
      const blogOrigin = `http://localhost:${otherPort}`;
      const snippet = `<script src="${shopUrl}/embed.js" async></script>
        <div data-microshop="${shopUrl}/" data-layout="${layout}" data-title="Our teas" style="min-height:${reserved}px"></div>`;
      const page = await (await phoneContext(suite.browser)).newPage();
      const errors = watchErrors(page);
      await page.goto(`${blogOrigin}/blog?snippet=${encodeURIComponent(snippet)}`);
      const iframe = page.locator(`iframe[src*="embed=${layout}"]`);
      await iframe.waitFor();
      const src = new URL(await iframe.getAttribute('src'));
      assert.equal(src.origin, shopUrl);
      assert.equal(src.searchParams.get('parent'), blogOrigin);
      const frame = await (await iframe.elementHandle()).contentFrame();
      // The app's grid, not index.html's skeleton cards (drawn before the app starts).
      await shopShown(frame);
      assert.equal(await frame.locator('html').getAttribute('data-embed'), layout);
      if (layout === 'grid') {
        // Only the products: no seller, search, category chips or footer.
        for (const hidden of ['.seller', '.toolbar', '.chips', '.site-footer']) {
          assert.equal(await frame.locator(`${hidden}:visible`).count(), 0, hidden);
        }
      } else {
        // The whole shop, with nothing fixed or stuck to the frame's edges.
        assert.equal(await frame.locator('.seller').isVisible(), true);
        assert.equal(await frame.locator('.toolbar').isVisible(), true);
        assert.equal(await frame.locator('.toolbar').evaluate((el) => getComputedStyle(el).position), 'static');
      }
      // No jump: until the shop's first size message the iframe is the reserved height.
      await page.waitForFunction(() => window.sizes.length > 0);
      const first = await page.evaluate(() => window.sizes[0]);
      assert.equal(first.origin, shopUrl);
      assert.equal(first.was, `${reserved}px`, 'the frame starts at the reserved height');
      // Then it is as tall as its content.
      const height = await frameSettled(iframe, { slack: 2 });
      assert.ok(height > 200, `the iframe follows its content (${height})`);
      assert.deepEqual(errors, []);
    });
  }

  it('a frame told a false parent origin posts no size to the page', async () => {
    const shopUrl = suite.server.url;
    const blogOrigin = `http://localhost:${otherPort}`;
    const card = (id, parent) => `<iframe id="${id}" title="${id}" style="height:300px"
      src="${shopUrl}/p/jasmine-pearls/?embed=card&amp;parent=${encodeURIComponent(parent)}"></iframe>`;
    // Framed by hand (no embed.js): one told the truth, one told a third site's origin,
    // one told the page's address rather than its origin (postMessage would deliver to it).
    const snippet = card('honest', blogOrigin) + card('third-origin', `http://127.0.0.1:${otherPort}`)
      + card('not-an-origin', `${blogOrigin}/blog`);
    const page = await (await phoneContext(suite.browser)).newPage();
    const errors = watchErrors(page);
    await page.goto(`${blogOrigin}/blog?snippet=${encodeURIComponent(snippet)}`);
    const frames = {};
    for (const id of ['third-origin', 'not-an-origin', 'honest']) {
      frames[id] = page.frameLocator(`#${id}`);
      await frames[id].locator('.product__title').waitFor();
      // The content grows: a framed shop that would tell its height tells it now.
      await frames[id].getByRole('button', { name: 'Add to cart' }).click();
      await frames[id].locator('.cart-bar a[target=_blank]').waitFor();
    }
    // The honest frame, last to grow, has told the page its new height...
    await page.waitForFunction(() => window.sizes.filter((m) => m.id === 'honest').length >= 2);
    // ...and the others never said a word.
    const from = await page.evaluate(() => [...new Set(window.sizes.map((m) => m.id))]);
    assert.deepEqual(from, ['honest']);
    assert.deepEqual(errors, []);
  });

  it("carries the embedding page's referral code into the top-level tab and the order", async () => {
    const shopUrl = suite.server.url;
    const blogOrigin = `http://localhost:${otherPort}`;
    // A blogger embeds their referral link.
    const snippet = `<script src="${shopUrl}/embed.js" async></script>
      <div data-microshop="${shopUrl}/p/jasmine-pearls/?ref=tea-blog" data-layout="card" style="min-height:560px"></div>`;
    const context = await phoneContext(suite.browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${blogOrigin}/blog?snippet=${encodeURIComponent(snippet)}`);
    const iframe = page.locator('iframe[src*="embed=card"]');
    await iframe.waitFor();
    assert.equal(new URL(await iframe.getAttribute('src')).searchParams.get('ref'), 'tea-blog');
    const frame = await (await iframe.elementHandle()).contentFrame();
    await frame.getByRole('button', { name: 'Add to cart' }).click();
    // From the frame's address...
    const bar = frame.locator('.cart-bar a[target=_blank]');
    await bar.waitFor();
    assert.equal(await bar.getAttribute('href'), `${shopUrl}/cart/?cart=1.JP-50&ref=tea-blog`);
    // ...and, once the address no longer has it, from the code the frame's checkout keeps
    // (in memory: this browser gives a frame of another site no storage at all). The
    // buyer moves on inside the frame: an in-app navigation to the checkout.
    await frame.evaluate(() => {
      history.pushState(null, '', '/checkout/');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    assert.equal(new URL(frame.url()).search, '');
    const handoff = frame.getByTestId('handoff');
    await handoff.waitFor();
    assert.equal(await handoff.getAttribute('href'), `${shopUrl}/cart/?cart=1.JP-50&ref=tea-blog`);

    const [tab] = await Promise.all([context.waitForEvent('page'), handoff.click()]);
    await takeSharedCart(tab);
    await linesAre(tab, { 'JP-50': 1 });
    const buyer = new Shop(tab, shopUrl);
    await tab.getByRole('link', { name: 'Checkout' }).click();
    await buyer.fillCheckout();
    await buyer.placeOrder();
    const id = await buyer.expectConfirmation();
    const order = orders(suite.server.db).find((o) => o.order_id === id);
    assert.ok(order, 'the order is stored');
    assert.equal(order.referral, 'tea-blog', 'the blogger is credited');
    assert.deepEqual(errors, []);
  });
});
