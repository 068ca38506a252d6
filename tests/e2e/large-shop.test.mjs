// A 10,000-product shop (`microshop generate`), published (`microshop publish`, which
// writes it in parts: docs/publishing.md) and served two ways: on a plain static host
// and by `microshop serve --site`. The storefront reads the parts: the first visit
// fetches the first page's products, not the whole catalog; the feed mounts one page
// of cards (a bounded DOM, counted); search, category and the last page reach every
// product; a product the shop did not come with is fetched for its page; the cart
// keeps it across a reload; a shared-cart link naming products the shop did not come
// with offers them all (found through the sku index); the language switches; an order
// is placed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DIST, freePort, launchBrowser, phoneContext, serving, watchErrors } from './harness.mjs';
import { orders } from './db.mjs';
import { Shop } from './shop.mjs';
import { countIs, shopShown, textIs, until, valueIs } from './wait.mjs';

const PRODUCTS = 10_000;
const PER_PAGE = 48; // microshop_core::catalog::index::PER_PAGE
/** The DOM budget of the feed at 10,000 products, by count (issue 16 item 3). */
const MAX_NODES = 2_000;
const CARDS = 'main .card:not(.card--skeleton)';

const nodes = (page) => page.evaluate(() => document.getElementsByTagName('*').length);

/** Skus that need the shared-cart link's escapes (`.` %2E, `~` %7E, `%` %25). */
const ESCAPED = { plain: 'BLC.50 g', variant: '茶~LS%100' };

