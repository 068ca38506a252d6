// scripts/lib/names.mjs: the files a built page names are named by their bytes as served
// (the post-build hooks change them after Trunk named them), so new bytes never come
// under an old, immutable name. The second half reads the release build in dist/ (the
// test command builds before this step).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { appHash, contentHash, cssName, renameInPage, swapName } from '../../scripts/lib/names.mjs';

const WASM = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
const GLUE = 'import * as i from "./split-00aa.js";\nconst u = new URL("app-12ab_bg.wasm", import.meta.url);\n';
const LOADER = 'import { initSync } from "./app-12ab.js";\nconst f = "./chunk_1-ffff.wasm";\n';

test('the app hash follows every byte of the wasm, the glue and the loader', () => {
  const base = appHash('app', WASM, GLUE, LOADER);
  assert.match(base, /^[0-9a-f]{16}$/);
  assert.notEqual(appHash('app', new Uint8Array([...WASM, 1]), GLUE, LOADER), base, 'the wasm');
  assert.notEqual(appHash('app', WASM, GLUE.replace('const u', 'let u'), LOADER), base, 'the glue (a new minifier)');
  assert.notEqual(appHash('app', WASM, GLUE, LOADER.replace('chunk_1-ffff', 'chunk_1-eeee')), base, 'the loader (new parts)');
  // Where each file names the others (the glue's and the loader's own names are not their bytes).
  assert.equal(appHash('app', WASM, GLUE.replace('split-00aa', 'split-9999').replace('app-12ab_bg', 'app-77_bg'),
    LOADER.replace('app-12ab.js', 'app-0.js')), base);
  // Parts moved from glue to loader are not the same build.
  assert.notEqual(appHash('app', WASM, GLUE + LOADER, ''), base);
});

test('a stylesheet is named by its bytes; a name without a hash is kept', () => {
  assert.equal(cssName('app-512982688194cbd.css', 'a{}'), `app-${contentHash('a{}')}.css`);
  assert.equal(cssName('tokens-7eaedc6b5e4e9fd3.css', 'b{}'), `tokens-${contentHash('b{}')}.css`);
  assert.equal(cssName('plain.css', 'a{}'), 'plain.css');
});

