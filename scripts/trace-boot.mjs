// Benchmark, not a test: where a published page's main-thread time goes while the app
// boots. Publishes the demo shop like scripts/lighthouse.mjs, serves it (`serve`:
// `microshop serve --site`; `static`: Python's http.server, no compression), opens the
// page in Playwright's Chromium (412x823 mobile, en-US, fresh context, 4x CPU through
// DevTools, no network throttling: Lighthouse's simulation also loads unthrottled and
// scales the CPU time), records a Chromium trace until the page has settled, and prints
// the main thread's long tasks (>= 20 ms) with what each one spent its time on (self
// time by trace event), their sum over 50 ms (the observed "blocking time"), and any
// performance.measure() entries the page made.
// Usage: node scripts/trace-boot.mjs [runs=3] [serve|static=serve] [path=/] (after scripts/build.sh).
// Each task also shows its thread CPU time (the trace's `tdur`: what a loaded machine
// changes least). TRACE_RATE=1 traces at full speed (Lighthouse's own trace is unthrottled
// and scales the tasks by 4); TRACE_MIN=<ms> lists shorter tasks; TRACE_CPU=1 picks them by
// CPU time instead of wall time; MICROSHOP_DIST=<folder> publishes another build (A/B);
// TRACE_MARKS=1 marks what each task added to the page, fetched or formatted (see below).
// Each run ends with the count of tasks over Lighthouse's line (scaled to 4x, past 50 ms
// after FCP), by wall time and by thread CPU; the last line lists the CPU counts per run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveDemo } from './lib/demo-site.mjs';
import { FLAGS, load, median } from './lib/measure.mjs';

const runs = Number(process.argv[2] ?? 3);
const host = process.argv[3] ?? 'serve';
const path = (process.argv[4] ?? '/').replace(/^\//, '');
const save = process.env.TRACE_SAVE; // a folder: each run's trace as JSON, for DevTools
// The CPU slowdown (Lighthouse's mobile preset: 4); TRACE_RATE=1 for full speed.
const RATE = Number(process.env.TRACE_RATE ?? 4);
// The shortest task listed, in ms (TRACE_MIN; 20 unless told).
const MIN = Number(process.env.TRACE_MIN ?? 20);

const { base, stop } = await serveDemo(host);

const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute',
  'blink.user_timing', 'loading', 'v8.wasm', 'disabled-by-default-v8.compile'].join(',');

/** Long tasks of the renderer's main thread, each with its self time by event name. */
function longTasks(events) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain'
    && events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'FunctionCall'));
  if (!main) return { tasks: [], fcp: 0 };
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const nav = events.find((e) => e.name === 'navigationStart' && e.pid === main.pid);
  const fcpEvent = events.find((e) => e.name === 'firstContentfulPaint' && e.pid === main.pid);
  const t0 = nav?.ts ?? mine[0]?.ts ?? 0;
  const tasks = [];
  let i = 0;
  while (i < mine.length) {
    const task = mine[i];
    if (task.name !== 'RunTask' && task.name !== 'ThreadControllerImpl::RunTask') { i++; continue; }
    const end = task.ts + task.dur;
    const inside = [];
    i++;
    while (i < mine.length && mine[i].ts < end) inside.push(mine[i++]);
    // Self time: each event's duration minus its direct children's.
    const self = new Map();
    const stack = [{ e: task, child: 0 }];
    const close = (upTo) => {
      while (stack.length > 1 && stack.at(-1).e.ts + stack.at(-1).e.dur <= upTo) {
        const { e, child } = stack.pop();
        self.set(label(e), (self.get(label(e)) ?? 0) + e.dur - child);
        stack.at(-1).child += e.dur;
      }
    };
    for (const e of inside) {
      close(e.ts);
      stack.push({ e, child: 0 });
    }
    close(Infinity);
    self.set('(task itself)', (self.get('(task itself)') ?? 0) + task.dur - stack[0].child);
    tasks.push({ start: (task.ts - t0) / 1000, dur: task.dur / 1000, cpu: (task.tdur ?? task.dur) / 1000, self });
  }
  return { tasks, fcp: fcpEvent ? (fcpEvent.ts - t0) / 1000 : 0 };
}

