// The byte budget: what a buyer downloads before the first products show, measured
// as brotli (what `microshop serve` sends). Fails when a budget is exceeded.
// Budgets live in budget.json; raise one only with a reason in docs/performance.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, 'dist');
const budget = JSON.parse(readFileSync(resolve(root, 'budget.json'), 'utf8'));
const br = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const names = readdirSync(dist);
const pick = (re) => names.filter((n) => re.test(n) && !/\.(br|gz)$/.test(n));

const measured = {
  wasm: pick(/\.wasm$/),
  js: pick(/\.js$/),
  css: pick(/\.css$/),
  html: ['index.html'],
  manifest: ['shop.json'],
};
let failed = false;
let total = 0;
const rows = [];
for (const [kind, files] of Object.entries(measured)) {
  const raw = files.reduce((n, f) => n + readFileSync(resolve(dist, f)).length, 0);
  const compressed = files.reduce((n, f) => n + br(readFileSync(resolve(dist, f))), 0);
  total += compressed;
  const limit = budget[kind];
  const ok = limit === undefined || compressed <= limit;
  failed ||= !ok;
  rows.push(`${ok ? 'ok  ' : 'OVER'} ${kind.padEnd(9)} ${String(compressed).padStart(8)} B brotli (${raw} B raw)${limit ? ` budget ${limit} B` : ''}`);
}
const ok = total <= budget.total;
failed ||= !ok;
rows.push(`${ok ? 'ok  ' : 'OVER'} total     ${String(total).padStart(8)} B brotli, budget ${budget.total} B`);

// --- The seller app (engineer F): its own bundle in dist/seller/ (wasm, JS, CSS,
// HTML), loaded only by a signed-in seller at /_seller/, so it has its own budget
// and is not part of the buyer's first load above. ---
if (budget.seller !== undefined) {
  const sellerDir = resolve(dist, 'seller');
  const files = existsSync(sellerDir) ? readdirSync(sellerDir).filter((n) => /\.(wasm|js|css|html)$/.test(n)) : [];
  if (!files.some((n) => n.endsWith('.wasm'))) {
    rows.push('OVER seller    dist/seller/ has no wasm: run scripts/build.sh (the seller app is its second Trunk build)');
    failed = true;
  } else {
    const raw = files.reduce((n, f) => n + readFileSync(resolve(sellerDir, f)).length, 0);
    const compressed = files.reduce((n, f) => n + br(readFileSync(resolve(sellerDir, f))), 0);
    const sellerOk = compressed <= budget.seller;
    failed ||= !sellerOk;
    rows.push(`${sellerOk ? 'ok  ' : 'OVER'} seller    ${String(compressed).padStart(8)} B brotli (${raw} B raw) budget ${budget.seller} B, the seller app's own load (not the buyer's)`);
  }
}
// --- end of the seller app ---
console.log(rows.join('\n'));
if (failed) {
  console.error('size budget exceeded: see docs/performance.md before raising budget.json');
  process.exit(1);
}
