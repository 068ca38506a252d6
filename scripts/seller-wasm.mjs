// Trunk's post-build hook for the seller app (crates/seller/Trunk.toml). The
// workspace links every wasm with `--emit-relocs` (.cargo/config.toml: the
// storefront's split needs the relocations), which leaves `linking` and `reloc.*`
// sections in the seller's wasm that binaryen cannot optimise around ("linking
// section is present"): the seller app came out at 2.6 MB raw instead of 1.1 MB.
// Cargo cannot give one package other link flags without rebuilding every shared
// crate, so this hook drops those sections, runs wasm-opt (release builds) as Trunk
// would have, minifies the stylesheets, and makes index.html's subresource integrity
// match the new files, named by their bytes (scripts/lib/names.mjs). It also writes the desk's words of each language but English
// (words/<tag>-<hash>.txt).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transform as transformCss } from 'lightningcss';
import { releaseGlue } from './lib/minify.mjs';
import { appHash, cssName, renameInPage } from './lib/names.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error("scripts/seller-wasm.mjs runs as the seller app's Trunk post_build hook (TRUNK_STAGING_DIR is not set)");
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';
const name = readdirSync(staging).find((n) => /^microshop-seller-[0-9a-f]+_bg\.wasm$/.test(n));
if (!name) throw new Error(`no microshop-seller-<hash>_bg.wasm in ${staging}: did Trunk build the seller app?`);
const path = join(staging, name);

/** An unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, at];
    shift += 7;
  }
}

/** `wasm` without the linker's custom sections (`linking`, `reloc.*`). */
export function withoutRelocations(wasm) {
  const kept = [wasm.subarray(0, 8)];
  let at = 8;
  while (at < wasm.length) {
    const start = at;
    const id = wasm[at];
    const [size, body] = leb(wasm, at + 1);
    const end = body + size;
    let drop = false;
    if (id === 0) {
      const [length, nameAt] = leb(wasm, body);
      const section = wasm.subarray(nameAt, nameAt + length).toString('utf8');
      drop = section === 'linking' || section.startsWith('reloc.');
    }
    if (!drop) kept.push(wasm.subarray(start, end));
    at = end;
  }
  return Buffer.concat(kept);
}

const before = readFileSync(path);
writeFileSync(path, withoutRelocations(before));
// The same flags as the storefront's (scripts/split.mjs; docs/performance.md: binaryen
// 132): the control flow rebuilt by the relooper first, then two size runs, and the
// toolchain's notes no browser reads dropped.
const WASM_OPT = ['--flatten', '--rereloop', '-Oz', '-Oz', '--enable-bulk-memory', '--enable-reference-types', '--enable-multivalue',
  '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--strip-producers', '--strip-target-features'];
if (release) {
  execFileSync('wasm-opt', [...WASM_OPT, path, '-o', path], { stdio: 'inherit' });
  // The glue minified and its classes no one can hold dropped with their wasm code, as
  // the storefront's (scripts/lib/minify.mjs).
  const glue = join(staging, `${name.slice(0, -'_bg.wasm'.length)}.js`);
  writeFileSync(glue, await releaseGlue(readFileSync(glue, 'utf8'), path, WASM_OPT));
}
// The desk's words in every language but English (compiled in), as data files the app
// fetches for the seller's language only (crates/words' `seller::data_file`).
execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'microshop-words', '--features', 'seller',
  '--bin', 'microshop-words-data', '--', '--seller', staging], { stdio: 'inherit' });
// The stylesheets without their comments and spaces (release builds), as the
// storefront's (scripts/split.mjs): lightningcss without targets only minifies.
const stylesheets = readdirSync(staging).filter((n) => n.endsWith('.css'));
if (release) {
  for (const css of stylesheets) {
    const file = join(staging, css);
    writeFileSync(file, transformCss({ filename: css, code: readFileSync(file), minify: true }).code);
  }
}
const after = readFileSync(path);
// The glue, the wasm and the stylesheets named by their bytes as served, not by Trunk's
// hash of what it built before this hook (scripts/lib/names.mjs, as the storefront's).
const html = join(staging, 'index.html');
let page = readFileSync(html, 'utf8');
const read = (file) => readFileSync(join(staging, file));
const stem = name.slice(0, -'_bg.wasm'.length);
const glue = `${stem}.js`;
const app = `microshop-seller-${appHash('microshop-seller', after, read(glue).toString('utf8'))}`;
const renamed = [[glue, `${app}.js`, read(glue).toString('utf8').replaceAll(name, `${app}_bg.wasm`)], [name, `${app}_bg.wasm`, after],
  ...stylesheets.map((css) => [css, cssName(css, read(css)), read(css)])];
page = renameInPage(staging, page, renamed, { where: "the seller app's index.html", release });
writeFileSync(html, page);
console.log(`seller-wasm: ${name} ${before.length} B -> ${app}_bg.wasm ${after.length} B`);
