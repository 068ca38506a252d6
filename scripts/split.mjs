// Trunk's post-build hook (Trunk.toml): splits the storefront's wasm into the first
// load and the parts loaded on demand (src/on_demand.rs), the step between cargo and
// wasm-bindgen that Trunk 0.21 has no place for (trunk-rs/trunk#1022).
//
// Trunk has built the app with cargo (with `--emit-relocs`, .cargo/config.toml), bound
// it with wasm-bindgen and written the loader into index.html. This hook takes cargo's
// wasm again and
//   1. cuts it at the `#[wasm_split]` functions with wasm-split-cli
//      (wasm_split_cli_support, installed by scripts/setup.sh): the main module, one
//      `<part>.wasm` per part (and shared chunks), and the JS that fetches them;
//   2. binds the main module with wasm-bindgen (`--keep-lld-exports`: the parts use
//      its memory, table and stack pointer);
//   3. runs wasm-opt on every module (release builds);
//   4. names each part and the fetching JS by a hash of their content (served as
//      immutable), and writes them over Trunk's glue and wasm in the staging folder,
//      with the subresource integrity of index.html's preloads made anew;
//   5. minifies the stylesheets (lightningcss);
//   6. names the glue, the wasm, the loader and the stylesheets by their final bytes
//      (scripts/lib/names.mjs), index.html's references and integrity made anew;
//   7. writes the interface's words of each language but English as data files
//      (`words/<tag>-<hash>.txt`, crates/words' `microshop-words-data`).
// Every tool runs from PATH, offline, like Trunk's own.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { transform as transformCss } from 'lightningcss';
import { minifyLoader, releaseGlue } from './lib/minify.mjs';
import { partsOf } from './parts.mjs';
import { appHash, contentHash, cssName, renameInPage, swapName } from './lib/names.mjs';

const root = resolve(import.meta.dirname, '..');
const staging = process.env.TRUNK_STAGING_DIR;
const profile = process.env.TRUNK_PROFILE ?? 'release';
if (!staging) throw new Error('scripts/split.mjs runs as Trunk\'s post_build hook (TRUNK_STAGING_DIR is not set)');
const BIN = 'microshop-storefront';
// The same feature flags as Trunk's wasm-opt run had (docs/performance.md: binaryen 132).
// `-Oz` twice: binaryen's size passes run again on their own output (inlining and
// merging open more to do): 665 B less raw and 162 B less brotli on the first load
// than one run, measured on session 8's merged build (docs/performance.md).
// `--flatten --rereloop` first: the control flow taken apart and rebuilt by binaryen's
// relooper before the size passes, which then find more to merge: 985 B less brotli
// (2,877 B less raw) on session 11's merged first load, run over the optimised module
// (docs/performance.md, "Room in the first load, session 11").
const WASM_OPT = ['--flatten', '--rereloop', '-Oz', '-Oz', '--enable-bulk-memory', '--enable-reference-types', '--enable-multivalue',
  '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  // The toolchain's notes (`producers`, `target_features`: 176 B in every module), which
  // no browser reads: each part and chunk is a module that would carry them again.
  '--strip-producers', '--strip-target-features'];

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });

// Trunk's names for the glue and the wasm (`microshop-storefront-<hash>.js`, `..._bg.wasm`).
const glues = readdirSync(staging).filter((n) => n.startsWith(`${BIN}-`) && n.endsWith('.js'));
const [glue] = glues;
if (!glue) throw new Error(`no ${BIN}-<hash>.js in ${staging}: did Trunk build the app?`);
if (glues.length > 1) throw new Error(`${staging} holds more than one build's glue (${glues.join(', ')}): two builds at once?`);
const stem = glue.slice(0, -3);

const input = join(root, 'target', 'wasm32-unknown-unknown', profile, `${BIN}.wasm`);
const work = join(root, 'target', 'split', profile);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

// 1. Split. The parts import `initSync` from the glue, by Trunk's name.
run('wasm-split-cli', [input, work, '--out-name', stem]);
// 2. Bind the main module.
const bound = join(work, 'bound');
run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports',
  '--out-dir', bound, '--out-name', stem, join(work, `${stem}.wasm`)]);
