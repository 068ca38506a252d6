// Memory while a buyer opens product after product in a shop published in parts
// (issue 16 item 3; docs/performance.md, "Memory while paging to the end"). A
// generated shop of a few hundred products (in parts above 200), served by
// `microshop serve --site`; in one page, with the app's own navigation, the buyer
// puts a product of the feed's second page in the cart, then opens more than three
// times as many products as the shop keeps (`KEPT` in src/catalog/in_parts/mod.rs),
// each followed by Back. Asserted, by bytes and counts (no timings):
// - the wasm memory (a wasm memory only grows: the allocator's high-water mark) grows
//   by less than a stated bound once the catalog is at its size; before the fix every
//   product opened leaked a copy of the whole catalog so far (its growth is a square);
// - the catalog holds at most the first page's products, the cart's and the last
//   `KEPT` opened (`data-catalog-products` on <html>, written by the `parts` part);
// - the cart's line is intact (title, unit price, quantity), and a product the
//   catalog dropped shows again, right, when reopened.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DIST, freePort, launchBrowser, phoneContext, serving, WATCH_MEMORIES, watchErrors } from './harness.mjs';
import { countIs, shopShown, textIs, until } from './wait.mjs';

const PRODUCTS = 400;
const PER_PAGE = 48; // microshop_core::catalog::index::PER_PAGE
const PAGES = Math.ceil(PRODUCTS / PER_PAGE);
/** Products the shop keeps beyond the first page's and the cart's (`KEPT`). */
const KEPT = 24;
/** Products opened after the one put in the cart: more than 3 x KEPT. */
const OPENS = 3 * KEPT + 4;
/** Opens before the memory's first reading: the catalog has reached its size. */
const WARM_UP = KEPT + 4;
/**
 * How much the wasm memory may grow over the opens after the warm-up (48 of them):
 * four 64 KiB pages. Bounded, the catalog is at most 73 products (about 0.3 MB) and a
 * page holds at most a few of them (the one shown, the one replacing it). Measured:
 * +0 B since the views' effects leave the page-long signals they read (session 11,
 * src/reactive.rs `Lasting`; docs/performance.md, "Memory per navigation");
 * +1,572,864 B before that (the product page and Back's own cost, about 33 KB a round
 * trip); before the catalog was bounded (integ 6b86dc8) those 48 opens leaked a
 * catalog each, 77 to 125 products: +23,461,888 B.
 */
const MAX_GROWTH = 4 * 65536;
const CARDS = 'main .card:not(.card--skeleton)';

