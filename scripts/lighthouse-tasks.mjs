// Benchmark, not a test: which tasks make Lighthouse's Total Blocking Time, from
// Lighthouse's own runs. Publishes and serves the demo shop like scripts/lighthouse.mjs,
// runs Lighthouse (mobile preset, simulated slow 4G and 4x CPU) on one page, and from
// the run's own trace and network log recomputes its TBT the way Lighthouse does (lantern:
// the optimistic and pessimistic simulations, each window from FCP to TTI, each CPU task
// that the simulation makes 50 ms or longer counting its length past 50 ms in the window;
// TBT = the mean of the two). For every simulated task of 50 ms or more it prints:
// the simulated start and length, what it adds to each estimate, the observed task's wall
// time and thread CPU (the trace's `tdur`), whether it laid out (lantern scales a task
// with a Layout by 2 instead of 4), the script Lighthouse attributes it to, and its
// largest self times by trace event. The last lines sum the runs by kind of task.
// Usage: node scripts/lighthouse-tasks.mjs [runs=3] [serve|static=serve] [path=/]
// (after scripts/build.sh; MICROSHOP_BIN / MICROSHOP_DIST for another build, as
// scripts/lighthouse.mjs). LH_SAVE=<folder> keeps each run's trace (JSON, for DevTools) and report;
// LH_CPU, LH_BOOST and LH_PREPARE: below.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join, resolve } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { Audit } from 'lighthouse/core/audits/audit.js';
import * as Lantern from 'lighthouse/core/lib/lantern/lantern.js';
import { LanternFirstContentfulPaint } from 'lighthouse/core/computed/metrics/lantern-first-contentful-paint.js';
import { LanternInteractive } from 'lighthouse/core/computed/metrics/lantern-interactive.js';
import { LanternTotalBlockingTime } from 'lighthouse/core/computed/metrics/lantern-total-blocking-time.js';
import { NetworkRecords } from 'lighthouse/core/computed/network-records.js';
import { MainThreadTasks } from 'lighthouse/core/computed/main-thread-tasks.js';
import { getJavaScriptURLs, getAttributableURLForTask } from 'lighthouse/core/lib/tracehouse/task-summary.js';
import { serveDemo } from './lib/demo-site.mjs';
import { FLAGS, load } from './lib/measure.mjs';

const runs = Number(process.argv[2] ?? 3);
const host = process.argv[3] ?? 'serve';
const path = (process.argv[4] ?? '/').replace(/^\//, '');
const save = process.env.LH_SAVE;
if (save) mkdirSync(save, { recursive: true });

/** What one task adds to TBT in the window [start, end] (lantern's rule). */
function blocking(t, start, end) {
  if (t.duration < 50 || t.end < start || t.start > end) return 0;
  const clipped = Math.min(t.end, end) - Math.max(t.start, start);
  return clipped < 50 ? 0 : clipped - 50;
}

/** The task's largest self times by event name (wall ms), as `name 1.2`. */
function selfTimes(task) {
  const self = new Map();
  const walk = (node) => {
    const children = node.children.reduce((s, c) => s + (c.endTime - c.startTime), 0);
    const name = node.event.name === 'RunTask' ? 'RunTask(self)' : node.event.name;
    self.set(name, (self.get(name) ?? 0) + (node.endTime - node.startTime) - children);
    node.children.forEach(walk);
  };
  walk(task);
  return [...self].sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 0.5).slice(0, 5)
    .map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
}

// LH_CPU=1: also simulate each run again with every task as long as its thread CPU
// instead of its wall time (what a quiet machine comes closer to; a busy one stretches
// wall time 2-10 times): the CPU node's duration is read through this getter.
let byCpu = false;
const wall = Object.getOwnPropertyDescriptor(Lantern.Graph.CPUNode.prototype, 'duration').get;
Object.defineProperty(Lantern.Graph.CPUNode.prototype, 'duration', {
  get() { return byCpu && this.event.tdur !== undefined ? this.event.tdur : wall.call(this); },
});

const kinds = new Map(); // kind -> { count, tbt }
const counts = new Map(); // 'page' | 'app' -> CPU ms per run

