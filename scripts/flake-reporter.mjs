// A reporter for `node --test` (`--test-reporter=./scripts/flake-reporter.mjs`) that
// writes one JSON line per finished test: its file, its suites and name, pass or fail,
// and for a failure the error's first lines and where in the test file it was thrown;
// with its duration and when it ended (UTC), to put beside what else the machine did then
// (a process stopped from outside for minutes fails a 30 s wait the moment it resumes).
// scripts/flake.sh collects these lines over many rounds; scripts/flake-report.mjs
// counts them.
import { relative } from 'node:path';

const ROOT = process.cwd();

/** The first lines of an error's message (the cause's, when node wrapped it). */
function message(error) {
  const e = error?.cause ?? error;
  const text = String(e?.message ?? e ?? 'failed');
  return text.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 4).join(' | ').slice(0, 400);
}

/** file:line where the test gave up: the first stack frame in a test file, else in tests/. */
function where(error) {
  const frames = String((error?.cause ?? error)?.stack ?? '').split('\n');
  const at = (re) => frames.map((l) => l.match(re)).find(Boolean);
  const m = at(/(tests\/\S+?\.test\.m?js):(\d+)/) ?? at(/(tests\/[^\s:)]+):(\d+)/);
  return m ? `${m[1]}:${m[2]}` : '';
}

export default async function* flakeReporter(source) {
  const path = []; // names of the suites and test now running, by nesting
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:start') {
      path.length = data.nesting;
      path.push(data.name);
      continue;
    }
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    const suite = data.details?.type === 'suite';
    const error = data.details?.error;
    // A suite's own line only when something failed outside its tests (a hook, a crash).
    if (suite && (type === 'test:pass' || /^\d+ subtests? failed$/.test(error?.message ?? ''))) continue;
    const names = [...path.slice(0, data.nesting), data.name];
    // A `todo` test (a known fault, written down) fails without failing the run: not a flake.
    let status = type === 'test:pass' ? 'pass' : 'fail';
    if (data.todo !== undefined) status = 'todo';
    if (data.skip !== undefined) status = 'skip';
    yield `${JSON.stringify({
      file: data.file ? relative(ROOT, data.file) : '',
      test: names.join(' › '),
      status,
      ...(status === 'fail' ? { error: message(error), at: where(error) } : {}),
      ms: Math.round(data.details?.duration_ms ?? 0),
      ended: new Date().toISOString(),
    })}\n`;
  }
}
