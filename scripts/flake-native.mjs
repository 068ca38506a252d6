// Turns `cargo test` output (on stdin) into scripts/flake-reporter.mjs' lines (on
// stdout): one JSON line per test with its test binary as the file, pass or fail, and
// for a failure the first lines of its panic. scripts/flake.sh's native rounds pipe
// each round through it, so scripts/flake-report.mjs counts native tests like the others.
import { createInterface } from 'node:readline';

const results = []; // { file, test, status }
const panics = new Map(); // "file › test" -> first lines of the panic message
let file = '';
let failing = null; // the test whose "---- NAME stdout ----" section is being read
let lines = [];

const flush = () => {
  if (failing) panics.set(`${file} › ${failing}`, lines.slice(0, 4).join(' | ').slice(0, 400));
  failing = null;
  lines = [];
};

for await (const line of createInterface({ input: process.stdin })) {
  // "Running tests/x.rs (target/debug/deps/x-0123abcd)": the path, and the binary's
  // name without its hash (two crates both have a src/lib.rs or tests/layers.rs).
  const running = line.match(/^\s*Running (?:unittests )?(\S+)(?: \(.*\/([^/)]+?)(?:-[0-9a-f]+)?\))?/);
  if (running) {
    flush();
    file = running[2] ? `${running[1]} (${running[2]})` : running[1];
    continue;
  }
  const doc = line.match(/^\s*Doc-tests (\S+)/);
  if (doc) {
    flush();
    file = `doc-tests ${doc[1]}`;
    continue;
  }
  const result = line.match(/^test (.+?) \.\.\. (ok|FAILED|ignored)/);
  if (result) {
    const status = { ok: 'pass', FAILED: 'fail', ignored: 'skip' }[result[2]];
    results.push({ file, test: result[1], status });
    continue;
  }
  const section = line.match(/^---- (.+?) stdout ----$/);
  if (section) {
    flush();
    failing = section[1];
    continue;
  }
  if (/^(failures|test result):/.test(line.trim())) flush();
  else if (failing && /panicked at|^\S.*(assert|Err|error|left|right)/i.test(line) && !/^\s+\d+:|^\s+at /.test(line)) {
    lines.push(line.trim());
  }
}
flush();
for (const r of results) {
  const key = `${r.file} › ${r.test}`;
  const extra = r.status === 'fail' ? { error: panics.get(key) ?? 'failed', at: r.file } : {};
  process.stdout.write(`${JSON.stringify({ ...r, ...extra, ms: 0 })}\n`);
}
