#!/usr/bin/env node
// The feed at scale, measured (issue 16 item 3; docs/performance.md, "The feed at
// 10,000 products"). Not part of the test command: it reports figures, it asserts none.
//
//   node scripts/bench-feed.mjs [--products 10000] [--keys 60] [--url http://host/]
//     [--trace] [--profile] [--taps 10]
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
// With --trace, also where the time went (counts, not timings, where it can): a Chromium
// trace of the keystrokes and of the taps, the main thread's time per key (per tap) by
// stage (script, style, layout, paint and compositing, other) and by trace event (self
// time), the DOM's changes per key (a MutationObserver on the page's body: attributes,
// texts, nodes added and removed; all of them, and those before the action's frame), the
// layouts before the frame per key (how many, how many a script forced, their dirty
// objects) and the history writes per key (--trace-out FILE keeps the trace's events
// in FILE.0.json, keys, and FILE.1.json, taps). With --profile, a
// CPU profile (CDP, 100 us sampling) of the keystrokes: self time per key by function
// (a build with WASM_NAMES=1 names the wasm's functions: scripts/split.mjs).
//
// When an action happens within the display's frame (--phase): a frame is drawn on the
// display's beat (60 Hz here, every 16.7 ms), so "to the next frame" counts the wait for
// the next beat too, and that wait depends on when the action comes. The driver's own
// waits end just after a frame (Playwright polls by requestAnimationFrame and, before a
// click, waits for two frames with the chip in one place), so without care every action
// comes at the same early point of a frame and waits almost a whole one: a page that does
// nothing measures ~16 ms a key and ~13 ms a tap that way (--floor). A buyer's keys and
// taps come at any moment of a frame, and at a person's pace: the fastest typists leave
// about 100 ms between keys, more than the page needs to settle. `--phase random` (the
// default) waits until the page has settled (the grid's list not `aria-busy`, then an idle
// moment), then a random 0-16.7 ms, before each action, and clicks the chip by its place
// on the screen (measured first), so the figures are those of actions spread over the
// frame, each its own cost; `--phase after-frame` keeps the earlier way (sessions 9-14's
// figures: each action right after the previous one's frame, its leftover work included).
// `--floor`: the same driver on a page that does next to nothing (a search box and chips
// whose handlers write one text, served from memory): the method's own figure, to read
// the shop's against.
//
//   node scripts/bench-feed.mjs --pair URL_A URL_B [--keys 72] [--taps 20]
//
// Two builds compared on a shared, noisy machine: both sites open at once in one
// headless Chromium (a browser context each, so a renderer each), every action done on
// both, A first for even-numbered actions and B first for odd ones (the one done
// second pays for the first's leftover work: its pictures, its task after the frame),
// each followed by a wait until that page has settled (the grid's list not `aria-busy`,
// then an idle moment) before the other page's turn. The same keys as above (the same
// words, letter by letter, `fill('')` between words, not timed), then the category taps
// (after a reload: each category's chip in turn). It reports per action type the medians
// and p95 of A and B, by which went first, and in how many pairs B was faster, with
// the load average before and after. A and B must serve the same shop: publish one
// generated shop (`microshop generate --products 10000 --seed 16`) with each build's
// `microshop publish --dist` and serve each with its own `microshop serve --site`.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { arg, serveGenerated } from './lib/served-site.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = process.env.MICROSHOP_BIN ?? join(ROOT, 'target', 'release', 'microshop');
const DIST = process.env.MICROSHOP_DIST ?? join(ROOT, 'dist');

const products = Number(arg('products', '10000'));
const keys = Number(arg('keys', '60'));
const tapCount = Number(arg('taps', '10'));
const tracing = process.argv.includes('--trace');
const profiling = process.argv.includes('--profile');
const phase = arg('phase', 'random');
if (!['random', 'after-frame'].includes(phase)) throw new Error(`--phase is random or after-frame, not ${phase}`);
const floor = process.argv.includes('--floor');
let recordings = 0;

/** A random moment within the display's frame (60 Hz), before an action (`--phase random`). */
const somewhereInFrame = () => (phase === 'random' ? new Promise((ok) => setTimeout(ok, Math.random() * 16.7)) : null);

/** A press of `key` at the phase asked for. */
async function press(page, key) {
  if (phase === 'random') await settled(page);
  await somewhereInFrame();
  await page.keyboard.press(key);
}

