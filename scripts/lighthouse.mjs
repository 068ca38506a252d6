// Benchmark, not a test: Lighthouse (mobile preset, default simulated throttling: slow
// 4G, 4x CPU) on the demo shop as `microshop publish` writes it, in Debian's Chromium,
// on the feed and a product page, `runs` times each, on two hosts:
//   serve  - `microshop serve --site` (brotli, immutable caching of hashed files);
//   static - a plain static host without compression (Python's http.server), where most
//            sellers upload the folder.
// Also "first tap works": the time from navigation until a tap on "Add to cart" on the
// product page puts it in the cart, in Playwright with the same throttling applied
// through DevTools (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, 4x CPU): a tap is tried
// every 50 ms from the first paint on, and the time is when the cart bar shows it.
// Prints each run and the medians, for docs/performance.md.
// Usage: node scripts/lighthouse.mjs [runs=3] [serve|static|both=both] (after scripts/build.sh).
// Timings on a shared machine are noisy: run it alone, compare medians, note what else ran.
import * as chromeLauncher from 'chrome-launcher';
import { chromium } from 'playwright-core';
import { serveDemo } from './lib/demo-site.mjs';
import { AUDITS, FLAGS, firstTap, lighthouseRun, median, shown } from './lib/measure.mjs';

const runs = Number(process.argv[2] ?? 3);
const which = process.argv[3] ?? 'both';
const hosts = which === 'both' ? ['serve', 'static'] : [which];
const results = {};
for (const host of hosts) {
  const server = await serveDemo(host);
  const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: FLAGS });
  const pages = { feed: server.base, product: `${server.base}p/jasmine-pearls/` };
  try {
    for (const [name, url] of Object.entries(pages)) for (let i = 0; i < runs; i++) {
      const lhr = await lighthouseRun(url, chrome.port);
      (results[`${host} ${name}`] ??= { lhrs: [], taps: [] }).lhrs.push(lhr);
      const scores = Object.entries(lhr.categories).map(([k, c]) => `${k} ${Math.round(c.score * 100)}`).join(', ');
      const times = AUDITS.map((a) => `${a.replace(/-/g, ' ')} ${lhr.audits[a].displayValue}`).join(', ');
      console.log(`${host} ${name} run ${i + 1}: ${scores}; ${times}`);
    }
  } finally {
    await chrome.kill();
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS.filter((f) => f !== '--headless') });
  try {
    for (let i = 0; i < runs; i++) {
      // A fresh context each time: nothing cached, like a first visit.
      const ms = await firstTap(browser, `${server.base}p/jasmine-pearls/`);
      results[`${host} product`].taps.push(ms);
      console.log(`${host} product first tap works, run ${i + 1}: ${Math.round(ms)} ms`);
    }
  } finally {
    await browser.close();
    server.stop();
  }
}
for (const [name, { lhrs, taps }] of Object.entries(results)) {
  console.log(`${name}: median of ${lhrs.length} (Lighthouse ${lhrs[0].lighthouseVersion}, mobile preset, simulated throttling):`);
  for (const c of Object.keys(lhrs[0].categories)) {
    console.log(`  ${c}: ${Math.round(median(lhrs.map((r) => r.categories[c].score)) * 100)} (runs: ${lhrs.map((r) => Math.round(r.categories[c].score * 100)).join(', ')})`);
  }
  for (const a of AUDITS) {
    const values = lhrs.map((r) => r.audits[a].numericValue);
    console.log(`  ${a}: ${shown(a, median(values))} (runs: ${values.map((v) => shown(a, v)).join(', ')})`);
  }
  if (taps.length) console.log(`  first tap works: ${Math.round(median(taps))} ms (runs: ${taps.map(Math.round).join(', ')})`);
}
