// scripts/flake-native.mjs reads cargo's test output: each test with its binary, and a
// failure with the first lines of its panic (what scripts/flake-report.mjs prints).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const OUTPUT = `   Compiling microshop-cli v0.1.0
     Running tests/store_migrations.rs (target/debug/deps/store_migrations-ccd39a0d317aec10)

running 3 tests
test sqlite::a_newer_database_is_refused ... ok
test sqlite::instances_starting_together_migrate_once ... FAILED
test postgres::slow ... ignored

failures:

---- sqlite::instances_starting_together_migrate_once stdout ----

thread '<unnamed>' (26067) panicked at crates/cli/tests/stores/mod.rs:85:37:
opens: StoreError { message: "cannot prepare orders.sqlite: database is locked", retry: false }
stack backtrace:
   0: __rustc::rust_begin_unwind
             at /rustc/library/std/src/panicking.rs:689:5

failures:
    sqlite::instances_starting_together_migrate_once

test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.70s
     Running unittests src/lib.rs (target/debug/deps/microshop_core-1)
test money::adds ... ok
`;

test('cargo test output becomes one line per test, a failure with its panic', () => {
  const lines = execFileSync('node', ['scripts/flake-native.mjs'], { input: OUTPUT, encoding: 'utf8' })
    .trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => [l.file, l.test, l.status]), [
    ['tests/store_migrations.rs (store_migrations)', 'sqlite::a_newer_database_is_refused', 'pass'],
    ['tests/store_migrations.rs (store_migrations)', 'sqlite::instances_starting_together_migrate_once', 'fail'],
    ['tests/store_migrations.rs (store_migrations)', 'postgres::slow', 'skip'],
    ['src/lib.rs (microshop_core)', 'money::adds', 'pass'],
  ]);
  assert.match(lines[1].error, /panicked at crates\/cli\/tests\/stores\/mod.rs:85:37/);
  assert.match(lines[1].error, /database is locked/);
  assert.doesNotMatch(lines[1].error, /rust_begin_unwind/);
});
