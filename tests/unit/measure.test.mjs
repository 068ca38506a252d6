// The benchmark's byte counting (scripts/lib/measure.mjs), on a network log shaped like
// Lighthouse's: what is summed, by type, and what is left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { bytesByType, median } from '../../scripts/lib/measure.mjs';

test('bytes are summed by resource type, largest first, and data: URLs are not requests', () => {
  const summary = bytesByType([
    { url: 'https://shop.example/', resourceType: 'Document', transferSize: 2_400 },
    { url: 'https://shop.example/app.wasm', resourceType: 'Other', transferSize: 198_000 },
    { url: 'https://shop.example/app.js', resourceType: 'Script', transferSize: 9_000 },
    { url: 'https://shop.example/split.js', resourceType: 'Script', transferSize: 700 },
    { url: 'data:image/svg+xml,<svg/>', resourceType: 'Image', transferSize: 0 },
    { url: 'https://shop.example/broken', resourceType: 'Fetch' },
  ]);
  assert.equal(summary.total, 210_100);
  assert.equal(summary.requests, 5);
  assert.deepEqual(Object.keys(summary.types), ['Other', 'Script', 'Document', 'Fetch']);
  assert.deepEqual(summary.types.Script, { bytes: 9_700, requests: 2 });
  assert.deepEqual(summary.types.Fetch, { bytes: 0, requests: 1 });
  assert.deepEqual(summary.list.map((r) => r.bytes), [2_400, 198_000, 9_000, 700, 0]);
});

test('the median of an odd and an even count', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 3);
});

test('bench.mjs refuses what is not a URL, and a third URL, saying so', () => {
  const run = (...args) => {
    try {
      execFileSync('node', ['scripts/bench.mjs', ...args], { stdio: 'pipe' });
      return { code: 0, err: '' };
    } catch (e) {
      return { code: e.status, err: String(e.stderr) };
    }
  };
  let r = run('shop.example');
  assert.equal(r.code, 2);
  assert.match(r.err, /"shop.example" is not a URL/);
  r = run('http://a.example/', 'http://b.example/', 'http://c.example/');
  assert.match(r.err, /give one URL, or two/);
  r = run('http://a.example/', '--runs', '0');
  assert.match(r.err, /--runs is a whole number of at least 1/);
  r = run('file:///etc/passwd');
  assert.match(r.err, /not an http\(s\) URL/);
});