function label(e) {
  const d = e.args?.data ?? {};
  if (e.name === 'FunctionCall') return `FunctionCall ${d.functionName || '(anonymous)'} ${(d.url ?? '').split('/').pop()}`;
  if (e.name === 'EvaluateScript' || e.name === 'v8.compile') return `${e.name} ${(d.url ?? '').split('/').pop()}`;
  if (e.name === 'TimerFire' || e.name === 'FireAnimationFrame' || e.name === 'FireIdleCallback') return e.name;
  if (e.name === 'EventDispatch') return `EventDispatch ${d.type ?? ''}`;
  return e.name;
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS.filter((f) => f !== '--headless') });
const blocking = [];
const longest = [];
const overLine = [];
try {
  for (let run = 1; run <= runs; run++) {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, locale: 'en-US' });
    // TRACE_MARKS=1: a performance.mark in every mutation observer callback, named by what
    // it added (`el<elements>c<cards>`, `SHOW` when #boot went), the page's fetches
    // (`fetch:`/`got:` and the file's name) and Intl constructors (measures), so each
    // task can be named by the marks printed below it.
    if (process.env.TRACE_MARKS) await context.addInitScript(() => {
      const mo = new MutationObserver((recs) => {
        let els = 0, show = false, cards = 0;
        for (const r of recs) {
          for (const n of r.addedNodes) if (n.nodeType === 1) { els++; cards += n.querySelectorAll('.card').length + (n.matches('.card') ? 1 : 0); }
          for (const n of r.removedNodes) if (n.id === 'boot') show = true;
        }
        performance.mark(show ? 'SHOW' : `el${els}${cards ? `c${cards}` : ''}`);
      });
      mo.observe(document, { childList: true, subtree: true });
      for (const k of ['NumberFormat', 'DisplayNames', 'PluralRules']) {
        const C = Intl[k];
        Intl[k] = new Proxy(C, { construct(t, a) { const s = performance.now(); const o = Reflect.construct(t, a); performance.measure(`Intl.${k}`, { start: s, end: performance.now() }); return o; } });
      }
      const f = window.fetch;
      window.fetch = function (u, ...rest) {
        const name = String(u?.url ?? u).split('/').pop().slice(0, 12);
        performance.mark(`fetch:${name}`);
        const p = f.call(this, u, ...rest);
        p.then(() => performance.mark(`got:${name}`), () => {});
        return p;
      };
    });
    // Settled: the app has taken over (no boot screen). Told by the page through a binding,
    // not polled with `waitForFunction`: that injects Playwright's 330 KB script into the page
    // while the app boots, one task of 10-14 ms thread CPU that is not the page's (it was
    // taken for the JS glue's parse until session 13: docs/performance.md).
    let tookOver;
    const takenOver = new Promise((resolve) => { tookOver = resolve; });
    await context.exposeBinding('__tookOver', () => tookOver());
    await context.addInitScript(() => {
      const done = () => !document.getElementById('boot') && document.querySelector('main');
      new MutationObserver((_, mo) => { if (done()) { mo.disconnect(); window.__tookOver(); } })
        .observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
    const events = [];
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
    await page.goto(`${base}${path}`);
    // Settled: the app has taken over and two idle periods passed.
    let timer;
    await Promise.race([takenOver, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('the app did not take over in 60 s')), 60_000); })]);
    clearTimeout(timer);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 3000)));
    await page.evaluate(() => new Promise((r) => requestIdleCallback(() => requestIdleCallback(r))));
    const measures = await page.evaluate(() => performance.getEntriesByType('measure').map((m) => [m.name, m.startTime, m.duration]));
    const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]));
    await cdp.send('Tracing.end');
    await done;
    if (save) writeFileSync(join(save, `trace-${host}-${run}.json`), JSON.stringify({ traceEvents: events }));
    await context.close();
    const { tasks, fcp } = longTasks(events);
    // TRACE_CPU=1: by the task's thread CPU time (what load hardly changes) instead of its wall time.
    const long = tasks.filter((t) => (process.env.TRACE_CPU ? t.cpu : t.dur) >= MIN);
    const tbt = tasks.filter((t) => t.start >= fcp).reduce((s, t) => s + Math.max(0, t.dur - 50), 0);
    blocking.push(tbt);
    longest.push(Math.max(0, ...tasks.map((t) => t.dur)));
    console.log(`run ${run} (load ${load()}): FCP ${fcp.toFixed(0)} ms; blocking time over 50 ms after FCP: ${tbt.toFixed(0)} ms; tasks >= ${MIN} ms (${tasks.filter((t) => t.start >= fcp && t.dur > 50).length} over 50 ms after FCP):`);
    for (const t of long) {
      const top = [...t.self.entries()].sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 1000).slice(0, 8)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join('; ');
      console.log(`  at ${t.start.toFixed(0)} ms: ${t.dur.toFixed(1)} ms (thread CPU ${t.cpu.toFixed(1)} ms)  [${top}]`);
    }
    // Lighthouse's line: its simulation scales each task by its CPU slowdown (4) and counts
    // what passes 50 ms. Here a task at this trace's rate, scaled to 4x: by wall time and by
    // thread CPU (what load changes least), from FCP on.
    const scale = 4 / RATE;
    const over = (key) => tasks.filter((t) => t.start >= fcp && t[key] * scale > 50);
    const sum = (list, key) => list.reduce((s, t) => s + t[key] * scale - 50, 0).toFixed(0);
    const byWall = over('dur'), byCpu = over('cpu');
    console.log(`  over the line (x4 > 50 ms after FCP): by wall ${byWall.length} (${sum(byWall, 'dur')} ms), by thread CPU ${byCpu.length} (${sum(byCpu, 'cpu')} ms)`);
    overLine.push(byCpu.length);
    for (const [name, start, dur] of measures) console.log(`  measure ${name}: at ${start.toFixed(0)} ms, ${dur.toFixed(1)} ms`);
    // Marks, runs of the same name folded: name@ms (+ms since the previous mark).
    const folded = [];
    for (const [name, at] of marks) {
      const last = folded.at(-1);
      if (last && last.name === name) { last.n++; last.end = at; } else folded.push({ name, at, end: at, n: 1 });
    }
    if (folded.length) console.log(`  marks: ${folded.map((m, i) => `${m.name}${m.n > 1 ? ` x${m.n} (${(m.end - m.at).toFixed(0)} ms)` : ''}@${m.at.toFixed(0)}${i ? ` (+${(m.at - folded[i - 1].end).toFixed(0)})` : ''}`).join(' ')}`);
  }
} finally {
  await browser.close();
  stop();
}
console.log(`${host} /${path}: median blocking time ${median(blocking).toFixed(0)} ms (runs: ${blocking.map((b) => b.toFixed(0)).join(', ')}); median longest task ${median(longest).toFixed(0)} ms (runs: ${longest.map((b) => b.toFixed(0)).join(', ')}); tasks over the line by thread CPU: ${overLine.join(', ')}`);
