// No test waits for the app by sleeping (docs/testing.md): a fixed pause is too short
// on a busy machine and too long on an idle one. Every timed pause in tests/ is
// either gone (wait for the state instead: tests/e2e/wait.mjs, tests/webkit/webdriver.mjs)
// or carries an `allow-sleep: <why>` comment on its line or the comment lines just
// above it: a poll interval inside a wait-until, a time limit, or a pause that proves
// something does NOT happen.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TESTS = join(ROOT, 'tests');
const SELF = resolve(import.meta.filename);

// A timed pause: Playwright's, the timers' (callback or promise form), or the scheduler's.
const PAUSE = /\bwaitForTimeout\s*\(|\bsetTimeout\s*\(|\bscheduler\.wait\s*\(|['"]node:timers\/promises['"]/;
// The reason must say something: at least two words after the colon.
const ALLOW = /allow-sleep:\s*\S+\s+\S+/;

/** Lines of `source` with a timed pause and no allow-sleep reason, as [line number, text]. */
export function unexplainedPauses(source) {
  const lines = source.split('\n');
  const found = [];
  lines.forEach((line, i) => {
    if (!PAUSE.test(line) || ALLOW.test(line)) return;
    // The comment lines directly above (a comment block ending on the line before).
    for (let j = i - 1; j >= 0 && /^\s*(\/\/|\*|\/\*)/.test(lines[j]); j--) {
      if (ALLOW.test(lines[j])) return;
    }
    found.push([i + 1, line.trim()]);
  });
  return found;
}

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : testFiles(path);
    return /\.(mjs|js|cjs)$/.test(e.name) && path !== SELF ? [path] : [];
  });
}

test('no file in tests/ pauses for a fixed time without saying why it is not a wait for the app', () => {
  const files = testFiles(TESTS);
  assert.ok(files.length > 10, `found the test files: ${files.length}`);
  const found = files.flatMap((file) => unexplainedPauses(readFileSync(file, 'utf8'))
    .map(([n, text]) => `${relative(ROOT, file)}:${n}: ${text}`));
  assert.deepEqual(found, [], 'a timed pause in a test: wait for the state the next step needs instead '
    + '(tests/e2e/wait.mjs, tests/webkit/webdriver.mjs), or, for a pause that proves something does NOT '
    + 'happen (or a poll interval, or a time limit), say so in an `// allow-sleep: <why>` comment (docs/testing.md)');
});

test('the check finds a pause and accepts one that says why', () => {
  const bare = "await page.click('x');\nawait page.waitForTimeout(500);\n";
  assert.deepEqual(unexplainedPauses(bare), [[2, 'await page.waitForTimeout(500);']]);
  assert.equal(unexplainedPauses('await new Promise((ok) => setTimeout(ok, 100));').length, 1);
  assert.equal(unexplainedPauses("import { setTimeout as sleep } from 'node:timers/promises';").length, 1);
  // A reason on the line, or in the comment block just above it.
  assert.deepEqual(unexplainedPauses('await page.waitForTimeout(500); // allow-sleep: proves nothing more is sent'), []);
  assert.deepEqual(unexplainedPauses('// allow-sleep: proves no retry follows\n// (the backoff is 1 s)\nawait page.waitForTimeout(2000);'), []);
  // A word is not a reason, and a comment above code above does not count.
  assert.equal(unexplainedPauses('await page.waitForTimeout(500); // allow-sleep: because').length, 1);
  assert.equal(unexplainedPauses('// allow-sleep: proves nothing more is sent\nfoo();\nawait page.waitForTimeout(500);').length, 1);
});

// Playwright's `waitForFunction` takes the promise an async function returns as a
// truthy value and returns at once: a wait that never waits (found writing the offline
// shell's test). Poll `page.evaluate(async …)` with `until()` instead.
const ASYNC_WAIT = /waitForFunction\(\s*async\b/;

test('no test waits with an async function in waitForFunction (it does not wait)', () => {
  const found = testFiles(TESTS).flatMap((file) => readFileSync(file, 'utf8').split('\n')
    .flatMap((line, i) => (ASYNC_WAIT.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])));
  assert.deepEqual(found, [], 'use until(() => page.evaluate(async () => …)) (tests/e2e/wait.mjs)');
  assert.ok(ASYNC_WAIT.test('await page.waitForFunction(async () => (await x()).ok);'));
});
