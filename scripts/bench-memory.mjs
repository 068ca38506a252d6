#!/usr/bin/env node
// Memory while a buyer goes through a large shop in parts, measured (issue 16 item 3,
// "memory bounded while scrolling to the end"; docs/performance.md, "Memory while
// paging to the end"). Not part of the test command: it reports figures, it asserts
// none.
//
//   node scripts/bench-memory.mjs [--products 10000] [--open 36] [--url http://host/]
//
// Without --url it generates an N-product shop (`microshop generate`, seed 16),
// publishes it (in parts above 200 products) and serves it with `microshop serve
// --site`, like scripts/bench-feed.mjs (it needs dist/ and target/release/microshop).
// In headless Chromium at a phone's size, in one page (the app's own navigation, no
// reload), it pages with the feed's Next link from the first page to the last, then
// opens `--open` products the shop did not come with (a card's link, then Back), opens
// 12 of them again, then searches a few words; at each step it reports
// - the JS heap after a full garbage collection (CDP `HeapProfiler.collectGarbage`,
//   then `Runtime.getHeapUsage`: used and total bytes);
// - the wasm memory's byte length (every `WebAssembly.Memory` the page's modules
//   export or import, kept by a wrapper of `WebAssembly.instantiate*` installed before
//   the page's scripts run): it only grows (a wasm memory never shrinks), so it is
//   the high-water mark of what the app's allocator held: a leak shows as growth;
// - DOM nodes (`document.getElementsByTagName('*')`).
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { arg, serveGenerated } from './lib/served-site.mjs';
import { WATCH_MEMORIES } from '../tests/e2e/harness.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = process.env.MICROSHOP_BIN ?? join(ROOT, 'target', 'release', 'microshop');
const DIST = process.env.MICROSHOP_DIST ?? join(ROOT, 'dist');
const PER_PAGE = 48; // microshop_core::catalog::index::PER_PAGE

const products = Number(arg('products', '10000'));
const open = Number(arg('open', '36'));

async function main() {
  let url = arg('url');
  let site, catalog;
  if (!url) {
    site = await serveGenerated({ bin: BIN, dist: DIST, products });
    url = site.url;
    // The titles the search step types (the generator's own words).
    catalog = JSON.parse(readFileSync(join(site.shop, 'shop.json'), 'utf8')).catalog;
  }
  const before = loadavg();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const steps = [];
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'en-US' });
    await context.addInitScript(WATCH_MEMORIES);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const measure = async (step) => {
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      const dom = await page.evaluate(() => ({
        wasm: [...window.__memories].reduce((n, m) => n + m.buffer.byteLength, 0),
        nodes: document.getElementsByTagName('*').length,
      }));
      const row = {
        step,
        js_heap_used: heap.usedSize,
        js_heap_total: heap.totalSize,
        wasm_memory: dom.wasm,
        dom_nodes: dom.nodes,
      };
      steps.push(row);
      console.error(JSON.stringify(row));
    };

    console.error('opening the feed…');
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => !document.getElementById('boot') && document.querySelector('main .card:not(.card--skeleton)'));
    await measure('first page');

    const pages = Math.ceil(products / PER_PAGE);
    const marks = new Map([[Math.ceil(pages / 4), '25 %'], [Math.ceil(pages / 2), '50 %'], [pages, 'last page']]);
    const pagerSays = (n) => page.waitForFunction(
      (text) => document.querySelector('.pager__of')?.textContent === text && document.querySelector('.feed__status')?.style.display === 'none',
      `Page ${n} of ${pages}`, { timeout: 120_000 },
    );
    for (let n = 2; n <= pages; n++) {
      await page.locator('a[rel=next]').click();
      await pagerSays(n);
      if (marks.has(n)) await measure(`page ${n} of ${pages} (${marks.get(n)})`);
    }

    // Products the shop did not come with: a card's link (its file fetched), then Back;
    // then the first 12 of them again (already fetched: what opening a page costs).
    const openCard = async (n, i) => {
      const cards = page.locator('main .card a.card__link');
      const title = await cards.nth(i).locator('.card__title').innerText();
      await cards.nth(i).click();
      await page.waitForFunction((t) => document.querySelector('.product__title')?.textContent === t, title);
      await page.goBack();
      await pagerSays(n);
    };
    const toPage = async (from, to) => {
      for (let n = from; n !== to;) {
        n += to > n ? 1 : -1;
        await page.locator(to > from ? 'a[rel=next]' : 'a[rel=prev]').click();
        await pagerSays(n);
      }
    };
    const opened = [];
    let at = pages;
    for (let n = pages; opened.length < open && n > 1; n--) {
      await toPage(at, n);
      at = n;
      const count = await page.locator('main .card a.card__link').count();
      for (let i = 0; i < count && opened.length < open; i += 4) {
        await openCard(n, i);
        opened.push([n, i]);
        if (opened.length % 12 === 0) await measure(`${opened.length} products opened`);
      }
    }
    for (const [n, i] of opened.slice(0, 12).reverse()) {
      await toPage(at, n);
      at = n;
      await openCard(n, i);
    }
    await measure(`${Math.min(12, opened.length)} of them opened again`);

    // A few searches (the index is the whole catalog's, built once).
    const words = catalog ? catalog.products.slice(-8).map((p) => p.title.en.split(' ')[0]) : ['tea', 'cup', 'pot', 'silk'];
    const search = page.getByRole('searchbox', { name: 'Search' });
    for (const w of words) {
      await search.fill(w);
      await page.waitForFunction((q) => new URL(location.href).searchParams.get('q') === q, w);
    }
    await search.fill('');
    await measure(`${words.length} searches`);
    const after = loadavg();
    console.log(JSON.stringify({
      url,
      products,
      machine: `${cpus().length} cores, load average ${before.map((l) => l.toFixed(2)).join(' ')} before, ${after.map((l) => l.toFixed(2)).join(' ')} after`,
      steps,
    }, null, 2));
  } finally {
    await browser.close();
    site?.stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