// 3. Optimise every module.
const parts = readdirSync(work).filter((n) => n.endsWith('.wasm') && n !== `${stem}.wasm`);
const modules = [join(bound, `${stem}_bg.wasm`), ...parts.map((n) => join(work, n))];
// WASM_NAMES=1 keeps the functions' names (`-g`), for profiles only (the name section
// is bytes no buyer needs: never for a build that is measured for bytes or shipped).
const names = process.env.WASM_NAMES === '1' ? ['-g'] : [];
if (profile === 'release') for (const m of modules) run('wasm-opt', [...WASM_OPT, ...names, m, '-o', m]);
// The parts and chunks once more through the same passes, each kept only when it comes
// out smaller as sent (brotli): on session 13's build the `buying` part lost 522 B brotli
// of 84,586 and `parts` 42, where the main module gained 322 (so it is not run again).
const sent = (bytes) => brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
if (profile === 'release') {
  for (const m of modules.slice(1)) {
    const again = `${m}.again`;
    run('wasm-opt', [...WASM_OPT, ...names, m, '-o', again]);
    if (sent(readFileSync(again)) < sent(readFileSync(m))) writeFileSync(m, readFileSync(again));
    rmSync(again);
  }
}

// 4. Content-hashed names: parts first, then the JS that names them, then the glue that imports it.
// The loader is part of the first load, and wasm-split-cli writes the same fetching
// function out for every part and chunk (and a comment naming who shares each chunk):
// written once, a new part costs the first load one line (docs/performance.md).
let fetcher = compactLoader(readFileSync(join(work, '__wasm_split.js'), 'utf8'));
// One hash for all the parts of a build, of all their bytes: the loader then repeats
// the same 16 digits, which brotli sends once, instead of 16 random digits per part
// and chunk (about 10 B of the first load each). It costs next to no cache reuse: the
// parts share the main module's memory and function table, whose addresses move with
// almost any change to the app, so a part's bytes change with it anyway (the `embed`
// part, whose code had not changed, had a new hash in each of three builds).
const sorted = [...parts].sort();
const partsHash = createHash('sha256');
for (const part of sorted) partsHash.update(part).update(readFileSync(join(work, part)));
const buildHash = partsHash.digest('hex').slice(0, 16);
for (const part of sorted) {
  const named = `${part.slice(0, -5).replace(/[^a-z0-9_]/gi, '_')}-${buildHash}.wasm`;
  writeFileSync(join(staging, named), readFileSync(join(work, part)));
  fetcher = fetcher.replaceAll(`"./${part}"`, `"./${named}"`);
}
// Release builds: the loader minified (scripts/lib/minify.mjs), which parts.mjs must still read as before.
if (profile === 'release') {
  const before = JSON.stringify(partsOf(fetcher));
  fetcher = await minifyLoader(fetcher);
  if (JSON.stringify(partsOf(fetcher)) !== before) throw new Error('split: the minified loader names other parts than the loader did');
}
const fetcherName = `split-${contentHash(fetcher)}.js`;
writeFileSync(join(staging, fetcherName), fetcher);
// Only the `import ... from` names the file; the wasm's import object keeps the module's name.
const glueText = readFileSync(join(bound, `${stem}.js`), 'utf8');
const importing = /( from )"\.\/__wasm_split\.js"/g;
if (!importing.test(glueText)) throw new Error('wasm-bindgen\'s glue does not import ./__wasm_split.js');
// wasm-bindgen notes above each closure's cast ("// Cast intrinsic for `Closure(…)`"):
// 168 B brotli of comment in the first load's JS once the sender's Web Lock added one.
const castNotes = /^[ \t]*\/\/ Cast intrinsic for .*\n/gm;
const glueOut = oneLoaderImport(glueText).replace(importing, `$1"./${fetcherName}"`).replace(castNotes, '');
// Release builds: the glue minified, its classes no one can hold dropped with their wasm code (scripts/lib/minify.mjs).
writeFileSync(join(staging, glue), profile === 'release' ? await releaseGlue(glueOut, join(bound, `${stem}_bg.wasm`), [...WASM_OPT, ...names]) : glueOut);
writeFileSync(join(staging, `${stem}_bg.wasm`), readFileSync(join(bound, `${stem}_bg.wasm`)));

// 5. The stylesheets without their comments and spaces (release builds): Trunk 0.21
// minifies only all assets at once, index.html too, which publish reads as a template.
// lightningcss without targets only minifies (nothing rewritten for older browsers):
// 5,962 -> 4,444 B brotli of the first load (docs/performance.md).
const stylesheets = readdirSync(staging).filter((n) => n.endsWith('.css'));
if (profile === 'release') {
  for (const name of stylesheets) {
    const file = join(staging, name);
    const { code } = transformCss({ filename: name, code: readFileSync(file), minify: true });
    writeFileSync(file, code);
  }
}

