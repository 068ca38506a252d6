// Benchmark, not a test: Lighthouse (mobile preset, default simulated throttling) on
// the demo shop as `microshop publish` writes it, served by `microshop serve --site`,
// in Debian's Chromium: the feed and a product page, `runs` times each. Prints scores
// and timings with the method, for docs/performance.md.
// Usage: node scripts/lighthouse.mjs [runs=3] (after scripts/build.sh).
// Timings on a shared machine are noisy: compare medians.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DIST, ROOT } from '../tests/e2e/harness.mjs';

const runs = Number(process.argv[2] ?? 3);
const port = await new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => { const { port: p } = s.address(); s.close(() => resolve(p)); });
});
const dir = mkdtempSync(join(tmpdir(), 'microshop-lighthouse-'));
const base = `http://127.0.0.1:${port}/`;
execFileSync(BIN, ['publish', join(ROOT, 'public', 'shop.json'), join(dir, 'site'), '--base-url', base, '--dist', DIST], { stdio: 'inherit' });
const child = spawn(BIN, ['serve', '--site', join(dir, 'site'), '--addr', `127.0.0.1:${port}`, '--db', join(dir, 'orders.sqlite')], { stdio: 'ignore' });
for (let i = 0; i < 100; i++) {
  try { await fetch(base); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
}
const server = { stop: async () => { child.kill(); rmSync(dir, { recursive: true, force: true }); } };
const chrome = await chromeLauncher.launch({
  chromePath: '/usr/bin/chromium',
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const audits = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'interactive'];
const results = {};
const pages = { feed: base, product: `${base}p/jasmine-pearls/` };
try {
  for (const [name, url] of Object.entries(pages)) for (let i = 0; i < runs; i++) {
    const { lhr } = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    (results[name] ??= []).push(lhr);
    const scores = Object.entries(lhr.categories).map(([k, c]) => `${k} ${Math.round(c.score * 100)}`).join(', ');
    const times = audits.map((a) => `${a.replace(/-/g, ' ')} ${lhr.audits[a].displayValue}`).join(', ');
    console.log(`${name} run ${i + 1}: ${scores}; ${times}`);
  }
} finally {
  await chrome.kill();
  await server.stop();
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, lhrs] of Object.entries(results)) {
  console.log(`${name}: median of ${runs} (Lighthouse ${lhrs[0].lighthouseVersion}, mobile preset, simulated throttling):`);
  for (const c of Object.keys(lhrs[0].categories)) {
    console.log(`  ${c}: ${Math.round(median(lhrs.map((r) => r.categories[c].score)) * 100)}`);
  }
  for (const a of audits) {
    console.log(`  ${a}: ${Math.round(median(lhrs.map((r) => r.audits[a].numericValue)) * 1000) / 1000}`);
  }
}
