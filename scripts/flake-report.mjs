// Counts what scripts/flake.sh collected: `node scripts/flake-report.mjs DIR` reads
// DIR/<suite>-r<round>-<idle|load>.jsonl (one line per test, from flake-reporter.mjs)
// and DIR/rounds.tsv, prints every test that failed at least once with its count and
// errors, and writes DIR/flaky.tsv (one line per such test) for other tools.
// Exits 1 when a test failed, 0 when none did.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/flake-report.mjs DIR (a scripts/flake.sh output folder)');
  process.exit(2);
}

const runs = new Map(); // "file › test" -> { runs, idle, load, fails: [{round, load, error, at}] }
const rounds = { e2e: { idle: 0, load: 0, cut: 0 }, webkit: { idle: 0, load: 0, cut: 0 }, native: { idle: 0, load: 0, cut: 0 } };
// The rounds that ran to their end have a line in rounds.tsv (written after the round);
// one without (the run was stopped in the middle of it) counts its tests, not as a round.
let finished = new Set();
// The machine's 1-minute load average at the start and end of each round, by suite: the
// load that other work on the machine (other engineers' builds) added, whatever --load was.
const loads = { e2e: [], webkit: [], native: [] };
try {
  const rows = readFileSync(join(dir, 'rounds.tsv'), 'utf8').split('\n').slice(1)
    .map((l) => l.split('\t')).filter((c) => c.length > 7);
  finished = new Set(rows.map(([round, suite]) => `${suite}-${Number(round)}`));
  for (const c of rows) loads[c[1]]?.push(parseFloat(c[6]), parseFloat(c[7]));
} catch { /* no rounds.tsv: every file counts as a round */ }
for (const name of readdirSync(dir).sort()) {
  const m = name.match(/^(e2e|webkit|native)-r(\d+)-(idle|load)\.jsonl$/);
  if (!m) continue;
  const [, suite, round, load] = m;
  if (finished.size && !finished.has(`${suite}-${Number(round)}`)) rounds[suite].cut++;
  else rounds[suite][load]++;
  for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let r;
    try { r = JSON.parse(line); } catch { continue; } // a round cut off mid-line
    const key = `${r.file} › ${r.test}`;
    const t = runs.get(key) ?? { suite, runs: 0, idle: 0, load: 0, fails: [] };
    t.runs++;
    t[load]++;
    if (r.status === 'fail') t.fails.push({ round: Number(round), load, error: r.error, at: r.at });
    runs.set(key, t);
  }
}

const flaky = [...runs].filter(([, t]) => t.fails.length).sort((a, b) => b[1].fails.length - a[1].fails.length);
const roundsRun = (s) => `${rounds[s].idle + rounds[s].load} (${rounds[s].idle} idle, ${rounds[s].load} under load`
  + `${rounds[s].cut ? `; and ${rounds[s].cut} cut off before its end` : ''})`;
console.log(`rounds: e2e ${roundsRun('e2e')}, webkit ${roundsRun('webkit')}, native ${roundsRun('native')}; tests seen: ${runs.size}`);
for (const s of ['e2e', 'webkit', 'native']) {
  const l = loads[s].filter((x) => !Number.isNaN(x));
  if (l.length) console.log(`${s}: 1-minute load average ${Math.min(...l).toFixed(2)}-${Math.max(...l).toFixed(2)} at the rounds' starts and ends (median ${l.sort((a, b) => a - b)[l.length >> 1].toFixed(2)})`);
}
if (!flaky.length) {
  console.log('no test failed in any round');
} else {
  console.log(`${flaky.length} test(s) failed at least once:`);
  for (const [key, t] of flaky) {
    const idle = t.fails.filter((f) => f.load === 'idle').length;
    console.log(`\nFAILED ${t.fails.length}/${t.runs} (idle ${idle}/${t.idle}, load ${t.fails.length - idle}/${t.load})  ${key}`);
    // Each distinct error once, with the rounds it happened in.
    const byError = new Map();
    for (const f of t.fails) {
      const k = `${f.error}${f.at ? `  [${f.at}]` : ''}`;
      byError.set(k, [...(byError.get(k) ?? []), `${f.round}${f.load === 'load' ? 'L' : ''}`]);
    }
    for (const [error, where] of byError) console.log(`    rounds ${where.join(',')}: ${error}`);
  }
}
const tsv = ['fails\truns\tfails_idle\tfails_load\tfile_and_test\tfirst_error'];
for (const [key, t] of flaky) {
  const idle = t.fails.filter((f) => f.load === 'idle').length;
  tsv.push([t.fails.length, t.runs, idle, t.fails.length - idle, key, t.fails[0].error].join('\t'));
}
writeFileSync(join(dir, 'flaky.tsv'), `${tsv.join('\n')}\n`);
process.exit(flaky.length ? 1 : 0);