describe('a 10,000-product shop, published in parts', () => {
  let browser, dir, catalog, escaped, statik, site, staticHost, served, db;
  /** A phone's page on the static host's feed with every card here (the pager says
   * which page this is) and "t" typed into its search. */
  /** Each card of `page` (link, title, price, picture) is the one a fresh load of the
   * search `q` shows in its place. */
  const sameAsFresh = async (page, q) => {
    const cardsOf = (p) => p.evaluate(() => [...document.querySelectorAll('#products > li')].map((li) => [
      li.querySelector('a')?.getAttribute('href'), li.querySelector('.card__title')?.textContent,
      li.querySelector('.card__price')?.textContent, li.querySelector('img')?.getAttribute('src')]));
    const fresh = await page.context().newPage();
    await fresh.goto(`${statik}/?q=${q}`);
    await fresh.locator('.pager__of').waitFor();
    await shopShown(fresh);
    const want = await cardsOf(fresh);
    assert.equal(want.length, PER_PAGE);
    assert.deepEqual(await cardsOf(page), want, `the cards of ?q=${q}`);
    await fresh.close();
  };
  const typedT = async () => {
    const page = await (await phoneContext(browser)).newPage();
    const errors = watchErrors(page);
    await page.goto(`${statik}/`);
    await shopShown(page);
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.focus();
    await page.locator('.pager__of').waitFor();
    await search.press('t');
    await page.waitForURL(/\?q=t$/);
    return { page, errors, search };
  };
  before(async () => {
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), 'microshop-large-'));
    const shop = join(dir, 'shop');
    execFileSync(BIN, ['generate', '--products', String(PRODUCTS), '--seed', '16', shop], { stdio: 'pipe' });
    // Two skus past the first page made of the shared-cart link's own separators
    // (`.`, `~`) and escape (`%`), as `check` allows: the parts' sku index must find
    // them by what the link carries, escaped.
    const doc = JSON.parse(readFileSync(join(shop, 'shop.json'), 'utf8'));
    const plainAt = doc.catalog.products.findIndex((p, i) => i > 8000 && p.sku && !p.max_qty && (p.stock == null || p.stock >= 2));
    const variedAt = doc.catalog.products.findIndex((p, i) => i > 3000 && i < 5000 && p.variants && !p.max_qty
      && p.variants.some((v) => v.price && (v.stock == null || v.stock >= 1)));
    doc.catalog.products[plainAt].sku = ESCAPED.plain;
    doc.catalog.products[variedAt].variants.find((v) => v.price && (v.stock == null || v.stock >= 1)).sku = ESCAPED.variant;
    writeFileSync(join(shop, 'shop.json'), JSON.stringify(doc));
    catalog = doc.catalog;
    escaped = { plain: doc.catalog.products[plainAt], varied: doc.catalog.products[variedAt] };
    // One folder, served by both: the app's addresses are paths (the absolute URLs are
    // for crawlers and link previews).
    const staticPort = await freePort();
    const servePort = await freePort();
    statik = `http://127.0.0.1:${staticPort}`;
    site = `http://127.0.0.1:${servePort}`;
    const out = join(dir, 'site');
    execFileSync(BIN, ['publish', join(shop, 'shop.json'), out, '--base-url', `${site}/`, '--dist', DIST], { stdio: 'pipe' });
    staticHost = await serving('python3', ['-m', 'http.server', String(staticPort), '--bind', '127.0.0.1', '--directory', out], `${statik}/`);
    db = join(dir, 'orders.sqlite');
    served = await serving(BIN, ['serve', '--site', out, '--addr', `127.0.0.1:${servePort}`, '--db', db], `${site}/`);
  });
  after(async () => {
    staticHost?.kill();
    served?.kill();
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const title = (p) => p.title.en;

  it('static host: the first visit fetches the first page, the feed mounts one page of cards, search and category reach the rest', async () => {
    const page = await (await phoneContext(browser)).newPage();
    const errors = watchErrors(page);
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(`${statik}/`);
    await shopShown(page);
    await countIs(page.locator(CARDS), PER_PAGE);
    assert.ok(fetched.includes('/data/shop.json'), fetched.join(' '));
    assert.ok(!fetched.includes('/shop.json'), 'not the whole catalog');
    assert.ok(!fetched.some((p) => p.startsWith('/data/cards')), 'no cards before the buyer asks for more');
    assert.equal(await page.locator(CARDS).first().locator('.card__title').innerText(), title(catalog.products[0]));
    const first = await nodes(page);
    assert.ok(first < MAX_NODES, `${first} DOM nodes on the first screen`);

    // Search: the last product, by its own title's words (shared by a few others).
    const last = catalog.products[PRODUCTS - 1];
    await page.getByRole('searchbox', { name: 'Search' }).fill(title(last));
    await page.waitForURL(/\?q=/);
    // The cards off the screen are refilled after the frame; the list is busy until then.
    await shopShown(page);
    await page.locator(CARDS).filter({ hasText: title(last) }).first().waitFor();
    const found = await page.locator(CARDS).count();
    assert.ok(found >= 1 && found <= PER_PAGE, `${found} cards`);
    assert.ok((await nodes(page)) < MAX_NODES);

    // A category: one page of its cards, and how many pages it has.
    const category = catalog.categories[1];
    const inCategory = catalog.products.filter((p) => p.category === category.id).length;
    await page.goto(`${statik}/?cat=${category.id}`);
    await shopShown(page);
    await textIs(page.locator('.pager__of'), `Page 1 of ${Math.ceil(inCategory / PER_PAGE)}`);
    await countIs(page.locator(CARDS), Math.min(PER_PAGE, inCategory));
    // Its next page keeps the category (the link was `/cat=...&page=2`: "Page not found").
    assert.ok(inCategory > PER_PAGE, `${inCategory} products in ${category.id}`);
    await page.locator('a[rel=next]').click();
    await page.waitForURL(new RegExp(`\\?cat=${category.id}&page=2#products$`));
    await textIs(page.locator('.pager__of'), `Page 2 of ${Math.ceil(inCategory / PER_PAGE)}`);
    await countIs(page.locator(CARDS), Math.min(PER_PAGE, inCategory - PER_PAGE));
    assert.deepEqual(errors, []);
  });

  it('static host: a keystroke that narrows the search refills the page\'s cards: no item created or removed, no picture set again', async () => {
    // Counts, not timings (docs/performance.md, "A keystroke at 10,000 products"): the
    // page's 48 items are kept and their fields set; removing and creating the items
    // (a keyed list) cost most of a keystroke.
    const { page, errors, search } = await typedT();
    await countIs(page.locator(CARDS), PER_PAGE);
    const before = await page.locator(`${CARDS} .card__title`).allInnerTexts();
    await page.evaluate(() => {
      const seen = window.__seen = { added: 0, removed: 0, same: 0, src: 0 };
      new MutationObserver((list) => {
        for (const m of list) {
          if (m.type === 'childList') {
            seen.added += [...m.addedNodes].filter((n) => n.nodeName === 'LI').length;
            seen.removed += [...m.removedNodes].filter((n) => n.nodeName === 'LI').length;
          } else if (m.attributeName === 'src') {
            seen.src += 1;
            if (m.oldValue === m.target.getAttribute('src')) seen.same += 1;
          }
        }
      }).observe(document.getElementById('products'), { subtree: true, childList: true, attributes: true, attributeOldValue: true });
    });
    await search.press('e');
    await page.waitForURL(/\?q=te$/);
    await until(async () => (await page.locator(`${CARDS} .card__title`).allInnerTexts()).join() !== before.join(), { what: 'the grid to show the narrower search' });
    // Every item refilled: the ones off the screen in a task after the frame (aria-busy until then).
    await shopShown(page);
    await countIs(page.locator(CARDS), PER_PAGE);
    const seen = await page.evaluate(() => window.__seen);
    assert.equal(seen.added, 0, `items created: ${JSON.stringify(seen)}`);
    assert.equal(seen.removed, 0, `items removed: ${JSON.stringify(seen)}`);
    assert.equal(seen.same, 0, `pictures set to the picture they showed: ${JSON.stringify(seen)}`);
    // The items still read as the cards of the search: links to products, in order.
    const first = page.locator(CARDS).first();
    assert.match(await first.locator('a').getAttribute('href'), /\/p\//);
    assert.deepEqual(errors, []);
  });

  it('static host: a keystroke fills the cards on the screen before its frame and the rest after it; each card shows the parts its product has', async () => {
    // The key's own task writes only the cards the buyer can see (docs/performance.md,
    // session 13): none on the screen is drawn with the card it showed before, and the
    // ones below wait for the task after the frame (the list `aria-busy` until then).
    const { page, errors, search } = await typedT();
    await shopShown(page);
    // Which item's link was written before the key's first frame (a requestAnimationFrame
    // callback queued at the keydown runs before that frame is drawn, after the key's task).
    await page.evaluate(() => {
      const seen = window.__written = [];
      let framed = true;
      addEventListener('keydown', () => { framed = false; requestAnimationFrame(() => { framed = true; }); }, true);
      const items = () => [...document.querySelectorAll('#products > li')];
      new MutationObserver((list) => {
        for (const m of list) {
          if (m.attributeName === 'href') seen.push({ item: items().indexOf(m.target.closest('li')), framed });
        }
      }).observe(document.getElementById('products'), { subtree: true, attributes: true });
    });
    await search.press('e');
    await page.waitForURL(/\?q=te$/);
    await shopShown(page);
    const { written, onScreen } = await page.evaluate(() => {
      const items = [...document.querySelectorAll('#products > li')];
      const on = items.map((li, i) => [i, li.getBoundingClientRect()])
        .filter(([, r]) => r.bottom > 0 && r.top < innerHeight).map(([i]) => i);
      return { written: window.__written, onScreen: on };
    });
    const before = written.filter((w) => !w.framed).map((w) => w.item);
    const later = written.filter((w) => w.framed).map((w) => w.item);
    const changed = new Set(written.map((w) => w.item));
    assert.ok(onScreen.length > 0 && onScreen.length < PER_PAGE, `items on the screen: ${onScreen}`);
    for (const i of onScreen) {
      if (changed.has(i)) assert.ok(before.includes(i), `item ${i} is on the screen and was written after the frame: before ${before}, after ${later}`);
    }
    // Not Chromium's margin of half a screen around it (14 of 48 items on a phone).
    assert.ok(before.every((i) => onScreen.includes(i)), `written before the frame: ${before}; on the screen: ${onScreen}`);
    assert.ok(before.length > 0, `items written before the frame: none (${JSON.stringify(written)})`);
    assert.ok(later.length > 0, `items written after the frame: ${later}`);
    // Card for card, what a fresh load of the same search shows (REVIEW, session 13: a
    // card refilled with another result's product).
    await sameAsFresh(page, 'te');

    // Every item, refilled or not, shows the parts of its product's card: a picture,
    // the sold-out badge, "from", the former price (microshop_core::catalog::card::Card::of).
    const cents = (m) => { const [a, b = ''] = String(m).split('.'); return BigInt(a + b.padEnd(2, '0')); };
    const byId = new Map(catalog.products.map((p) => [p.id, p]));
    const expect = (p) => {
      const variants = p.variants?.length ? p.variants : [{ stock: p.stock }];
      const prices = variants.map((v) => cents(v.price ?? p.price ?? '0'));
      const lowest = prices.reduce((a, b) => (b < a ? b : a));
      const cheapest = variants[prices.indexOf(lowest)];
      const former = cheapest.compare_at ?? p.compare_at;
      return {
        picture: Boolean(p.images?.length),
        soldOut: variants.every((v) => v.stock === 0),
        from: prices.some((x) => x !== prices[0]),
        was: former != null && cents(former) > lowest,
      };
    };
    const shown = await page.evaluate(() => [...document.querySelectorAll('#products > li')].map((li) => {
      // Shown: neither it nor an element between it and its item is `display: none`.
      const shows = (sel) => {
        for (let e = li.querySelector(sel); e !== li; e = e.parentElement) if (getComputedStyle(e).display === 'none') return false;
        return true;
      };
      return {
        id: li.querySelector('a').getAttribute('href').match(/\/p\/([^/]+)\//)[1],
        picture: shows('img'),
        soldOut: shows('.badge'),
        // "from" is shown by its words: a card of one price has its two spans empty.
        from: shows('.card__from') && [...li.querySelectorAll('.card__from')].some((e) => e.textContent !== ''),
        was: shows('.price--former'),
      };
    }));
    assert.equal(shown.length, PER_PAGE);
    const kinds = { picture: 0, soldOut: 0, from: 0, was: 0 };
    for (const { id, ...parts } of shown) {
      const want = expect(byId.get(id));
      assert.deepEqual(parts, want, `card ${id}`);
      for (const k of Object.keys(kinds)) kinds[k] += want[k] ? 1 : 0;
    }
    // The page shows each part on some cards and not on others (else the check says
    // little; every generated product has a picture).
    for (const [k, n] of Object.entries(kinds).filter(([k]) => k !== 'picture')) assert.ok(n > 0 && n < PER_PAGE, `${k}: ${n} of ${PER_PAGE}`);
    assert.deepEqual(errors, []);
  });

  it('static host: scrolled down or resized, a keystroke fills the cards then on the screen before its frame, and the page ends on the search\'s cards', async () => {
    // The key's own task does not ask the page where its items are (a question there
    // laid the page out a second time): it reads the answer the task after the previous
    // frame got, while the window has not scrolled or changed size since
    // (docs/performance.md, session 18). A scroll or a resize in between: the cards on
    // the screen then are the ones written before the frame, none below it.
    const { page, errors, search } = await typedT();
    await shopShown(page);
    await page.evaluate(() => {
      const seen = window.__written = [];
      let framed = true;
      addEventListener('keydown', () => { framed = false; requestAnimationFrame(() => { framed = true; }); }, true);
      const items = () => [...document.querySelectorAll('#products > li')];
      new MutationObserver((list) => {
        for (const m of list) {
          if (m.attributeName === 'href') seen.push({ item: items().indexOf(m.target.closest('li')), framed });
        }
      }).observe(document.getElementById('products'), { subtree: true, attributes: true });
    });
    // The window's scroll and resize events are dispatched in the next frame, before
    // its requestAnimationFrame callbacks: waited for.
    const nextFrame = () => page.evaluate(() => new Promise((ok) => requestAnimationFrame(ok)));
    const key = async (k, q) => {
      await page.evaluate(() => { window.__written.length = 0; });
      await search.press(k);
      await page.waitForURL(new RegExp(`\\?q=${q}$`));
      await shopShown(page);
      // The items' places now: their tops did not move between the key and now (the
      // ones on the screen were filled before the frame, those below it after).
      const { written, where } = await page.evaluate(() => ({
        written: window.__written.slice(),
        where: [...document.querySelectorAll('#products > li')].map((li) => {
          const r = li.getBoundingClientRect();
          return r.top >= innerHeight ? 'below' : r.bottom <= 0 ? 'above' : 'on';
        }),
      }));
      const before = new Set(written.filter((w) => !w.framed).map((w) => w.item));
      const changed = new Set(written.map((w) => w.item));
      const onScreen = where.flatMap((w, i) => (w === 'on' ? [i] : []));
      assert.ok(onScreen.length > 0 && onScreen.length < PER_PAGE, `items on the screen: ${onScreen}`);
      for (const i of onScreen) {
        if (changed.has(i)) assert.ok(before.has(i), `?q=${q}: item ${i} is on the screen and was written after the frame (before it: ${[...before]})`);
      }
      // Not every item at once: those below the screen waited for the task after the
      // frame. (One asked about on the screen may end below it: the cards written above
      // it grew.)
      assert.ok(before.size > 0 && written.some((w) => w.framed), `?q=${q}: written before the frame ${[...before]}, after it ${written.filter((w) => w.framed).map((w) => w.item)}`);
      return onScreen;
    };
    // Scrolled down, the items on the screen are no longer the first ones.
    await page.evaluate(() => document.querySelectorAll('#products > li')[12].scrollIntoView({ block: 'center' }));
    await nextFrame();
    await shopShown(page);
    const scrolled = await key('e', 'te');
    assert.ok(scrolled[0] >= 6, `scrolled down, the first item on the screen is item ${scrolled[0]}`);
    await sameAsFresh(page, 'te');
    // Taller: more items on the screen than the key before saw.
    await page.setViewportSize({ width: 390, height: 1400 });
    await nextFrame();
    await shopShown(page);
    const taller = await key('a', 'tea');
    assert.ok(taller.at(-1) > scrolled.at(-1), `resized, the screen shows items ${taller}, it showed ${scrolled}`);
    await sameAsFresh(page, 'tea');
    assert.deepEqual(errors, []);
  });

  it('static host: at a search\'s frame a card on the screen shows its own picture, ready, or none: a picture the browser does not have is requested after the frame', async () => {
    // Its request, and its decoding (an SVG's: a document of its own, 3-4 ms of the main
    // thread), came before the frame and in it, though the frame cannot draw a picture
    // still loading (docs/performance.md, session 15). Until it comes the item shows
    // no picture, never another card's.
    const page = await (await phoneContext(browser)).newPage();
    const errors = watchErrors(page);
    await page.goto(`${statik}/`);
    await shopShown(page);
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.focus();
    await page.locator('.pager__of').waitFor();
    await shopShown(page);
    const picture = new Map(catalog.products.map((p) => [p.id, p.images?.[0] ?? null]));
    const pictureOf = (href) => picture.get(href.match(/\/p\/([^/]+)\//)[1]);
    const path = (src) => src?.replace(/^.*?(images\/)/, '$1') ?? null;
    // A product that its title's search finds first (no product before it has those
    // words in a title): shown by the first item, on the screen.
    const finds = (p, words) => words.every((w) => Object.values(p.title).join('\n').toLowerCase().includes(w));
    const first = (want) => catalog.products.find((p, i) => want(p)
      && catalog.products.findIndex((q) => finds(q, title(p).toLowerCase().split(/\s+/))) === i);
    await page.evaluate(() => {
      const rec = window.__pictures = { written: [], atFrame: null };
      let framed = true;
      addEventListener('input', () => {
        framed = false;
        requestAnimationFrame(() => {
          framed = true;
          rec.atFrame = [...document.querySelectorAll('#products > li')]
            .filter((li) => { const r = li.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; })
            .map((li) => { const img = li.querySelector('img'); return { href: li.querySelector('a').getAttribute('href'), src: img.getAttribute('src'), complete: img.complete }; });
        });
      }, true);
      const items = () => [...document.querySelectorAll('#products > li')];
      new MutationObserver((list) => {
        for (const m of list) rec.written.push({ item: items().indexOf(m.target.closest('li')), framed, value: m.target.getAttribute('src') });
      }).observe(document.getElementById('products'), { subtree: true, attributes: true, attributeFilter: ['src'] });
    });
    const typed = async (text) => {
      await page.evaluate(() => { window.__pictures.written = []; window.__pictures.atFrame = null; });
      await search.fill(text);
      await until(() => page.evaluate(() => window.__pictures.atFrame !== null), { what: 'the frame after the input' });
      await shopShown(page);
      const rec = await page.evaluate(() => window.__pictures);
      // At the frame, no item on the screen draws another card's picture or waits for
      // one (its `src` set, not `complete`: the browser did not have it); settled, each
      // item shows its product's.
      assert.ok(rec.atFrame.length > 0);
      for (const { href, src, complete } of rec.atFrame) assert.ok(src === null || (path(src) === pictureOf(href) && complete), `drawn at the frame: ${href} with ${src}, complete ${complete}`);
      const settled = await page.evaluate(() => [...document.querySelectorAll('#products > li')].map((li) => [li.querySelector('a').getAttribute('href'), li.querySelector('img').getAttribute('src')]));
      for (const [href, src] of settled) assert.equal(path(src), pictureOf(href), href);
      return rec;
    };

    // The second card's picture, loaded (on the screen, not lazy), asked for by the first
    // item: set before the frame if the browser has it ready (`complete` at once; it
    // revalidates a picture after a few seconds, then it is not), else after it.
    const [p0, p1] = catalog.products.map((p) => p.images?.[0]);
    await until(() => page.evaluate(() => document.querySelectorAll('#products img')[1].naturalWidth > 0), { what: 'the second card\'s picture' });
    const same = first((p) => p.images?.[0] === p1 && p1 !== p0 && p !== catalog.products[1]);
    assert.ok(same, `a product with the picture ${p1}`);
    await typed(title(same));

    // A picture the page never loaded: after the frame.
    await typed('');
    const shownBefore = new Set((await page.evaluate(() => [...document.querySelectorAll('#products img')].map((i) => i.getAttribute('src')))).map(path));
    const fresh = first((p) => p.images?.[0] && !shownBefore.has(p.images[0]));
    assert.ok(fresh, `a product with a picture not among ${[...shownBefore]}`);
    const { written } = await typed(title(fresh));
    const early = written.filter((w) => !w.framed && w.value !== null).map((w) => path(w.value));
    assert.deepEqual(early.filter((s) => !shownBefore.has(s)), [], `pictures the page never showed, set before the frame (${fresh.images[0]} is new)`);
    assert.ok(written.some((w) => w.item === 0 && w.framed && path(w.value) === fresh.images[0]), `${fresh.images[0]} set after the frame: ${JSON.stringify(written)}`);
    assert.deepEqual(errors, []);
  });

  it('static host: keys typed before the last one\'s cards below the screen are filled end on the cards of the last search', async () => {
    // The task after a key's frame fills the cards below the screen; keys that come
    // before it runs replace what each item waits for (REVIEW, session 13).
    const { page, errors } = await typedT();
    await shopShown(page);
    await page.keyboard.type('ea', { delay: 0 });
    await page.waitForURL(/\?q=tea$/);
    await shopShown(page);
    await sameAsFresh(page, 'tea');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('a', { delay: 0 });
    await page.keyboard.press('Backspace');
    await page.waitForURL(/\?q=te$/);
    await shopShown(page);
    await sameAsFresh(page, 'te');
    assert.deepEqual(errors, []);
  });

  it('static host: the next-page link moves the focus to the new page, and the last page holds the last product; its page, cart and language work', async () => {
    const page = await (await phoneContext(browser)).newPage();
    const errors = watchErrors(page);
    await page.goto(`${statik}/`);
    await shopShown(page);
    await page.getByRole('link', { name: 'Next' }).click();
    await page.waitForURL(/[?&]page=2\b/);
    await textIs(page.locator('.pager__of'), `Page 2 of ${Math.ceil(PRODUCTS / PER_PAGE)}`);
    await textIs(page.locator(CARDS).first().locator('.card__title'), title(catalog.products[PER_PAGE]));
    await until(() => page.evaluate(() => document.activeElement?.id === 'products'), { what: 'the focus on the new page\'s list' });
    // Back returns to the first page. (Its text as the DOM holds it: Back restores the
    // scroll position by the pager, and Chromium's innerText of a card off the screen,
    // whose rendering `content-visibility: auto` skips, is empty: docs/performance.md.)
    await page.goBack();
    await valueIs(async () => (await page.locator(CARDS).first().locator('.card__title').textContent())?.trim(), title(catalog.products[0]), 'the first card\'s title after Back');

    const pages = Math.ceil(PRODUCTS / PER_PAGE);
    await page.goto(`${statik}/?page=${pages}`);
    await shopShown(page);
    await countIs(page.locator(CARDS), PRODUCTS - (pages - 1) * PER_PAGE);
    assert.ok((await nodes(page)) < MAX_NODES);
    const last = catalog.products[PRODUCTS - 1];
    // A product the shop did not come with: its page fetches its file.
    await page.locator(CARDS).last().getByRole('link').click();
    await page.waitForURL(new RegExp(`/p/${last.id}/`));
    await textIs(page.locator('.product__title'), title(last));
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByTestId('cart-count').filter({ hasText: '1' }).waitFor();
    // Reloaded on the feed: the cart's product comes with the shop and stays in the cart.
    await page.goto(`${statik}/cart/`);
    await page.getByRole('heading', { name: 'Cart' }).waitFor();
    await page.locator('main').getByText(title(last)).first().waitFor();
    // Another language: the product's own title in it.
    await page.goto(`${statik}/p/${last.id}/`);
    await shopShown(page);
    await page.getByTestId('language').selectOption('ja');
    await textIs(page.locator('.product__title'), last.title.ja);
    assert.deepEqual(errors, []);
  });

  it('static host: a shared-cart link naming products past the first screen offers every line at its price, and says which sku is gone', async () => {
    const page = await (await phoneContext(browser)).newPage();
    const errors = watchErrors(page);
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    // Past the feed's first page (which data/shop.json holds): a product of one sku,
    // a variant of a product with variants, and one of the last products; each orderable
    // as asked.
    const orderable = (item, n) => (item.stock == null || item.stock >= n);
    const later = catalog.products.slice(PER_PAGE);
    const plain = later.find((p, i) => i > 5000 && p.sku && !p.max_qty && orderable(p, 2));
    const varied = later.find((p, i) => i > 2000 && p.variants && !p.max_qty && p.variants.some((v) => v.price && orderable(v, 1)));
    const variant = varied.variants.find((v) => v.price && orderable(v, 1));
    const near = later.findLast((p) => p.sku && !p.max_qty && orderable(p, 1));
    const expected = [
      { sku: plain.sku, quantity: 2, price: plain.price, title: title(plain) },
      { sku: variant.sku, quantity: 1, price: variant.price, title: title(varied) },
      { sku: near.sku, quantity: 1, price: near.price, title: title(near) },
    ];
    const link = ['1', ...expected.map((l) => (l.quantity === 1 ? l.sku : `${l.sku}~${l.quantity}`)), 'GONE-1'].join('.');
    await page.goto(`${statik}/cart/?cart=${link}`);
    const offer = page.getByTestId('shared-cart');
    // An empty cart takes the shared one.
    await offer.getByText('The shared cart is now your cart.').waitFor();
    assert.match(await offer.innerText(), /\(GONE-1\) is no longer sold/);
    await countIs(page.locator('main .line'), expected.length);
    for (const l of expected) {
      const line = page.locator(`main .line[data-sku="${l.sku}"]`);
      await textIs(line.locator('.line__title'), l.title);
      // The unit price as the catalog has it (the display adds the currency's sign).
      const unit = await line.locator('.line__unit').innerText();
      assert.equal(unit.replace(/[^\d.]/g, ''), l.price, `${l.sku}: ${unit}`);
      assert.equal(await line.getByRole('spinbutton').inputValue(), String(l.quantity), l.sku);
    }
    // Found through the sku index (a few small files), not the cards of every product.
    const shards = fetched.filter((p) => p.startsWith('/data/skus/'));
    assert.ok(shards.length >= 1 && shards.length <= expected.length + 1, shards.join(' '));
    assert.ok(!fetched.some((p) => p.startsWith('/data/cards')), fetched.join(' '));
    assert.ok(!fetched.includes('/shop.json'), 'not the whole catalog');
    assert.deepEqual(errors, []);
  });

  it('static host: a shared-cart link of skus escaped in the link, past the first screen, opens whole', async () => {
    const page = await (await phoneContext(browser)).newPage();
    const errors = watchErrors(page);
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    // As the cart's Share writes it (embed.test.mjs checks the writing side).
    const link = encodeURIComponent('1.BLC%2E50 g~2.茶%7ELS%25100');
    await page.goto(`${statik}/cart/?cart=${link}`);
    await page.getByTestId('shared-cart').getByText('The shared cart is now your cart.').waitFor();
    await countIs(page.locator('main .line'), 2);
    for (const [sku, quantity, product] of [[ESCAPED.plain, 2, escaped.plain], [ESCAPED.variant, 1, escaped.varied]]) {
      const line = page.locator(`main .line[data-sku="${sku}"]`);
      await textIs(line.locator('.line__title'), title(product));
      assert.equal(await line.getByRole('spinbutton').inputValue(), String(quantity), sku);
    }
    assert.ok(fetched.some((p) => p.startsWith('/data/skus/')), fetched.join(' '));
    assert.ok(!fetched.includes('/shop.json'), 'not the whole catalog');
    assert.deepEqual(errors, []);
  });

  it('serve --site: a buyer orders the last product, reached by search, and the order is in the database', async () => {
    const page = await (await phoneContext(browser)).newPage();
    const errors = watchErrors(page);
    const last = catalog.products[PRODUCTS - 1];
    const shop = new Shop(page, site);
    await shop.openFeed();
    await page.getByRole('searchbox', { name: 'Search' }).fill(last.id);
    await shopShown(page);
    await page.locator(CARDS).filter({ hasText: title(last) }).first().getByRole('link').click();
    await textIs(page.locator('.product__title'), title(last));
    await shop.addToCart();
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('link', { name: 'Checkout' }).click();
    await shop.fillCheckout();
    const post = page.getByLabel('Post');
    if (await post.count()) await post.check();
    await shop.placeOrder();
    const id = await shop.expectConfirmation();
    const stored = orders(db);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].order_id, id);
    assert.equal(stored[0].lines[0].product_id, last.id, JSON.stringify(stored[0].lines[0]));
    assert.deepEqual(errors, []);
  });
});

describe('a shop in parts in the list theme', () => {
  // The cards off the screen are not rendered (`content-visibility: auto`) and count as
  // a placeholder's height until drawn: a grid card's height in a list of 124 px rows
  // put Back's restored scroll position far from the card the buyer had opened
  // (docs/performance.md, session 12).
  let browser, dir, statik, staticHost;
  before(async () => {
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), 'microshop-list-'));
    const shop = join(dir, 'shop');
    // More than 200 products: published in parts.
    execFileSync(BIN, ['generate', '--products', '300', '--seed', '16', shop], { stdio: 'pipe' });
    const manifest = join(shop, 'shop.json');
    const data = JSON.parse(readFileSync(manifest, 'utf8'));
    data.theme = { ...data.theme, layout: { feed: 'list' } };
    writeFileSync(manifest, JSON.stringify(data));
    const port = await freePort();
    statik = `http://127.0.0.1:${port}`;
    const out = join(dir, 'site');
    execFileSync(BIN, ['publish', manifest, out, '--base-url', `${statik}/`, '--dist', DIST], { stdio: 'pipe' });
    staticHost = await serving('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', out], `${statik}/`);
  });
  after(async () => {
    staticHost?.kill();
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Back from a product opened far down the first page shows its card on the screen again', async () => {
    const page = await (await phoneContext(browser)).newPage();
    const errors = watchErrors(page);
    await page.goto(`${statik}/`);
    await shopShown(page);
    await countIs(page.locator(CARDS), PER_PAGE);
    const card = page.locator(CARDS).nth(30);
    const title = (await card.locator('.card__title').textContent()).trim();
    // Where the card is on the screen (its top, and whether all of it is in view).
    const where = () => card.evaluate((li) => {
      const r = li.getBoundingClientRect();
      return { top: Math.round(r.top), seen: r.top >= 0 && r.bottom <= innerHeight };
    });
    // Scrolled to the middle of the screen; the cards drawn on the way take their own
    // height, so it is scrolled again until it stays.
    let last;
    await until(async (note) => {
      await card.evaluate((li) => li.scrollIntoView({ block: 'center' }));
      const now = await where();
      note(now);
      const still = now.seen && last?.top === now.top;
      last = now;
      return still;
    }, { what: 'the card to stay in the middle of the screen' });
    await card.getByRole('link').click();
    await page.waitForURL(/\/p\//);
    await textIs(page.locator('.product__title'), title);
    await page.goBack();
    await shopShown(page);
    await valueIs(async () => (await card.locator('.card__title').textContent())?.trim(), title, 'the 31st card after Back');
    await until(async (note) => { const now = await where(); note({ ...now, before: last.top }); return now.seen; }, { what: 'the card opened on the screen after Back', timeout: 5_000 });
    assert.deepEqual(errors, []);
  });
});
