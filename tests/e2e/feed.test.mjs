// The feed at phone size: renders the demo shop, and search, category and sort live in the URL.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, phoneContext, sharedShop, startServer, watchErrors } from './harness.mjs';
import { countIs, shopShown, textIs, until, valueIs } from './wait.mjs';

const DEMO = JSON.parse(readFileSync(join(ROOT, 'public', 'shop.json'), 'utf8'));
/** How many of the demo's products are in `category`. */
const inCategory = (category) => DEMO.catalog.products.filter((p) => p.category === category).length;
/** The app's product cards (index.html's skeleton cards are `.card`s too). */
const CARDS = 'main .card:not(.card--skeleton)';

describe('feed', () => {
  const suite = sharedShop();

  it('renders the demo shop at 390x844 with seller, trust strip and products', async () => {
    const page = await (await phoneContext(suite.browser)).newPage();
    const errors = watchErrors(page);
    await page.goto(suite.server.url);
    await page.getByRole('heading', { level: 1, name: 'Lantern Tea House' }).waitFor();
    await shopShown(page);
    await countIs(page.locator(CARDS), DEMO.catalog.products.length);
    assert.equal(await page.locator('#boot').count(), 0, 'the boot skeleton is gone');
    // The first card is fully inside a phone viewport's width and shows a price in yuan.
    const first = page.locator(CARDS).first();
    const box = await first.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
    assert.match(await first.innerText(), /¥\s?\d/);
    assert.ok(await page.getByText('Ships within 2 days').isVisible());
    assert.equal(await page.locator('.badge--sold-out').count(), 1, 'one product is sold out');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.deepEqual(errors, []);
  });

  it('mounts the cards past the first screen after it: all of them in the end, in order, the first ones and the focus kept', async () => {
    // The first feed of a visit mounts the first screen's cards with the page and the
    // rest in later tasks (src/catalog/feed.rs): whatever the page has drawn when it is
    // first seen stays, and the grid ends complete.
    const context = await phoneContext(suite.browser);
    // How many app cards the page had at the end of the task that put the first ones in
    // (a mutation observer's callback runs before any later task); a published page's
    // prerendered cards, in #boot, are not the app's.
    await context.addInitScript((selector) => {
      new MutationObserver((_, observer) => {
        const n = [...document.querySelectorAll(selector)].filter((c) => !c.closest('#boot')).length;
        if (n > 0) {
          window.firstCards = n;
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    }, CARDS);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(suite.server.url);
    const cards = page.locator(CARDS);
    await cards.first().waitFor();
    assert.equal(await page.evaluate(() => window.firstCards), 6, 'the takeover mounts the 6 cards publish prerenders');
    // Marks the cards there now, and takes the focus to the first one's link.
    const seen = await page.evaluate((selector) => {
      const shown = [...document.querySelectorAll(selector)];
      for (const card of shown) card.dataset.seen = 'yes';
      shown[0].querySelector('a').focus();
      return { n: shown.length, y: scrollY };
    }, CARDS);
    await countIs(cards, DEMO.catalog.products.length);
    const after = await page.evaluate(([selector, n]) => {
      const shown = [...document.querySelectorAll(selector)];
      return {
        paths: shown.map((c) => new URL(c.querySelector('a').href).pathname),
        kept: shown.slice(0, n).every((c) => c.dataset.seen === 'yes'),
        focused: document.activeElement === shown[0].querySelector('a'),
        y: scrollY,
      };
    }, [CARDS, seen.n]);
    assert.deepEqual(after.paths, DEMO.catalog.products.map((p) => `/p/${p.id}/`), "every card, in the shop's order");
    assert.ok(after.kept, `the ${seen.n} cards shown first are the same elements, not drawn again`);
    assert.ok(after.focused, 'the focus stays on the first card');
    assert.equal(after.y, seen.y, 'nothing scrolled');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('shows Chinese to a Chinese browser', async () => {
    const page = await (await phoneContext(suite.browser, { locale: 'zh-CN' })).newPage();
    await page.goto(suite.server.url);
    await page.getByRole('heading', { level: 1, name: '灯笼茶铺' }).waitFor();
    await shopShown(page);
    assert.ok(await page.getByPlaceholder('搜索商品').isVisible());
    assert.match(await page.locator(CARDS).first().innerText(), /¥/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  });

  it('searches as you type, filters by category and sorts, all in the URL', async () => {
    const page = await (await phoneContext(suite.browser)).newPage();
    await page.goto(suite.server.url);
    await shopShown(page);
    const cards = page.locator(CARDS);
    // The whole demo catalog, known from shop.json (not read from the page, where it
    // would be whatever the grid had drawn by then).
    const all = DEMO.catalog.products.length;
    await countIs(cards, all);

    // The grid follows the address a moment later: wait for it, not only for the address.
    await page.getByRole('searchbox', { name: 'Search' }).fill('jasmine');
    await page.waitForURL(/\?q=jasmine/);
    await until(async () => (await cards.count()) < all, { what: 'the search to narrow the grid' });
    await textIs(cards.first(), /Jasmine/i);

    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await page.getByRole('button', { name: 'Oolong' }).click();
    await page.waitForURL(/cat=oolong/);
    const oolong = inCategory('oolong');
    assert.ok(oolong > 0 && oolong < all);
    await countIs(cards, oolong);
    assert.equal(await page.getByRole('button', { name: 'Oolong' }).getAttribute('aria-pressed'), 'true');

    await page.getByLabel('Sort').selectOption('price-up');
    await page.waitForURL(/sort=price-up/);
    const prices = async () => (await page.locator(`${CARDS} .card__price .price:not(.price--former)`).allInnerTexts())
      .map((p) => Number(p.replace(/[^\d.]/g, '')));
    await until(async (note) => {
      const numbers = await prices();
      note(numbers);
      return numbers.length === oolong && numbers.every((n, i) => i === 0 || numbers[i - 1] <= n);
    }, { what: 'the grid sorted by price, lowest first' });

    // The URL alone reproduces the view in a fresh tab.
    const shared = page.url();
    const other = await (await phoneContext(suite.browser)).newPage();
    await other.goto(shared);
    await shopShown(other);
    await countIs(other.locator(CARDS), oolong);
    await valueIs(() => other.getByLabel('Sort').inputValue(), 'price-up', 'the fresh tab\'s sort');
    assert.deepEqual(await other.locator(`${CARDS} .card__title`).allInnerTexts(), await page.locator(`${CARDS} .card__title`).allInnerTexts());

    await page.getByRole('searchbox', { name: 'Search' }).fill('no such tea at all');
    await page.getByText('No products match.').waitFor();
    await page.getByRole('button', { name: 'Show all products' }).click();
    await page.waitForURL((u) => u.search === '');
    await countIs(cards, all);
  });

  it('a category tap writes the history once, after the frame of the new feed; a search typed before keeps its own entry', async () => {
    // Counts, not timings (docs/performance.md, "A category tap"): the history's writes,
    // and whether a frame had begun since the tap when each was made.
    const context = await phoneContext(suite.browser);
    await context.addInitScript(() => {
      window.__writes = [];
      let framed = true;
      addEventListener('click', () => { framed = false; requestAnimationFrame(() => { framed = true; }); }, true);
      for (const name of ['pushState', 'replaceState']) {
        const real = History.prototype[name];
        History.prototype[name] = function (state, title, url) {
          window.__writes.push({ name, url: String(url), framed });
          return real.call(this, state, title, url);
        };
      }
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(suite.server.url);
    await shopShown(page);
    const cards = page.locator(CARDS);
    await countIs(cards, DEMO.catalog.products.length);
    const writes = () => page.evaluate(() => window.__writes.map(({ name, url, framed }) => `${name} ${url.replace(/^.*\//, '')} ${framed ? 'after a frame' : 'in the tap'}`));
    const clear = () => page.evaluate(() => { window.__writes = []; });

    await clear();
    await page.getByRole('button', { name: 'Oolong' }).click();
    await page.waitForURL(/\?cat=oolong$/);
    await countIs(cards, inCategory('oolong'));
    assert.deepEqual(await writes(), ['pushState ?cat=oolong after a frame']);

    // Typed, then a tap at once: the search's entry is written, then the tap's.
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.waitForURL((u) => u.search === '');
    await clear();
    await page.getByRole('searchbox', { name: 'Search' }).fill('tea');
    await page.getByRole('button', { name: 'Oolong' }).click();
    await page.waitForURL(/\?q=tea&cat=oolong$/);
    assert.deepEqual(await writes(), ['replaceState ?q=tea after a frame', 'pushState ?q=tea&cat=oolong after a frame']);
    await page.goBack();
    await page.waitForURL(/\?q=tea$/);
    await valueIs(() => page.getByRole('searchbox', { name: 'Search' }).inputValue(), 'tea', 'the search box after Back');
    assert.equal(await page.getByRole('button', { name: 'All', exact: true }).getAttribute('aria-pressed'), 'true');
    assert.deepEqual(errors, []);
  });

  it('search ignores the case of every script, not only ASCII (the browser lowercases)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'microshop-case-'));
    const doc = JSON.parse(readFileSync(join(ROOT, 'public', 'shop.json'), 'utf8'));
    doc.catalog.products[0].title.en = 'ÉTÉ Jasmine ΣΟΦΙΑ';
    writeFileSync(join(dir, 'shop.json'), JSON.stringify(doc));
    const shop = await startServer({ manifest: join(dir, 'shop.json') });
    try {
      const page = await (await phoneContext(suite.browser)).newPage();
      await page.goto(shop.url);
      const cards = page.locator('.card');
      await cards.first().waitFor();
      for (const [typed, url] of [['été', /\?q=%C3%A9t%C3%A9/], ['σοφια', /\?q=%CF%83/], ['ÉtÉ', /\?q=%C3%89t%C3%89/]]) {
        await page.getByRole('searchbox', { name: 'Search' }).fill(typed);
        await page.waitForURL(url);
        // The grid of every product narrows to one card, or to none when the case did not fold.
        await page.waitForFunction(() => document.querySelectorAll('.card').length <= 1);
        assert.deepEqual(await page.locator('.card .card__title').allInnerTexts(), ['ÉTÉ Jasmine ΣΟΦΙΑ'], typed);
      }
    } finally {
      await shop.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads a catalog kept in a separate file, priced in yen without decimals', async () => {
    const split = await startServer({ manifest: join(ROOT, 'tests/e2e/fixtures/split-shop/shop.json') });
    try {
      const page = await (await phoneContext(suite.browser)).newPage();
      await page.goto(split.url);
      await page.getByRole('heading', { level: 1, name: 'Kyoto Paper Co.' }).waitFor();
      await shopShown(page);
      await countIs(page.locator(CARDS), 2);
      assert.match(await page.locator(CARDS, { hasText: 'Washi letter set' }).innerText(), /¥1,800(?!\.)/);
    } finally {
      await split.stop();
    }
  });

  it('shows the problems of a broken manifest instead of a blank page', async () => {
    const broken = await startServer({ manifest: join(ROOT, 'crates/cli/tests/fixtures/broken-shop.json') });
    try {
      const page = await (await phoneContext(suite.browser)).newPage();
      await page.goto(broken.url);
      await page.getByRole('heading', { name: "This shop's file has problems" }).waitFor();
      const text = await page.locator('.problems').innerText();
      assert.match(text, /seller\.name\s+is required/);
      assert.match(text, /catalog\.products\[1\] \(a\)\.price\s+"12\.345" has more than 2 decimals/);
      assert.match(text, /order\.endpoint\s+"http:\/\/orders\.example\.com\/hook" is not https/);
      await countIs(page.locator('.problems li'), 9);
    } finally {
      await broken.stop();
    }
  });

  it('a locale tag the browser refuses is reported, not a blank page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'microshop-locale-'));
    const doc = JSON.parse(readFileSync(join(ROOT, 'public', 'shop.json'), 'utf8'));
    doc.locales = ['zh-CN', 'en-a1'];
    writeFileSync(join(dir, 'shop.json'), JSON.stringify(doc));
    const shop = await startServer({ manifest: join(dir, 'shop.json') });
    try {
      const page = await (await phoneContext(suite.browser)).newPage();
      const errors = watchErrors(page);
      await page.goto(shop.url);
      await page.getByRole('heading', { name: "This shop's file has problems" }).waitFor();
      assert.match(await page.locator('.problems').innerText(), /locales\[1\]\s+"en-a1" is not a locale tag/);
      assert.deepEqual(errors, []);
    } finally {
      await shop.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
