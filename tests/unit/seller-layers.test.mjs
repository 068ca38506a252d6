// The seller app's modules (crates/seller/src) depend one way: web <- i18n <- api
// <- session <- inbox <- studio <- app, and only web/ touches the browser's APIs
// (web_sys, js_sys, wasm_bindgen). The same check as app-layers.test.mjs, for the
// second app.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const SRC = resolve(import.meta.dirname, '..', '..', 'crates', 'seller', 'src');
const ORDER = ['web', 'i18n', 'api', 'session', 'inbox', 'studio'];

/** Rank of a module path such as `studio/fields` or `i18n` (higher may use lower). */
function rank(path) {
  const [folder] = path.split('/');
  const i = ORDER.indexOf(folder);
  if (i >= 0) return i;
  if (folder === 'app' || folder === 'main') return 9;
  return undefined;
}

/** Module paths (`folder/file`) that `source`, in module `self`, refers to. */
function references(self, source) {
  const [folder] = self.split('/');
  const found = [];
  for (const [n, line] of source.split('\n').entries()) {
    const code = line.split('//')[0];
    for (const m of code.matchAll(/\b(crate|super)::(\{[^}]*\}|[a-z_][a-z0-9_]*)(?:::([a-z_][a-z0-9_]*))?/g)) {
      const [, root, head, next] = m;
      const heads = head.startsWith('{')
        ? head.slice(1, -1).split(',').map((p) => p.trim().split('::')).filter((p) => p[0])
        : [[head, next]];
      for (const [a, b] of heads) found.push({ line: n + 1, target: root === 'super' ? `${folder}/${a}` : b ? `${a}/${b}` : a });
    }
  }
  return found;
}

function violations(file, self, source) {
  const own = rank(self);
  if (own === undefined) return [`${file}: ${self} is in no layer; add it to tests/unit/seller-layers.test.mjs`];
  const [folder] = self.split('/');
  const out = [];
  for (const { line, target } of references(self, source)) {
    const r = rank(target);
    if (r === undefined) out.push(`${file}:${line}: crate::${target.replace('/', '::')} is in no layer`);
    else if (target.split('/')[0] !== folder && r >= own) out.push(`${file}:${line}: ${self} (layer ${own}) uses ${target} (layer ${r})`);
  }
  if (folder !== 'web' && /\b(web_sys|js_sys|wasm_bindgen)::/.test(source.replace(/\/\/.*$/gm, ''))) {
    out.push(`${file}: uses the browser's APIs directly; go through web/`);
  }
  return out;
}

function rustFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return rustFiles(path);
    return name.endsWith('.rs') ? [path] : [];
  });
}

function moduleOf(file) {
  const rel = relative(SRC, file).replace(/\.rs$/, '');
  return rel.endsWith('/mod') ? rel.slice(0, -4) : rel;
}

test('every seller app module uses only lower layers, and only web/ the browser', () => {
  const files = rustFiles(SRC);
  assert.ok(files.length > 20, `found the sources in ${SRC}`);
  const problems = files.flatMap((f) => violations(relative(SRC, f), moduleOf(f), readFileSync(f, 'utf8')));
  assert.deepEqual(problems, []);
});

test('the seller check catches what it should', () => {
  assert.equal(violations('inbox/list.rs', 'inbox/list', 'use crate::studio::state::use_studio;').length, 1, 'inbox uses the studio');
  assert.equal(violations('api/mod.rs', 'api', 'use crate::session::use_session;').length, 1, 'upward');
  assert.equal(violations('studio/fields.rs', 'studio/fields', 'let w = web_sys::window();').length, 1, 'browser outside web/');
  assert.deepEqual(violations('studio/fields.rs', 'studio/fields', 'use super::state::use_studio;\nuse crate::{api::APP, web::page};'), []);
});