/** Recomputes the run's TBT (durations by `mode`: wall or cpu) and prints its tasks. */
async function explain(artifacts, lhr, mode) {
  const context = { computedCache: new Map(), settings: lhr.configSettings };
  const data = Audit.makeMetricComputationDataInput(artifacts, context);
  const trace = data.trace;
  const fcp = await LanternFirstContentfulPaint.request(data, context);
  const tti = await LanternInteractive.request(data, context);
  const tbt = await LanternTotalBlockingTime.request(data, context);
  const tasks = await MainThreadTasks.request(trace, context);
  const byEvent = new Map(tasks.filter((t) => !t.parent).map((t) => [t.event, t]));
  const jsUrls = getJavaScriptURLs(await NetworkRecords.request(data.devtoolsLog, context));
  // Optimistic estimate: from the pessimistic FCP to the optimistic TTI; pessimistic: the other way.
  const windows = {
    opt: [fcp.pessimisticEstimate.timeInMs, tti.optimisticEstimate.timeInMs],
    pess: [fcp.optimisticEstimate.timeInMs, tti.pessimisticEstimate.timeInMs],
  };
  console.log(` by ${mode} time: TBT ${tbt.timing.toFixed(0)} ms, `
    + `FCP opt/pess ${windows.opt[0].toFixed(0)}/${windows.pess[0].toFixed(0)}, TTI opt/pess ${windows.opt[1].toFixed(0)}/${windows.pess[1].toFixed(0)} ms (simulated)`);
  const rows = [];
  for (const [estimate, [start, end]] of [['opt', windows.opt], ['pess', windows.pess]]) {
    const timings = tbt[estimate === 'opt' ? 'optimisticEstimate' : 'pessimisticEstimate'].nodeTimings;
    for (const [node, timing] of timings) {
      if (node.type !== 'cpu' || timing.duration < 50) continue;
      const t = { start: timing.startTime, end: timing.endTime, duration: timing.duration };
      let row = rows.find((r) => r.node === node);
      if (!row) rows.push(row = { node, t, add: {} });
      row.add[estimate] = blocking(t, start, end);
    }
  }
  rows.sort((a, b) => a.t.start - b.t.start);
  if (mode === 'wall') {
    // Observed (not simulated), by thread CPU: the page's own tasks from its first
    // contentful paint to the app's first task, and the app's tasks (those attributed to
    // the glue) from there on: what a build changes, whatever the machine's load.
    const fcpEvent = trace.traceEvents.find((e) => e.name === 'firstContentfulPaint' && e.args?.frame === artifacts.MainDocumentContent?.frameId)
      ?? trace.traceEvents.find((e) => e.name === 'firstContentfulPaint');
    const top = tasks.filter((t) => !t.parent && t.event.ts >= (fcpEvent?.ts ?? 0));
    const isApp = (t) => /microshop-storefront-[^/]*\.js$/.test(getAttributableURLForTask(t, jsUrls));
    const firstApp = top.findIndex(isApp);
    const page = firstApp < 0 ? top : top.slice(0, firstApp);
    const app = firstApp < 0 ? [] : top.slice(firstApp).filter(isApp);
    const cpu = (t) => (t.event.tdur ?? 0) / 1000;
    const line = (list) => `${list.length} tasks, CPU ${list.reduce((s, t) => s + cpu(t), 0).toFixed(1)} ms, `
      + `largest ${Math.max(0, ...list.map(cpu)).toFixed(1)}, of 6 ms or more ${list.filter((t) => cpu(t) >= 6).length}, of 10 ms or more ${list.filter((t) => cpu(t) >= 10).length}`;
    console.log(`  observed, by thread CPU: page from FCP to the app: ${line(page)}; app: ${line(app)}`);
    const k = counts.get('page') ?? []; k.push(page.reduce((s, t) => s + cpu(t), 0)); counts.set('page', k);
    const a = counts.get('app') ?? []; a.push(app.reduce((s, t) => s + cpu(t), 0)); counts.set('app', a);
  }
  for (const { node, t, add } of rows) {
    const task = byEvent.get(node.event);
    const url = task ? getAttributableURLForTask(task, jsUrls) : '?';
    const name = url.replace(base, '/').slice(0, 40);
    const layout = node.didPerformLayout();
    const tdur = (node.event.tdur ?? 0) / 1000;
    const kind = /wasm|\.js/.test(name) ? 'app (script)' : name === 'Unattributable' || name === '(none)' ? 'page (no script)' : name;
    const k = kinds.get(`${kind}, by ${mode}`) ?? { count: 0, over: 0, tbt: 0 };
    k.count++;
    const mean = ((add.opt ?? 0) + (add.pess ?? 0)) / 2;
    if (mean > 0) k.over++;
    k.tbt += mean;
    kinds.set(`${kind}, by ${mode}`, k);
    console.log(`  ${t.start.toFixed(0).padStart(5)} +${t.duration.toFixed(0).padStart(3)} sim ms  TBT +${(add.opt ?? 0).toFixed(0)}/+${(add.pess ?? 0).toFixed(0)}  `
      + `wall ${(node.event.dur / 1000).toFixed(1)} cpu ${tdur.toFixed(1)}${layout ? ' layout(x2)' : ''}  ${name}  [${task ? selfTimes(task) : ''}]`);
  }
}

