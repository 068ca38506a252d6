// Benchmark, not a test: Lighthouse (mobile preset) on the demo shop served by
// `microshop serve`, in Debian's Chromium. Prints scores and timings with the
// method, for docs/performance.md. Usage: node scripts/lighthouse.mjs [runs=3]
// (after scripts/build.sh). Timings on a shared machine are noisy: compare medians.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { startServer } from '../tests/e2e/harness.mjs';

const runs = Number(process.argv[2] ?? 3);
const server = await startServer();
const chrome = await chromeLauncher.launch({
  chromePath: '/usr/bin/chromium',
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const audits = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'interactive'];
const results = [];
try {
  for (let i = 0; i < runs; i++) {
    const { lhr } = await lighthouse(`${server.url}/`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    results.push(lhr);
    const scores = Object.entries(lhr.categories).map(([k, c]) => `${k} ${Math.round(c.score * 100)}`).join(', ');
    const times = audits.map((a) => `${a.replace(/-/g, ' ')} ${lhr.audits[a].displayValue}`).join(', ');
    console.log(`run ${i + 1}: ${scores}; ${times}`);
  }
} finally {
  await chrome.kill();
  await server.stop();
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`median of ${runs} (Lighthouse ${results[0].lighthouseVersion}, mobile preset, simulated throttling):`);
for (const a of audits) {
  console.log(`  ${a}: ${Math.round(median(results.map((r) => r.audits[a].numericValue)) * 1000) / 1000}`);
}