describe(`a ${PRODUCTS}-product shop in parts, products opened one after another`, () => {
  let browser, dir, catalog, site, served, page, errors;
  before(async () => {
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), 'microshop-memory-'));
    const shop = join(dir, 'shop');
    execFileSync(BIN, ['generate', '--products', String(PRODUCTS), '--seed', '16', shop], { stdio: 'pipe' });
    catalog = JSON.parse(readFileSync(join(shop, 'shop.json'), 'utf8')).catalog;
    const port = await freePort();
    site = `http://127.0.0.1:${port}`;
    const out = join(dir, 'site');
    execFileSync(BIN, ['publish', join(shop, 'shop.json'), out, '--base-url', `${site}/`, '--dist', DIST], { stdio: 'pipe' });
    served = await serving(BIN, ['serve', '--site', out, '--addr', `127.0.0.1:${port}`, '--db', join(dir, 'orders.sqlite')], `${site}/`);
    const context = await phoneContext(browser);
    await context.addInitScript(WATCH_MEMORIES);
    page = await context.newPage();
    errors = watchErrors(page);
  });
  after(async () => {
    served?.kill();
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const title = (p) => p.title.en;
  const plain = (p) => p.sku && p.price && !p.variants && !p.max_qty && (p.stock == null || p.stock > 1);
  const wasmBytes = () => page.evaluate(() => [...window.__memories].reduce((n, m) => n + m.buffer.byteLength, 0));
  const catalogSize = () => page.evaluate(() => document.documentElement.dataset.catalogProducts);
  /** The feed shows page `n`, its cards in. */
  const onPage = (n) => page.waitForFunction(
    ({ text, first }) => document.querySelector('.pager__of')?.textContent === text
      && document.querySelector('.feed__status')?.style.display === 'none'
      && document.querySelector('main .card:not(.card--skeleton) .card__title')?.textContent === first,
    { text: `Page ${n} of ${PAGES}`, first: title(catalog.products[(n - 1) * PER_PAGE]) },
  );
  /** Opens the product at `index` of the catalog (on the feed's page shown) and waits for its page. */
  const open = async (index) => {
    await page.locator(`${CARDS} a.card__link`).nth(index % PER_PAGE).click();
    await textIs(page.locator('.product__title'), title(catalog.products[index]));
  };
  const back = async (n) => {
    await page.goBack();
    await onPage(n);
  };
  const toPage = async (from, to) => {
    for (let n = from; n !== to;) {
      await page.locator(to > n ? 'a[rel=next]' : 'a[rel=prev]').click();
      n += to > n ? 1 : -1;
      await onPage(n);
    }
  };

  // Past the first page (which the shop comes with): one product for the cart, one to
  // be dropped and reopened (both of one price, no options), the rest in feed order.
  let inCart, dropped, opened;
  it(`keeps the memory and the catalog bounded over ${OPENS} products opened, the cart's product kept`, async (t) => {
    const later = catalog.products.map((p, i) => [p, i]).filter(([, i]) => i >= PER_PAGE);
    inCart = later.find(([p, i]) => plain(p) && i < 2 * PER_PAGE)[1];
    dropped = later.find(([p, i]) => plain(p) && i !== inCart && i < 2 * PER_PAGE)[1];
    // In the feed's order (pages forward), the one to be dropped first.
    opened = [dropped, ...later.map(([, i]) => i).filter((i) => i !== inCart && i !== dropped)].slice(0, OPENS);

    await page.goto(`${site}/?page=2`);
    await shopShown(page);
    await onPage(2);
    await open(inCart);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByTestId('cart-count').filter({ hasText: '1' }).waitFor();
    await back(2);

    let at = 2;
    let warm;
    for (const [k, index] of opened.entries()) {
      const n = Math.floor(index / PER_PAGE) + 1;
      await toPage(at, n);
      at = n;
      await open(index);
      await back(n);
      if (k + 1 === WARM_UP) warm = await wasmBytes();
    }
    const grown = (await wasmBytes()) - warm;
    assert.ok(grown <= MAX_GROWTH, `the wasm memory grew by ${grown} B over ${OPENS - WARM_UP} products opened after ${WARM_UP} (bound ${MAX_GROWTH} B)`);
    const size = Number(await catalogSize());
    t.diagnostic(`wasm memory ${warm} B after ${WARM_UP} opens, grown by ${grown} B over the next ${OPENS - WARM_UP}; the catalog holds ${size} products`);
    assert.ok(size > PER_PAGE && size <= PER_PAGE + 1 + KEPT, `the catalog holds ${size} products (first page ${PER_PAGE}, cart 1, kept ${KEPT})`);
    assert.deepEqual(errors, []);
  });

  it('the cart\'s line is intact after them, and a product dropped from the catalog shows again when reopened', async () => {
    const product = catalog.products[inCart];
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('heading', { name: 'Cart' }).waitFor();
    await countIs(page.locator('main .line'), 1);
    const line = page.locator(`main .line[data-sku="${product.sku}"]`);
    await textIs(line.locator('.line__title'), title(product));
    const unit = await line.locator('.line__unit').innerText();
    assert.equal(unit.replace(/[^\d.]/g, ''), product.price, unit);
    assert.equal(await line.getByRole('spinbutton').inputValue(), '1');
    assert.equal(await page.getByText(/no longer available/).count(), 0, 'no line removed');

    // The first product opened is long out of the catalog (the last KEPT opened are
    // others): its page fetches its file again and shows it right, in the same page.
    const again = catalog.products[dropped];
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    const at = Math.floor(opened.at(-1) / PER_PAGE) + 1;
    await page.goBack();
    await onPage(at);
    await toPage(at, 2);
    await open(dropped);
    const price = await page.locator('.product__price').innerText();
    assert.equal(price.replace(/[^\d.]/g, ''), again.price, price);
    assert.ok(fetched.includes(`/data/p/${again.id}.json`), `its file fetched again: ${fetched.join(' ')}`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByTestId('cart-count').filter({ hasText: '2' }).waitFor();
    await page.getByRole('link', { name: /View cart/ }).click();
    await countIs(page.locator('main .line'), 2);
    await textIs(page.locator(`main .line[data-sku="${product.sku}"] .line__title`), title(product));
    await textIs(page.locator(`main .line[data-sku="${again.sku}"] .line__title`), title(again));
    assert.deepEqual(errors, []);
  });
});
