// Parts loaded on demand (src/on_demand.rs, scripts/split.mjs): the first load of the
// feed and of a product page fetches none of them; each part loads and works when a
// buyer needs it; a part that fails to arrive is said in the buyer's language with a
// retry that recovers, and the cart is still there.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT, phoneContext, sharedShop, watchErrors } from './harness.mjs';
import { buyerFiles } from '../../scripts/parts.mjs';
import { Shop } from './shop.mjs';
import { countIs, shopShown } from './wait.mjs';

const { parts } = buyerFiles(DIST);
// A part by its own module (the first of its files); chunks shared by several parts name none.
const partOf = (url) => Object.entries(parts).find(([, files]) => url.endsWith(`/${files[0]}`))?.[0];
const isPartFile = (url) => Object.values(parts).flat().some((f) => url.endsWith(`/${f}`));
const cartSku = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('microshop:v1:lantern-tea:cart')).lines[0].sku);
const words = (tag) => JSON.parse(readFileSync(join(ROOT, 'locales', `${tag}.json`), 'utf8'));

describe('parts loaded on demand', () => {
  const suite = sharedShop();

  async function buyer(options = {}) {
    const context = await phoneContext(suite.browser, options);
    const page = await context.newPage();
    const fetched = [];
    page.on('request', (r) => { if (isPartFile(r.url())) fetched.push(partOf(r.url()) ?? 'a shared chunk'); });
    return { context, page, fetched, errors: watchErrors(page), shop: new Shop(page, suite.server.url) };
  }

  /** Resolves after the browser has been idle twice: an idle-time prefetch would have started by then. */
  const afterIdle = (page) => page.evaluate(async () => {
    for (let i = 0; i < 2; i++) await new Promise((r) => (window.requestIdleCallback ?? setTimeout)(r, { timeout: 5000 }));
  });

  it('the build has the parts the app asks for', () => {
    assert.deepEqual(Object.keys(parts).sort(), ['buying', 'embed', 'parts', 'share', 'trust']);
  });

  it('the feed and a product page load without any part', async () => {
    const { context, page, fetched, errors, shop } = await buyer();
    await page.goto(`${suite.server.url}/`);
    // Not index.html's skeleton cards (\`.grid .card\` too): the app's grid.
    await shopShown(page);
    await page.getByRole('searchbox').fill('jasmine');
    await page.locator('.grid .card').filter({ hasText: 'Jasmine pearls' }).first().waitFor();
    await afterIdle(page);
    await shop.openProduct('jasmine-pearls');
    await page.getByRole('button', { name: 'Add to cart' }).waitFor();
    await afterIdle(page);
    assert.deepEqual(fetched, [], 'no part on the first load with an empty cart');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a cart with something in it fetches the buying part when idle; checkout and the order page work from it', async () => {
    const { context, page, fetched, errors, shop } = await buyer();
    await shop.openProduct('jasmine-pearls');
    const prefetched = page.waitForResponse((r) => partOf(r.url()) === 'buying');
    await shop.addToCart();
    await prefetched;
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('link', { name: 'Checkout' }).click();
    await shop.fillCheckout();
    await shop.placeOrder();
    await shop.expectConfirmation();
    assert.ok(!fetched.includes('share'), 'the share part is not fetched unless a panel opens');
    // This shop's serve signs nothing (no --receipt-key): no receipt, no check to load.
    assert.ok(!fetched.includes('trust'), 'the trust part is fetched only for a signed receipt');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the share panels come from their part: QR code, poster, referral link', async () => {
    const { context, page, fetched, errors, shop } = await buyer();
    await shop.openProduct('jasmine-pearls');
    await page.getByRole('button', { name: 'QR code' }).click();
    await page.locator('svg.qr path').waitFor();
    assert.ok(fetched.includes('share'));
    await page.getByRole('button', { name: 'Poster' }).click();
    await page.locator('img.poster__image').waitFor();
    await page.getByRole('button', { name: 'Referral link' }).click();
    await page.getByRole('button', { name: 'Make one for me' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a page loading on demand is drawn in its place: nothing moves when it arrives, its heading stays put', async () => {
    const { context, page, errors, shop } = await buyer();
    // The buying part is held back until the cart's frame is drawn, as on a slow network
    // (a shift more than 500 ms after the tap counts in CLS; this one came whenever the
    // part did, and was 0.43 in a phone's viewport: the footer up under the frame, then down).
    const buying = new RegExp(`/(${parts.buying.map((f) => f.replace(/\./g, '\\.')).join('|')})$`);
    let arrive;
    const arrived = new Promise((ok) => { arrive = ok; });
    await page.route(buying, async (route) => { await arrived; await route.continue(); });
    await shop.openProduct('jasmine-pearls');
    await shop.addToCart();
    // Every layout shift from here on, with the time of the frame it was in.
    await page.evaluate(() => {
      window.shifts = [];
      window.seen = new PerformanceObserver((list) => window.shifts.push(...list.getEntries()));
      window.seen.observe({ type: 'layout-shift' });
    });
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.locator('.on-demand[aria-busy="true"]').getByRole('heading', { name: 'Cart' }).waitFor();
    // The frame painted twice: what the tap itself moved is before `since`.
    const framed = await page.evaluate(async () => {
      await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
      return { since: performance.now(), heading: document.querySelector('.on-demand h1').getBoundingClientRect().toJSON() };
    });
    arrive();
    await page.locator('main li.line[data-sku]').first().waitFor();
    // The page painted twice: a shift in its first frame is delivered or in the observer's records.
    const arrivedPage = await page.evaluate(async (since) => {
      await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
      const shifts = [...window.shifts, ...window.seen.takeRecords()].filter((e) => e.startTime >= since)
        .map((e) => ({ value: e.value, moved: e.sources.map((s) => `${s.node?.nodeName}.${s.node?.className ?? ''}`) }));
      return { shifts, heading: document.querySelector('main h1').getBoundingClientRect().toJSON() };
    }, framed.since);
    assert.deepEqual(arrivedPage.shifts, [], 'nothing moves when the page arrives');
    const place = (box) => [box.x, box.y, box.width].map(Math.round);
    assert.deepEqual(place(framed.heading), place(arrivedPage.heading), 'the frame\'s heading is where the page has its own');
    assert.deepEqual(errors, []);
    await context.close();
  });

  for (const tag of ['en', 'zh-CN']) {
    it(`a part that fails to arrive is said (${tag}), and trying again recovers it with the cart kept`, async () => {
      const { context, page } = await buyer({ locale: tag });
      const buying = new RegExp(`/(${parts.buying.map((f) => f.replace(/\./g, '\\.')).join('|')})$`);
      await page.route(buying, (route) => route.abort('internetdisconnected'));
      await page.goto(`${suite.server.url}/p/jasmine-pearls/`);
      await page.locator('.product__title').waitFor();
      await page.locator('button.buy__add').click();
      await page.getByTestId('cart-count').filter({ hasText: '1' }).waitFor();
      await page.goto(`${suite.server.url}/cart/`);
      const said = words(tag).part_not_loaded;
      await page.getByRole('alert').filter({ hasText: said }).waitFor();
      // The network is back: the same page, without a reload.
      await page.unroute(buying);
      await page.getByRole('button', { name: words(tag).try_again }).click();
      await countIs(page.locator('li.line[data-sku]'), 1); // the cart is kept
      assert.equal(await page.locator('li.line[data-sku]').getAttribute('data-sku'), await cartSku(page));
      await context.close();
    });
  }
});
