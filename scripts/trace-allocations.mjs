#!/usr/bin/env node
// What the wasm keeps, by where it was allocated (docs/performance.md, "Memory per
// navigation"). A diagnostic, not part of the test command: it needs a storefront
// built with the `alloc-trace` feature, whose allocator reports each allocation and
// free to the page (src/web/alloc_trace.rs), with the functions' names kept:
//
//   WASM_NAMES=1 trunk build --release --features alloc-trace --dist /tmp/dist-trace
//   MICROSHOP_DIST=/tmp/dist-trace node scripts/trace-allocations.mjs [warm] [traced] [product|search|category]
//
// It serves the demo shop (`microshop serve`), makes `warm` round trips (a product
// page and Back, a search typed and cleared, or a category chip tapped), then
// `traced` more while recording each allocation's JS stack (`new Error().stack`,
// which names the wasm functions), and prints what those left allocated, grouped by
// stack, largest first (TOP=25 groups). Run it with two values of `traced`: what a
// round trip keeps grows with them, what the page legitimately holds does not.
import { launchBrowser, phoneContext, startServer, WATCH_MEMORIES } from '../tests/e2e/harness.mjs';
import { shopShown } from '../tests/e2e/wait.mjs';
const warm = Number(process.argv[2] ?? 10);
const traced = Number(process.argv[3] ?? 20);
const mode = process.argv[4] ?? 'product';
const server = await startServer();
const browser = await launchBrowser();
const HOOKS = () => {
  Error.stackTraceLimit = 60;
  window.__live = new Map();
  window.__tracing = false;
  window.__allocHook = (ptr, size) => {
    if (window.__tracing) window.__live.set(ptr, { size, stack: new Error().stack });
    else window.__live.delete(ptr);
  };
  window.__freeHook = (ptr) => { window.__live.delete(ptr); };
};
try {
  const context = await phoneContext(browser);
  await context.addInitScript(WATCH_MEMORIES);
  await context.addInitScript(HOOKS);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('pageerror', e.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await page.goto(server.url + '/');
  await shopShown(page);
  const CARDS = 'main .card:not(.card--skeleton) a.card__link';
  await page.locator(CARDS).first().waitFor();
  const n = await page.locator(CARDS).count();
  const trip = async (k) => {
    if (mode === 'product') {
      const link = page.locator(CARDS).nth(k % n);
      const title = await link.locator('.card__title').innerText();
      await link.click();
      await page.waitForFunction((t) => document.querySelector('.product__title')?.textContent === t, title);
      await page.goBack();
      await page.locator(CARDS).first().waitFor();
      await page.waitForFunction(() => !document.querySelector('.product__title'));
    } else if (mode === 'category') {
      const chips = page.locator('button.chip');
      const c = await chips.count();
      await chips.nth(k % c).click();
      await page.waitForFunction((i) => document.querySelectorAll('button.chip')[i]?.getAttribute('aria-pressed') === 'true', k % c);
    } else if (mode === 'search') {
      const box = page.getByRole('searchbox', { name: 'Search' });
      const w = ['tea', 'jasmine', 'gongfu', 'cup'][k % 4];
      await box.fill(w);
      await page.waitForFunction((q) => new URL(location.href).searchParams.get('q') === q, w);
      await box.fill('');
      await page.waitForFunction(() => !new URL(location.href).searchParams.get('q'));
    }
  };
  for (let k = 0; k < warm; k++) await trip(k);
  await page.evaluate(() => { window.__tracing = true; });
  for (let k = 0; k < traced; k++) await trip(warm + k);
  await page.evaluate(() => { window.__tracing = false; });
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const groups = await page.evaluate(() => {
    const g = new Map();
    for (const { size, stack } of window.__live.values()) {
      const frames = stack.split('\n').slice(2).map((l) => l.trim().replace(/^at /, '').replace(/\s*\(.*\)$/, '').replace(/^.*?\.wasm\./, '')).filter((f) => !/^(__allocHook|Error)/.test(f));
      const key = frames.slice(0, 40).join('\n    ');
      const e = g.get(key) ?? { n: 0, bytes: 0 };
      e.n += 1; e.bytes += size; g.set(key, e);
    }
    return [...g.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
  });
  let total = 0, count = 0;
  for (const [, e] of groups) { total += e.bytes; count += e.n; }
  console.log(`live from traced ${traced} trips: ${count} allocations, ${total} B, ${groups.length} sites`);
  for (const [k, e] of groups.slice(0, Number(process.env.TOP ?? 25))) console.log(`\n== ${e.n} allocs, ${e.bytes} B\n    ${k}`);
} finally {
  await browser.close();
  await server.stop();
}