/** A tap on `chip`: after the frame by Playwright's click, or at a random moment by its place. */
async function tap(page, chip) {
  if (phase === 'after-frame') return chip.click();
  await settled(page);
  await chip.scrollIntoViewIfNeeded();
  const box = await chip.boundingBox();
  if (!box) throw new Error('the category chip has no box on the screen');
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0))));
  await somewhereInFrame();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** `--floor`: a page with the feed's search box, chips, card and pager that does next to nothing. */
const FLOOR_URL = 'http://floor.invalid/';
const FLOOR_PAGE = `<!doctype html><meta name=viewport content="width=device-width">
<main><input id=feed-search><div class=chips><button class=chip>All</button><button class=chip>One</button><button class=chip>Two</button></div>
<ul id=products><li class=card>card</li></ul><p class=pager__of>page 1 of 1</p><output id=o></output></main>
<script>
const o = document.getElementById('o');
document.getElementById('feed-search').addEventListener('input', (e) => { o.textContent = e.target.value; });
for (const c of document.querySelectorAll('.chip')) c.addEventListener('click', () => { o.textContent = c.textContent; });
</script>`;
async function floorRoutes(context) {
  await context.route(`${FLOOR_URL}**`, (route) => route.fulfill({ contentType: 'text/html', body: FLOOR_PAGE }));
}

const quantile = (list, q) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (x) => `${x.toFixed(1)} ms`;

/** Time from the next input event to the end of the frame after it, in the page. */
const ARM = (counting) => {
  window.__frames = [];
  const arm = (event) => {
    const start = event.timeStamp;
    performance.mark('action-start', { startTime: start });
    // With --trace: where the action's frame begins (what the page did before it is the
    // action's own task(s): the counts' "before frame" and the layouts before it).
    if (counting) {
      window.__beforeFrame = true;
      requestAnimationFrame(() => {
        window.__beforeFrame = false;
        performance.mark('action-frame');
      });
    }
    requestAnimationFrame(() => setTimeout(() => {
      window.__frames.push(performance.now() - start);
      performance.mark('action-end');
    }, 0));
  };
  addEventListener('keydown', arm, true);
  addEventListener('click', arm, true);
  // Counts (only with --trace): the history's writes and the DOM's changes in `main`. Not
  // there otherwise: a MutationObserver on the whole body makes a record of every change
  // the page makes (about 300 a key, 25 of them before its frame), work a buyer's page
  // does not do.
  window.__counts = { replaceState: 0, pushState: 0, attributes: 0, texts: 0, added: 0, removed: 0 };
  if (!counting) return;
  for (const name of ['replaceState', 'pushState']) {
    const real = History.prototype[name];
    History.prototype[name] = function (...args) { window.__counts[name]++; return real.apply(this, args); };
  }
  const watch = () => {
    new MutationObserver((list) => {
      // Records come in a microtask; those of the action's own task come before its frame.
      const add = (name, n = 1) => {
        window.__counts[name] = (window.__counts[name] ?? 0) + n;
        if (window.__beforeFrame) window.__counts[`before frame: ${name}`] = (window.__counts[`before frame: ${name}`] ?? 0) + n;
      };
      for (const m of list) {
        if (m.type === 'attributes') {
          add('attributes');
          add(`attribute ${m.attributeName}`);
        }
        else if (m.type === 'characterData') add('texts');
        else { add('added', m.addedNodes.length); add('removed', m.removedNodes.length); }
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  };
  addEventListener('DOMContentLoaded', watch);
};

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'toplevel'].join(',');

/** The stage a trace event's self time counts to. */
function stage(name) {
  if (/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet|InvalidateLayout|ScheduleStyleRecalculation)$/.test(name)) return 'style';
  if (/^(Layout|UpdateLayer|IntersectionObserverController::computeIntersections|ComputeIntersections)$/.test(name)) return 'layout';
  if (/^(PrePaint|Paint|PaintImage|Layerize|Commit|UpdateLayerTree|CompositeLayers|PaintSetup|RasterTask|Decode Image|ImageDecodeTask|Decode LazyPixelRef)$/.test(name)) return 'paint';
  if (/^(FunctionCall|EventDispatch|TimerFire|FireAnimationFrame|FireIdleCallback|RunMicrotasks|V8\.|v8\.|EvaluateScript|XHRReadyStateChange|HitTest|MajorGC|MinorGC|GCEvent|BlinkGC|V8\.GC)/.test(name)) return 'script';
  return 'other';
}

/** The renderer main thread's self time by event name, over the trace's tasks. */
function selfTimes(events) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain'
    && events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'EventDispatch'));
  const self = new Map();
  if (!main) return self;
  // Only what runs from a key's (tap's) event to the end of the frame after it: the
  // marks the page makes (ARM), not the driver's own work between actions.
  const marks = (name) => events.filter((e) => e.pid === main.pid && e.name === name).map((e) => e.ts).sort((a, b) => a - b);
  const starts = marks('action-start');
  const ends = marks('action-end');
  const windows = starts.map((s) => [s, ends.find((e) => e > s) ?? s]);
  const inside = (e) => windows.some(([s, end]) => e.ts >= s && e.ts < end);
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined && inside(e))
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  const add = (k, v) => self.set(k, (self.get(k) ?? 0) + v);
  const close = (upTo) => {
    while (stack.length && stack.at(-1).e.ts + stack.at(-1).e.dur <= upTo) {
      const { e, child } = stack.pop();
      add(e.name === 'EventDispatch' ? `EventDispatch ${e.args?.data?.type ?? ''}` : e.name, e.dur - child);
      if (stack.length) stack.at(-1).child += e.dur;
    }
  };
  for (const e of mine) {
    close(e.ts);
    stack.push({ e, child: 0 });
  }
  close(Infinity);
  return self;
}