test('a reference that is not where it should be fails the build', () => {
  assert.equal(swapName('"/a.js" "/a.js"', '/a.js"', '/b.js"', 'page'), '"/b.js" "/b.js"');
  assert.throws(() => swapName('"/a.js"', '/c.js"', '/b.js"', 'the page'), /the page does not name \/c\.js"/);
});

test('renaming moves the files and points the page at them with their integrity made anew', () => {
  const dir = mkdtempSync(join(tmpdir(), 'names-'));
  const files = { 'app-1.js': 'glue', 'app-1_bg.wasm': 'wasm', 'split-2.js': 'loader', 'app-3.css': 'a{}' };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const sri = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;
  const page = '<link rel="stylesheet" href="/app-3.css" integrity="sha384-old"/>'
    + '<link rel="modulepreload" href="/app-1.js" integrity="sha384-old">'
    + '<link rel="preload" href="/app-1_bg.wasm" integrity="sha384-old" as="fetch">'
    + "<script>load('/app-1.js', '/app-1_bg.wasm')</script>";
  const renamed = [['app-1.js', 'app-9.js', 'glue!'], ['app-1_bg.wasm', 'app-9_bg.wasm', 'wasm!'],
    ['split-2.js', 'split-8.js', 'loader!'], ['app-3.css', 'app-7.css', 'b{}']];
  const out = renameInPage(dir, page, renamed, { where: 'the page', unnamed: ['split-2.js'] });
  for (const [from, to, bytes] of renamed) {
    assert.ok(!existsSync(join(dir, from)), `${from} is gone`);
    assert.equal(readFileSync(join(dir, to), 'utf8'), bytes);
    assert.ok(!out.includes(`/${from}`), `the page no longer names ${from}`);
  }
  assert.ok(out.includes(`href="/app-7.css" integrity="${sri('b{}')}"`), out);
  assert.ok(out.includes(`href="/app-9.js" integrity="${sri('glue!')}"`), out);
  assert.ok(out.includes(`href="/app-9_bg.wasm" integrity="${sri('wasm!')}"`), out);
  assert.ok(out.includes("load('/app-9.js', '/app-9_bg.wasm')"), 'single-quoted references too');
  assert.ok(!out.includes('sha384-old'), 'no stale integrity left');
});

test('renaming fails on a file the page does not name, or a wasm whose integrity it does not state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'names-'));
  writeFileSync(join(dir, 'a.js'), 'x');
  assert.throws(() => renameInPage(dir, '<p>', [['a.js', 'b.js', 'x']], { where: 'the page' }), /the page does not name \/a\.js"/);
  writeFileSync(join(dir, 'a_bg.wasm'), 'w');
  writeFileSync(join(dir, 'a.css'), 'c');
  const page = '<link href="/a.css" integrity="sha384-old"><link rel="preload" href="/a_bg.wasm">';
  assert.throws(() => renameInPage(dir, page, [['a_bg.wasm', 'b_bg.wasm', 'w']], { where: 'the page', release: false }),
    /the page has no integrity for b_bg\.wasm/);
  // A debug build's stylesheet without integrity is allowed; a release build's is not.
  writeFileSync(join(dir, 'x.css'), 'c');
  const plain = '<link href="/x.css"><link href="/y.css" integrity="sha384-old">';
  assert.doesNotThrow(() => renameInPage(dir, plain, [['x.css', 'z.css', 'c']], { where: 'the page', release: false }));
  writeFileSync(join(dir, 'x.css'), 'c');
  assert.throws(() => renameInPage(dir, plain, [['x.css', 'z.css', 'c']], { where: 'the page' }), /no integrity for z\.css/);
});

const ROOT = resolve(import.meta.dirname, '..', '..');
const built = (dir) => existsSync(join(ROOT, dir, 'index.html'));

/** Checks the page in `dir`: its app's glue and wasm by their `appHash`, its stylesheets by their bytes. */
function checkBuilt(dir, bin) {
  const at = (name) => join(ROOT, dir, name);
  const page = readFileSync(at('index.html'), 'utf8');
  const glue = page.match(new RegExp(`/(${bin}-([0-9a-f]+))\\.js"`));
  assert.ok(glue, `${dir}/index.html names its glue`);
  const [, stem, hash] = glue;
  assert.ok(page.includes(`/${stem}_bg.wasm"`), `${dir}/index.html names the wasm of the same build`);
  const glueText = readFileSync(at(`${stem}.js`), 'utf8');
  const loader = glueText.match(/split-[0-9a-f]+\.js/);
  const loaderText = loader ? readFileSync(at(loader[0]), 'utf8') : '';
  if (loader) {
    assert.equal(loader[0], `split-${contentHash(loaderText)}.js`, 'the parts\' loader is named by its bytes');
    assert.ok(loaderText.includes(`./${stem}.js`), 'the loader imports the glue by its final name');
  }
  assert.equal(hash, appHash(bin, readFileSync(at(`${stem}_bg.wasm`)), glueText, loaderText), `${dir}: the glue and wasm are named by their bytes`);
  // Every integrity the page states is that of the file as served (renamed after Trunk made them).
  const stated = [...page.matchAll(/href="[^"]*\/([^"/]+)"[^>]*integrity="(sha384-[^"]+)"/g)];
  assert.ok(stated.length >= 3, `${dir}/index.html states integrity for its glue, wasm and stylesheets`);
  for (const [, name, sri] of stated) {
    assert.equal(sri, `sha384-${createHash('sha384').update(readFileSync(at(name))).digest('base64')}`, `${dir}/${name}'s integrity`);
  }
  const sheets = [...page.matchAll(/href="[^"]*\/([^"/]+\.css)"/g)].map((m) => m[1]);
  assert.ok(sheets.length > 0, `${dir}/index.html has stylesheets`);
  for (const name of sheets) assert.equal(name, cssName(name, readFileSync(at(name))), `${dir}/${name} is named by its bytes`);
}

test('the storefront\'s build names its files by their bytes', { skip: !built('dist') && 'no build in dist/' }, () => {
  checkBuilt('dist', 'microshop-storefront');
});

test('the seller app\'s build names its files by their bytes', { skip: !built('dist/seller') && 'no build in dist/seller/' }, () => {
  checkBuilt('dist/seller', 'microshop-seller');
});