// 6. The glue, the wasm, the parts' loader and the stylesheets named by their bytes as
// served now, not by Trunk's hash of what it built before the steps above
// (scripts/lib/names.mjs): a build whose steps changed gives new names.
const html = join(staging, 'index.html');
let page = readFileSync(html, 'utf8');
// Each file read once.
const read = (name) => readFileSync(join(staging, name));
const stagedWasm = read(`${stem}_bg.wasm`);
const stagedGlue = read(glue).toString('utf8');
const stagedFetcher = read(fetcherName).toString('utf8');
const app = `${BIN}-${appHash(BIN, stagedWasm, stagedGlue, stagedFetcher)}`;
const loaderText = swapName(stagedFetcher, `./${glue}`, `./${app}.js`, 'the parts\' loader');
const loaderName = `split-${contentHash(loaderText)}.js`;
const glueFinal = swapName(stagedGlue, `./${fetcherName}`, `./${loaderName}`, 'the glue')
  .replaceAll(`${stem}_bg.wasm`, `${app}_bg.wasm`);
const renamed = [[glue, `${app}.js`, glueFinal], [`${stem}_bg.wasm`, `${app}_bg.wasm`, stagedWasm],
  [fetcherName, loaderName, loaderText], ...stylesheets.map((name) => [name, read(name)]).map(([name, css]) => [name, cssName(name, css), css])];
page = renameInPage(staging, page, renamed, { where: 'index.html', unnamed: [fetcherName], release: profile === 'release' });
writeFileSync(html, page);
// 7. The interface's words in every language but English (compiled in), as data files the
// app fetches for the buyer's language only (crates/words, `Lang::data_file`).
execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'microshop-words', '--bin', 'microshop-words-data', '--', staging],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
console.log(`split: ${app} + ${parts.length} parts (${parts.join(', ')}) + ${loaderName}`);

/**
 * wasm-split-cli's loader with its fetching function written once: each
 * `makeLoad(() => { const src = fetch(new URL("./x.wasm", ...)); ... }, [deps])`
 * becomes `makeLoad(fetched("./x.wasm"), [deps])`, the same steps (the download starts
 * when the part is first asked for, a failed one is not cached), but for where the
 * bytes come from: the page's `wasmSource` when the published loader made one (the
 * gzip copy on a host that does not compress, docs/performance.md). scripts/parts.mjs
 * reads either form. Fails loudly when the tool's output changes shape.
 */
function compactLoader(js) {
  const inline = /\(\) => \{\n\s*const src = fetch\(new URL\(("\.\/[^"]+\.wasm"), import\.meta\.url\)\);\n\s*src\.catch\(\(\) => \{\}\);\n\s*return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\n\}\n, \[/g;
  const parts = [...js.matchAll(/const src = fetch\(new URL\(/g)].length;
  let n = 0;
  const out = js.replace(inline, (_, file) => { n += 1; return `fetched(${file}), [`; })
    .replace(/^\/\* [^*]* \*\/\n/gm, '');
  if (n !== parts) throw new Error(`split.mjs: wasm-split-cli's loader has ${parts} loads but ${n} in the expected form; update compactLoader`);
  // The part comes from the published page's `wasmSource` (crates/cli/src/publish/
  // loader.rs) when there is one: compiled from the part's gzip copy on a host that
  // does not compress (a module), else the plain file's response, as without it.
  const fetched = `const fetched = (file) => () => {
    const url = new URL(file, import.meta.url);
    const src = self.wasmSource?.(url) ?? fetch(url);
    src.catch(() => {});
    return async (imports) => {
        const from = await src;
        return from instanceof Response ? WebAssembly.instantiateStreaming(from, imports) : WebAssembly.instantiate(from, imports);
    };
};
`;
  const at = out.indexOf('function makeLoad(');
  if (at < 0) throw new Error('split.mjs: wasm-split-cli\'s loader has no makeLoad; update compactLoader');
  return out.slice(0, at) + fetched + out.slice(at);
}

/**
 * wasm-bindgen imports the loader module once per part (`import * as importN from
 * "./__wasm_split.js"`, and as many keys in the wasm's import object): one import of
 * it serves them all, so a new part adds nothing to the glue.
 */
function oneLoaderImport(glue) {
  const names = [...glue.matchAll(/^import \* as (import\d+) from "\.\/__wasm_split\.js"\n/gm)].map((m) => m[1]);
  if (names.length === 0) return glue;
  const [kept, ...dropped] = names;
  let out = glue;
  for (const name of dropped) {
    out = out.replace(new RegExp(`^import \\* as ${name} from "\\./__wasm_split\\.js"\\n`, 'm'), '')
      .replace(new RegExp(`^\\s*"\\./__wasm_split\\.js": ${name},\\n`, 'm'), '');
  }
  if (new RegExp(`\\b(${dropped.join('|') || '$^'})\\b`).test(out)) throw new Error('split.mjs: the glue still uses a dropped loader import');
  if (!out.includes(`"./__wasm_split.js": ${kept},`)) throw new Error('split.mjs: the glue\'s import object does not name the loader');
  return out;
}
