// The byte budget, measured as brotli (quality 11, what `microshop serve` sends): the
// buyer's first load (what is downloaded before the first products show) kind by kind,
// and each part loaded on demand on its own (src/on_demand.rs). Fails when a budget in
// budget.json is exceeded, when a part has no budget, or when a budget names a part the
// build no longer has. Budgets only move down; see docs/performance.md.
// Only dist/'s top level is the buyer's: a second Trunk entry (the seller's desk in
// dist/seller/) gets a section of its own here and never counts against the buyer's.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { buyerFiles } from './parts.mjs';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, process.argv[2] ?? 'dist');
const budget = JSON.parse(readFileSync(resolve(root, 'budget.json'), 'utf8'));
const br = (file) => brotliCompressSync(readFileSync(resolve(dist, file)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const raw = (file) => readFileSync(resolve(dist, file)).length;
const sum = (files, f) => files.reduce((n, file) => n + f(file), 0);

const { firstLoad, parts, languages, snippet } = buyerFiles(dist);
let failed = false;
const rows = [];
const check = (label, files, limit) => {
  const compressed = sum(files, br);
  const ok = limit !== undefined && compressed <= limit;
  failed ||= !ok;
  const why = limit === undefined ? 'NO BUDGET' : `budget ${limit} B`;
  rows.push(`${ok ? 'ok  ' : 'OVER'} ${label.padEnd(22)} ${String(compressed).padStart(8)} B brotli (${sum(files, raw)} B raw, ${files.length} file${files.length === 1 ? '' : 's'}) ${why}`);
  return compressed;
};

rows.push('first load (before the first products show):');
let total = 0;
for (const [kind, files] of Object.entries(firstLoad)) total += check(`  ${kind}`, files, budget.first_load?.[kind]);
// Only the buyer's own language comes: the largest of them counts.
const largest = [...languages].sort((a, b) => br(b) - br(a)).slice(0, 1);
total += check(`  words (${largest[0]?.replace(/^words\/|-[0-9a-f]{1,16}\.txt$/g, '') ?? 'none'})`, largest, budget.first_load?.words);
const totalOk = total <= budget.first_load?.total;
failed ||= !totalOk;
rows.push(`${totalOk ? 'ok  ' : 'OVER'} ${'  total'.padEnd(22)} ${String(total).padStart(8)} B brotli, budget ${budget.first_load?.total} B`);

rows.push('on demand (each part with the chunks it shares):');
for (const [name, files] of Object.entries(parts)) check(`  ${name}`, files, budget.on_demand?.[name]);
for (const name of Object.keys(budget.on_demand ?? {})) {
  if (!parts[name]) {
    failed = true;
    rows.push(`GONE   ${name}: budget.json has a budget for a part the build does not have; remove it`);
  }
}
// Which chunks are shared, and by whom: a chunk is counted whole in every part that
// fetches it (a buyer who opens only that part downloads all of it), so code two parts
// both reach shows in both lines; this names it (information, not a budget).
const sharing = {};
for (const [name, files] of Object.entries(parts)) for (const f of files.slice(1)) (sharing[f] ??= []).push(name);
for (const [file, names] of Object.entries(sharing).filter(([, n]) => n.length > 1).sort((a, b) => br(b[0]) - br(a[0]))) {
  rows.push(`     ${'    shared'.padEnd(22)} ${String(br(file)).padStart(8)} B brotli (${raw(file)} B raw) ${file.replace(/-[0-9a-f]{1,16}\.wasm$/, '')}: ${names.join(', ')}`);
}
rows.push('other:');
check('  embed snippet', snippet, budget.embed_snippet);

// --- The seller app (engineer F): the second Trunk entry in dist/seller/ (wasm, JS,
// CSS, HTML, and the seller's language when it is not English: the largest of the
// desk's words files counts), loaded only by a signed-in seller at /_seller/: its own
// budget, never part of the buyer's first load above. ---
rows.push('the seller app (not the buyer\'s):');
const sellerFiles = existsSync(resolve(dist, 'seller'))
  ? readdirSync(resolve(dist, 'seller')).filter((n) => /\.(wasm|js|css|html)$/.test(n)).map((n) => `seller/${n}`)
  : [];
const sellerWords = existsSync(resolve(dist, 'seller', 'words'))
  ? readdirSync(resolve(dist, 'seller', 'words')).filter((n) => n.endsWith('.txt')).map((n) => `seller/words/${n}`)
  : [];
sellerFiles.push(...[...sellerWords].sort((a, b) => br(b) - br(a)).slice(0, 1));
if (!sellerFiles.some((n) => n.endsWith('.wasm'))) {
  failed = true;
  rows.push('OVER   dist/seller/ has no wasm: run scripts/build.sh (the seller app is its second Trunk build)');
} else if (!sellerWords.length) {
  failed = true;
  rows.push('OVER   dist/seller/words/ has no words files: the seller app\'s Trunk hook (scripts/seller-wasm.mjs) writes them');
} else {
  check('  seller app', sellerFiles, budget.seller);
}
// --- end of the seller app ---

console.log(rows.join('\n'));
if (failed) {
  console.error('size budget exceeded or missing: see docs/performance.md; budgets only move down');
  process.exit(1);
}
