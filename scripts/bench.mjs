// Benchmark any storefront, or two side by side (not a test: see lib/measure.mjs).
//   node scripts/bench.mjs URL [URL2] [--runs N] [--tap CSS --tapped CSS] [--json FILE]
// For each URL, in one run: the bytes transferred by resource type as served and the
// request count (from Lighthouse's network log of the first run), Lighthouse mobile
// (simulated slow 4G, 4x CPU) scores with FCP, LCP, TBT, CLS and time to interactive
// (medians of N runs, default 3), and "first tap works": the time from navigation until
// a tap on --tap is answered by --tapped appearing, on the same throttling (defaults: a
// microshop product page's "Add to cart" and the cart bar's count; another shop needs
// its own selectors, else the figure is "n/a"). Uses Debian's Chromium. Prints a table;
// --json writes every figure. Example: the demo shop's product page against a
// published 10,000-product shop's:
//   node scripts/bench.mjs http://127.0.0.1:8080/p/jasmine-pearls/ http://127.0.0.1:8081/p/p00001/
import * as chromeLauncher from 'chrome-launcher';
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { AUDITS, FLAGS, MICROSHOP_TAP, bytesByType, firstTap, lighthouseRun, load, median, requestsOf, shown } from './lib/measure.mjs';

function parse(argv) {
  const options = { urls: [], runs: 3, ...MICROSHOP_TAP, json: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--runs') {
      options.runs = Number(value());
      if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error(`--runs is a whole number of at least 1, not "${argv[i]}"`);
    } else if (arg === '--tap') options.tap = value();
    else if (arg === '--tapped') options.tapped = value();
    else if (arg === '--json') options.json = value();
    else if (arg === '-h' || arg === '--help') options.help = true;
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else {
      let url;
      try { url = new URL(arg); } catch { throw new Error(`"${arg}" is not a URL (give http://… or https://…)`); }
      if (!/^https?:$/.test(url.protocol)) throw new Error(`"${arg}" is not an http(s) URL`);
      options.urls.push(url.href);
    }
  }
  if (!options.help && (options.urls.length < 1 || options.urls.length > 2)) throw new Error('give one URL, or two to compare side by side');
  return options;
}

let options;
try {
  options = parse(process.argv.slice(2));
} catch (e) {
  console.error(`bench: ${e.message}\nusage: node scripts/bench.mjs URL [URL2] [--runs N] [--tap CSS --tapped CSS] [--json FILE]`);
  process.exit(2);
}
if (options.help) {
  console.log('usage: node scripts/bench.mjs URL [URL2] [--runs N] [--tap CSS --tapped CSS] [--json FILE]');
  process.exit(0);
}

const loadBefore = load();
const results = [];
for (const url of options.urls) {
  const lhrs = [];
  const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: FLAGS });
  try {
    for (let i = 0; i < options.runs; i++) {
      lhrs.push(await lighthouseRun(url, chrome.port));
      console.error(`# ${url}: Lighthouse run ${i + 1} of ${options.runs} done`);
    }
  } finally {
    await chrome.kill();
  }
  const taps = [];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS.filter((f) => f !== '--headless') });
  try {
    for (let i = 0; i < options.runs; i++) taps.push(await firstTap(browser, url, options));
  } finally {
    await browser.close();
  }
  const answered = taps.filter((t) => t !== null);
  results.push({
    url,
    lighthouse: lhrs[0].lighthouseVersion,
    transfer: bytesByType(requestsOf(lhrs[0])),
    scores: Object.fromEntries(Object.keys(lhrs[0].categories).map((c) => [c, lhrs.map((r) => Math.round(r.categories[c].score * 100))])),
    timings: Object.fromEntries(AUDITS.map((a) => [a, lhrs.map((r) => r.audits[a].numericValue)])),
    firstTap: taps,
    firstTapMedian: answered.length === taps.length ? median(answered) : null,
  });
}

// The table: one column per URL.
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const rows = [['', ...results.map((_, i) => `URL ${i + 1}`)]];
const types = [...new Set(results.flatMap((r) => Object.keys(r.transfer.types)))];
rows.push(['transferred (all)', ...results.map((r) => kb(r.transfer.total))]);
for (const t of types) rows.push([`  ${t}`, ...results.map((r) => (r.transfer.types[t] ? `${kb(r.transfer.types[t].bytes)} in ${r.transfer.types[t].requests}` : '-'))]);
rows.push(['requests', ...results.map((r) => String(r.transfer.requests))]);
for (const c of Object.keys(results[0].scores)) rows.push([`${c} (median)`, ...results.map((r) => String(median(r.scores[c] ?? [0])))]);
for (const a of AUDITS) rows.push([`${a} (median)`, ...results.map((r) => shown(a, median(r.timings[a])) + (a === 'cumulative-layout-shift' ? '' : ' ms'))]);
rows.push(['first tap works (median)', ...results.map((r) => (r.firstTapMedian === null ? `n/a (no answer to ${options.tap} in ${r.firstTap.filter((t) => t === null).length} of ${r.firstTap.length})` : `${Math.round(r.firstTapMedian)} ms`))]);
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
results.forEach((r, i) => console.log(`URL ${i + 1}: ${r.url}`));
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
console.log(`Lighthouse ${results[0].lighthouse}, mobile preset, simulated throttling; ${options.runs} run(s) each; 1-min load average ${loadBefore} before, ${load()} after (${new Date().toISOString()})`);
if (options.json) writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
