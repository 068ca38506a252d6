// The storefront's modules depend one way (see src/main.rs): web <- i18n <- shop <-
// each feature's state <- the features' views (cart, catalog, orders, checkout) <- app.
// States of different features never use each other, views never reach a later
// feature's views, and only web/ touches the browser's APIs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const SRC = resolve(import.meta.dirname, '..', '..', 'src');
const STATE_FILES = new Set(['cart/state', 'checkout/state', 'orders/state', 'orders/sender', 'orders/endpoint']);
const VIEW_ORDER = ['cart', 'catalog', 'orders', 'checkout'];

/** Rank of a module path such as `cart/state` or `shop` (higher may use lower). */
export function rank(path) {
  const [folder, file] = path.split('/');
  if (folder === 'web' || folder === 'reactive') return 0;
  if (folder === 'i18n') return 1;
  if (folder === 'shop') return 2;
  // share/ (share button, QR codes, posters) sits beside the states, below the views that show it.
  if (STATE_FILES.has(`${folder}/${file}`) || folder === 'share') return 3;
  if (folder === 'embed') return 3.5;
  // trust/ (signed receipts' check, reviews and problems, in the on-demand `trust` part)
  // sits above the states and below every view that shows its pages and panels (orders, catalog).
  if (folder === 'trust') return 3.75;
  // on_demand (loading parts of the app when needed) sits on shop, below every feature.
  if (folder === 'on_demand') return 2.5;
  const view = VIEW_ORDER.indexOf(folder);
  if (view >= 0) return 4 + view;
  if (folder === 'app' || folder === 'main') return 9;
  return undefined;
}

/** Module paths (`folder/file`) that `source`, in module `self`, refers to. */
export function references(self, source) {
  const [folder] = self.split('/');
  const found = [];
  for (const [n, line] of source.split('\n').entries()) {
    const code = line.split('//')[0];
    for (const m of code.matchAll(/\b(crate|super)::(\{[^}]*\}|[a-z_][a-z0-9_]*)(?:::([a-z_][a-z0-9_]*))?/g)) {
      const [, root, head, next] = m;
      const heads = head.startsWith('{')
        ? head.slice(1, -1).split(',').map((p) => p.trim().split('::')).filter((p) => p[0])
        : [[head, next]];
      for (const [a, b] of heads) {
        const target = root === 'super' ? `${folder}/${a}` : b ? `${a}/${b}` : a;
        found.push({ line: n + 1, target });
      }
    }
  }
  return found;
}

/** What is wrong with `self`'s references, as messages. */
export function violations(file, self, source) {
  const own = rank(self);
  if (own === undefined) return [`${file}: ${self} is in no layer; add it to tests/unit/app-layers.test.mjs`];
  const out = [];
  const [folder] = self.split('/');
  for (const { line, target } of references(self, source)) {
    const [tFolder] = target.split('/');
    if (tFolder === folder && rank(target) !== undefined && rank(target) <= own) continue;
    const r = rank(target);
    if (r === undefined) out.push(`${file}:${line}: crate::${target.replace('/', '::')} is in no layer`);
    else if (r >= own) out.push(`${file}:${line}: ${self} (layer ${own}) uses ${target} (layer ${r})`);
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

test('every storefront module uses only lower layers', () => {
  const files = rustFiles(SRC);
  assert.ok(files.length > 20, `found the sources in ${SRC}`);
  const problems = files.flatMap((f) => violations(relative(SRC, f), moduleOf(f), readFileSync(f, 'utf8')));
  assert.deepEqual(problems, []);
});

test('the check catches what it should', () => {
  assert.equal(violations('cart/state.rs', 'cart/state', 'use crate::orders::state::use_orders;').length, 1, 'sideways state');
  assert.equal(violations('web/page.rs', 'web/page', 'use crate::shop::use_shop;').length, 1, 'upward');
  assert.equal(violations('catalog/product.rs', 'catalog/product', 'use crate::checkout::page::Field;').length, 1, 'later view');
  assert.equal(violations('cart/state.rs', 'cart/state', 'use super::page::CartPage;').length, 1, 'state uses its own view');
  assert.equal(violations('shop/mod.rs', 'shop', 'let x = web_sys::window();').length, 1, 'browser outside web/');
  assert.deepEqual(violations('checkout/page.rs', 'checkout/page', 'use crate::{cart::state::use_cart, web::clock};\nuse super::state::use_checkout;'), []);
});