/**
 * The layouts from each action's event to its frame's start (the page's `action-frame`
 * mark, in the first requestAnimationFrame callback): the action's own task(s), where a
 * layout of the page's document is the editor's or one the page forced by asking for a
 * box. Per action: how many, their dirty objects and how many ran inside a script's
 * call (forced).
 */
function layoutsBeforeFrame(events, n) {
  const marks = (name) => events.filter((e) => e.name === name).map((e) => e.ts).sort((a, b) => a - b);
  const frames = marks('action-frame');
  const windows = marks('action-start').map((s) => [s, frames.find((e) => e > s) ?? s]);
  // The page's own document (the pictures' SVG documents are laid out on the same thread).
  const all = events.filter((e) => e.name === 'Layout' && e.ph === 'X');
  const page = all.reduce((a, e) => ((e.args?.beginData?.totalObjects ?? 0) > (a?.args?.beginData?.totalObjects ?? -1) ? e : a), null)?.args?.beginData?.frame;
  const layouts = all.filter((e) => e.args?.beginData?.frame === page && windows.some(([s, end]) => e.ts >= s && e.ts < end));
  // Forced: inside a script's call (asked for by the page), not the editor's or the frame's.
  const calls = events.filter((e) => e.name === 'FunctionCall' && e.ph === 'X' && e.pid === layouts[0]?.pid && e.tid === layouts[0]?.tid);
  const forced = layouts.filter((l) => calls.some((c) => l.ts >= c.ts && l.ts + l.dur <= c.ts + c.dur)).length;
  const dirty = layouts.reduce((k, e) => k + (e.args?.beginData?.dirtyObjects ?? 0), 0);
  const us = layouts.reduce((k, e) => k + e.dur, 0);
  return { layouts: +(layouts.length / n).toFixed(2), forced_by_script: +(forced / n).toFixed(2), dirty_objects: +(dirty / n).toFixed(1), time: `${(us / 1000 / n).toFixed(2)} ms` };
}