/**
 * LH_BOOST=<nice> (e.g. -15, needs root): every 100 ms, sets every thread of the measuring
 * Chromium (its processes found by its own --user-data-dir) to that niceness, so that on a
 * machine others load with niced builds its tasks' wall time comes closer to their CPU
 * time: a stand-in for a quiet machine, not one. Returns a function that stops it.
 */
function boost(chrome) {
  const nice = Number(process.env.LH_BOOST);
  if (!process.env.LH_BOOST) return () => {};
  const dir = readFileSync(`/proc/${chrome.pid}/cmdline`, 'utf8').split('\0').find((a) => a.startsWith('--user-data-dir='));
  const tick = () => {
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) continue;
        for (const tid of readdirSync(`/proc/${pid}/task`)) setPriority(Number(tid), nice);
      } catch { /* gone */ }
    }
  };
  tick();
  const timer = setInterval(tick, 100);
  return () => clearInterval(timer);
}

// LH_PREPARE=<module>: its default export, `(siteDir) => …`, edits the published site
// before it is served (an experiment without a build, e.g. fewer prerendered cards).
const prepare = process.env.LH_PREPARE ? (await import(resolve(process.env.LH_PREPARE))).default : undefined;
const { base, stop } = await serveDemo(host, prepare);
const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: FLAGS });
const unboost = boost(chrome);
try {
  for (let run = 1; run <= runs; run++) {
    const before = load();
    const result = await lighthouse(`${base}${path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    const { lhr, artifacts } = result;
    if (save) {
      const name = `${host}-${path.replace(/\W+/g, '_') || 'feed'}-${run}`;
      writeFileSync(join(save, `${name}.json`), JSON.stringify(artifacts.Trace));
      writeFileSync(join(save, `${name}.lhr.json`), JSON.stringify(lhr));
    }
    console.log(`${host} /${path} run ${run} (load ${before}-${load()}): TBT ${lhr.audits['total-blocking-time'].numericValue.toFixed(0)} ms, `
      + `performance ${Math.round(lhr.categories.performance.score * 100)}, FCP ${lhr.audits['first-contentful-paint'].displayValue}, `
      + `LCP ${lhr.audits['largest-contentful-paint'].displayValue}, CLS ${lhr.audits['cumulative-layout-shift'].displayValue}`);
    await explain(artifacts, lhr, 'wall');
    if (process.env.LH_CPU) {
      byCpu = true;
      try { await explain(artifacts, lhr, 'cpu'); } finally { byCpu = false; }
    }
  }
} finally {
  unboost();
  await chrome.kill();
  stop();
}
console.log('by kind over all runs (tasks of 50 ms simulated or more; of them adding to TBT; TBT added, mean of the two estimates):');
for (const [kind, k] of kinds) console.log(`  ${kind}: ${k.count} tasks, ${k.over} over, ${k.tbt.toFixed(0)} ms`);
for (const [what, list] of counts) console.log(`thread CPU of the ${what === 'page' ? "page's tasks from FCP to the app" : "app's tasks"} per run: ${list.map((v) => v.toFixed(1)).join(', ')} ms`);
