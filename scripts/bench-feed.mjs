#!/usr/bin/env node
// The feed at scale, measured (issue 16 item 3; docs/performance.md, "The feed at
// 10,000 products"). Not part of the test command: it reports figures, it asserts none.
//
//   node scripts/bench-feed.mjs [--products 10000] [--keys 60] [--url http://host/]
//
// Without --url it generates an N-product shop (`microshop generate`, seed 16),
// publishes it (`microshop publish`) and serves it with `microshop serve --site` on a
// free port; it needs dist/ and target/release/microshop (bash scripts/build.sh).
// In headless Chromium at a phone's size (no CPU throttling: this machine's own speed)
// it reports:
// - keystroke to next frame, median and p95: for each key typed into the feed's
//   search box, from the keydown event's time stamp to the end of the first frame
//   after it (a requestAnimationFrame callback queued by the keydown, then a task
//   queued from it: that task runs after the frame the key's update is drawn in);
//   the app's own update runs in between (the input event, the reactive updates,
//   style, layout, paint of the new results);
// - a category chip's tap to next frame, the same way;
// - DOM nodes (all elements) on the first screen, after a search, on the last page;
// - bytes and requests of the first visit of the feed (transferred, as served);
// - the machine's load average before and after (2 cores shared: say it with the figures).
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { arg, serveGenerated } from './lib/served-site.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = process.env.MICROSHOP_BIN ?? join(ROOT, 'target', 'release', 'microshop');
const DIST = process.env.MICROSHOP_DIST ?? join(ROOT, 'dist');

const products = Number(arg('products', '10000'));
const keys = Number(arg('keys', '60'));

const quantile = (list, q) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (x) => `${x.toFixed(1)} ms`;

/** Time from the next input event to the end of the frame after it, in the page. */
const ARM = () => {
  window.__frames = [];
  const arm = (event) => {
    const start = event.timeStamp;
    requestAnimationFrame(() => setTimeout(() => window.__frames.push(performance.now() - start), 0));
  };
  addEventListener('keydown', arm, true);
  addEventListener('click', arm, true);
};

async function main() {
  let url = arg('url');
  let site;
  if (!url) {
    site = await serveGenerated({ bin: BIN, dist: DIST, products });
    url = site.url;
  }
  const before = loadavg();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'en-US' });
    await context.addInitScript(ARM);
    const page = await context.newPage();
    const requests = [];
    page.on('requestfinished', async (r) => {
      const sizes = await r.sizes().catch(() => null);
      requests.push({ url: r.url(), bytes: sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0 });
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => !document.getElementById('boot') && document.querySelector('main .card'));
    const firstVisit = { requests: requests.length, bytes: requests.reduce((n, r) => n + r.bytes, 0) };
    const nodes = () => page.evaluate(() => document.getElementsByTagName('*').length);
    const firstNodes = await nodes();

    // The search box: focusing it fetches the cards (a shop in parts); measured once here.
    // Every card has come when the pager says "page x of y" (it is hidden while more come).
    const search = page.locator('#feed-search');
    await search.focus();
    await page.waitForFunction(() => { const of = document.querySelector('.pager__of'); return of && getComputedStyle(of).display !== 'none'; }, null, { timeout: 120_000 });
    const words = ['tea', 'cup', 'pot', 'silk', 'jar', 'bowl', 'green', 'clay', 'lamp', 'mat'];
    await page.evaluate(() => { window.__frames = []; });
    let typed = 0;
    for (let w = 0; typed < keys; w++) {
      const word = words[w % words.length];
      await search.fill('');
      for (const ch of word) {
        if (typed >= keys) break;
        await page.keyboard.press(ch === ' ' ? 'Space' : ch);
        typed++;
        await page.waitForFunction((n) => window.__frames.length >= n, typed);
      }
      // fill('') is not a keystroke: its frame is not counted (cleared by the next word's first press).
      await page.evaluate((n) => { window.__frames.length = n; }, typed);
    }
    const frames = await page.evaluate(() => window.__frames.slice());
    const searchNodes = await nodes();

    // A category chip, then "All" again, several times.
    await search.fill('');
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => !document.getElementById('boot') && document.querySelector('main .card'));
    await page.locator('#feed-search').focus();
    await page.waitForFunction(() => { const of = document.querySelector('.pager__of'); return of && getComputedStyle(of).display !== 'none'; }, null, { timeout: 120_000 });
    await page.evaluate(() => { window.__frames = []; });
    const chips = page.locator('.chips .chip');
    const chipCount = await chips.count();
    let taps = 0;
    for (let i = 0; i < 10; i++) {
      await chips.nth(1 + (i % (chipCount - 1))).click();
      taps++;
      await page.waitForFunction((n) => window.__frames.length >= n, taps);
    }
    const chipFrames = await page.evaluate(() => window.__frames.slice());

    const pages = Math.ceil(products / 48);
    await page.goto(`${url}?page=${pages}`, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => document.querySelector('.pager__of'), null, { timeout: 120_000 });
    const lastNodes = await nodes();
    const after = loadavg();

    const report = {
      url,
      products,
      machine: `${cpus().length} cores, load average ${before.map((l) => l.toFixed(2)).join(' ')} before, ${after.map((l) => l.toFixed(2)).join(' ')} after`,
      keystrokes: { n: frames.length, median: ms(quantile(frames, 0.5)), p95: ms(quantile(frames, 0.95)), max: ms(Math.max(...frames)) },
      category_taps: { n: chipFrames.length, median: ms(quantile(chipFrames, 0.5)), p95: ms(quantile(chipFrames, 0.95)) },
      dom_nodes: { first_screen: firstNodes, after_search: searchNodes, last_page: lastNodes },
      first_visit: firstVisit,
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await browser.close();
    site?.stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