/** Per action (key or tap): the main thread's time by stage and its largest events, and the counts. */
function breakdown(events, n, counts) {
  const self = selfTimes(events);
  const stages = {};
  let total = 0;
  for (const [name, us] of self) {
    if (/^(RunTask|ThreadControllerImpl::RunTask|ThreadPool_RunTask)$/.test(name)) { total += us; continue; }
    const s = stage(name.split(' ')[0]);
    stages[s] = (stages[s] ?? 0) + us;
    total += us;
  }
  const per = (us) => `${(us / 1000 / n).toFixed(2)} ms`;
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k}: ${per(v)}`);
  const each = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, +(v / n).toFixed(2)]));
  return { main_thread_per_action: per(total), by_stage: Object.fromEntries(Object.entries(stages).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, per(v)])), top_events: top, layouts_before_frame_per_action: layoutsBeforeFrame(events, n), counts_per_action: each };
}

/** The windows from each action's event to the end of the frame after it, by the page's marks in the trace. */
function actionWindows(events) {
  const marks = (name) => events.filter((e) => e.name === name).map((e) => e.ts).sort((a, b) => a - b);
  const ends = marks('action-end');
  return marks('action-start').map((s) => [s, ends.find((e) => e > s) ?? s]);
}

/** A CPU profile's self time by function, per action (only inside `windows` when given: with --trace). */
function profileSelf(profile, n, windows) {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map();
  const dt = profile.timeDeltas;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += dt[i] ?? 0;
    if (windows && !windows.some(([s, e]) => t >= s && t < e)) continue;
    const node = byId.get(profile.samples[i]);
    const f = node.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url ? f.url.split('/').pop().replace(/-[0-9a-f]{16}/, '') : ''}`.trim();
    self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0));
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${k}: ${(v / 1000 / n).toFixed(2)} ms`);
}

async function main() {
  const pair = process.argv.indexOf('--pair');
  if (pair > 0) return paired(process.argv[pair + 1], process.argv[pair + 2]);
  let url = floor ? FLOOR_URL : arg('url');
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
    await context.addInitScript(ARM, tracing);
    if (floor) await floorRoutes(context);
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
    const cdp = (tracing || profiling) ? await context.newCDPSession(page) : null;
    const startRecording = async () => {
      const events = [];
      if (tracing) {
        cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
        await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
      }
      if (profiling) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
        await cdp.send('Profiler.start');
      }
      const counts0 = await page.evaluate(() => ({ ...window.__counts }));
      return async (n) => {
        const counts1 = await page.evaluate(() => ({ ...window.__counts }));
        const counts = Object.fromEntries(Object.keys(counts1).map((k) => [k, counts1[k] - (counts0[k] ?? 0)]));
        const out = {};
        const profile = profiling ? (await cdp.send('Profiler.stop')).profile : null;
        if (tracing) {
          const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
          await cdp.send('Tracing.end');
          await done;
          cdp.removeAllListeners('Tracing.dataCollected');
          Object.assign(out, breakdown(events, n, counts));
          // --trace-out FILE: the trace's events kept (one file per recording: keys, then taps).
          if (arg('trace-out')) writeFileSync(`${arg('trace-out')}.${recordings++}.json`, JSON.stringify(events));
        }
        if (profile) out.profile_self_per_action = profileSelf(profile, n, tracing ? actionWindows(events) : null);
        return out;
      };
    };
    const stopKeys = cdp ? await startRecording() : null;
    let typed = 0;
    for (let w = 0; typed < keys; w++) {
      const word = words[w % words.length];
      await search.fill('');
      for (const ch of word) {
        if (typed >= keys) break;
        await press(page, ch === ' ' ? 'Space' : ch);
        typed++;
        await page.waitForFunction((n) => window.__frames.length >= n, typed);
      }
      // fill('') is not a keystroke: its frame is not counted (cleared by the next word's first press).
      await page.evaluate((n) => { window.__frames.length = n; }, typed);
    }
    const frames = await page.evaluate(() => window.__frames.slice());
    // (The fill('')s between words are in the trace and the counts too: one per word.)
    const keyWhere = stopKeys ? await stopKeys(typed) : null;
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
    const stopTaps = cdp ? await startRecording() : null;
    for (let i = 0; i < tapCount; i++) {
      await tap(page, chips.nth(1 + (i % (chipCount - 1))));
      taps++;
      await page.waitForFunction((n) => window.__frames.length >= n, taps);
    }
    const chipFrames = await page.evaluate(() => window.__frames.slice());
    // Flushes an address still waiting for the idle moment into the counts.
    if (stopTaps) await page.evaluate(() => new Promise((ok) => requestIdleCallback(ok, { timeout: 3000 })));
    const tapWhere = stopTaps ? await stopTaps(taps) : null;

    const pages = Math.ceil(products / 48);
    if (!floor) {
      await page.goto(`${url}?page=${pages}`, { waitUntil: 'networkidle' });
      await page.waitForFunction(() => document.querySelector('.pager__of'), null, { timeout: 120_000 });
    }
    const lastNodes = await nodes();
    const after = loadavg();

    const report = {
      url,
      products: floor ? 0 : products,
      phase,
      machine: `${cpus().length} cores, load average ${before.map((l) => l.toFixed(2)).join(' ')} before, ${after.map((l) => l.toFixed(2)).join(' ')} after`,
      keystrokes: { n: frames.length, median: ms(quantile(frames, 0.5)), p95: ms(quantile(frames, 0.95)), max: ms(Math.max(...frames)) },
      category_taps: { n: chipFrames.length, median: ms(quantile(chipFrames, 0.5)), p95: ms(quantile(chipFrames, 0.95)) },
      dom_nodes: { first_screen: firstNodes, after_search: searchNodes, last_page: lastNodes },
      first_visit: firstVisit,
    };
    if (keyWhere) report.keystroke_breakdown = keyWhere;
    if (tapWhere) report.tap_breakdown = tapWhere;
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await browser.close();
    site?.stop();
  }
}

const browserArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'en-US' };
const WORDS = ['tea', 'cup', 'pot', 'silk', 'jar', 'bowl', 'green', 'clay', 'lamp', 'mat'];

/** A page's feed loaded, the search box focused and every card come (the pager says "page x of y"). */
async function ready(page, url) {
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => !document.getElementById('boot') && document.querySelector('main .card'));
  await page.locator('#feed-search').focus();
  await page.waitForFunction(() => { const of = document.querySelector('.pager__of'); return of && getComputedStyle(of).display !== 'none'; }, null, { timeout: 120_000 });
  await settled(page);
  await page.evaluate(() => { window.__frames = []; });
}

/** Until the page's grid is settled (no `aria-busy`: its task after the frame has run) and the page is idle. */
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('#products[aria-busy]'));
  await page.evaluate(() => new Promise((ok) => requestIdleCallback(() => ok(), { timeout: 500 })));
}

/** `--pair URL_A URL_B`: the same actions on both sites, alternately first (see the header). */
async function paired(urlA, urlB) {
  if (!urlA || !urlB) throw new Error('--pair needs two URLs: A (before) and B (after)');
  const before = loadavg();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: browserArgs });
  try {
    const open = async (url) => {
      const context = await browser.newContext(phone);
      await context.addInitScript(ARM, tracing);
      const page = await context.newPage();
      await ready(page, url);
      return page;
    };
    const pages = [await open(urlA), await open(urlB)];
    const times = { keys: [], taps: [] };
    // One action on both pages, `i` even: A first; the key-or-tap-to-frame time of each.
    const both = async (kind, i, act) => {
      const order = i % 2 === 0 ? [0, 1] : [1, 0];
      const t = [0, 0];
      for (const p of order) {
        const page = pages[p];
        const n = await page.evaluate(() => window.__frames.length);
        await act(page);
        await page.waitForFunction((k) => window.__frames.length > k, n);
        t[p] = await page.evaluate(() => window.__frames.at(-1));
        await settled(page);
      }
      times[kind].push({ a: t[0], b: t[1], aFirst: i % 2 === 0 });
    };
    const keys = Number(arg('keys', '72'));
    let typed = 0;
    for (let w = 0; typed < keys; w++) {
      const word = WORDS[w % WORDS.length];
      for (const page of pages) { await page.locator('#feed-search').fill(''); await settled(page); }
      for (const ch of word) {
        if (typed >= keys) break;
        await both('keys', typed, (page) => press(page, ch));
        typed++;
      }
    }
    for (let p = 0; p < 2; p++) await ready(pages[p], [urlA, urlB][p]);
    const taps = Number(arg('taps', '20'));
    const chipCount = await pages[0].locator('.chips .chip').count();
    for (let i = 0; i < taps; i++) {
      // Through the categories in turn, as above ("All" is chip 0).
      const chip = 1 + (i % (chipCount - 1));
      await both('taps', i, (page) => tap(page, page.locator('.chips .chip').nth(chip)));
    }
    const after = loadavg();
    const summary = (list) => {
      const of = (sel) => ({ n: list.filter(sel).length, a_median: ms(quantile(list.filter(sel).map((x) => x.a), 0.5)), b_median: ms(quantile(list.filter(sel).map((x) => x.b), 0.5)) });
      return {
        n: list.length,
        a: { median: ms(quantile(list.map((x) => x.a), 0.5)), p95: ms(quantile(list.map((x) => x.a), 0.95)) },
        b: { median: ms(quantile(list.map((x) => x.b), 0.5)), p95: ms(quantile(list.map((x) => x.b), 0.95)) },
        b_faster_pairs: list.filter((x) => x.b < x.a).length,
        b_minus_a_median: ms(quantile(list.map((x) => x.b - x.a), 0.5)),
        a_first: of((x) => x.aFirst),
        b_first: of((x) => !x.aFirst),
      };
    };
    console.log(JSON.stringify({
      a: urlA,
      b: urlB,
      phase,
      machine: `${cpus().length} cores, load average ${before.map((l) => l.toFixed(2)).join(' ')} before, ${after.map((l) => l.toFixed(2)).join(' ')} after`,
      keystrokes: summary(times.keys),
      category_taps: summary(times.taps),
    }, null, 2));
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
