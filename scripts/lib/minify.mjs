// The storefront's JS glue for a release build (called once from scripts/split.mjs, after
// wasm-bindgen and wasm-opt, before the integrity of index.html's preloads is made anew):
//
// 1. **Classes no one can hold, dropped with their wasm code.** wasm-bindgen exports every
//    `#[wasm_bindgen]` struct of every crate, used or not: the first load had wasm-streams'
//    IntoUnderlyingByteSource/Sink/Source (leptos -> server_fn), 13 wasm exports and three
//    JS classes. A class of the glue with no `constructor` and no `static __wrap` (what the
//    wasm calls to hand an instance to JS) can never have an instance: its methods are
//    dead. Its JS is cut out, its wasm exports removed, and wasm-opt (the build's own
//    flags) run again so the code only they reached goes too.
// 2. **Minified** with terser (npm, pure JS: no native binary, no install script). The glue
//    is wasm-bindgen's readable output (JSDoc, long local names, indentation), one script
//    of the first load. The glue is an ES module, so top-level names are mangled too. What
//    must survive does by construction, and is checked after the run:
//    - the module's exports (`initSync`, the default `__wbg_init`, any class left):
//      terser never renames an export;
//    - the wasm's import names, keys of the object the glue hands to
//      `WebAssembly.instantiate` (`__wbg_...: function(...)`): properties are not mangled;
//    - the import object's module names ("./__wasm_split.js", the `_bg.js` one): strings.
// Figures: docs/performance.md, "The JS glue minified (session 13, engineer BOOT3)".
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { minify } from 'terser';

/**
 * The glue for a release build. Rewrites `wasmPath` (the bound main module) when a class
 * is dropped. Throws, failing the build, when the glue is not of the shape expected, when
 * terser fails, or when an export or an import the wasm needs would be lost.
 * @param {string} js the glue's text
 * @param {string} wasmPath the main module the glue instantiates
 * @param {string[]} wasmOpt the build's wasm-opt arguments (run again after a drop)
 * @returns {Promise<string>}
 */
export async function releaseGlue(js, wasmPath, wasmOpt) {
  const { glue, exports } = dropDeadClasses(js);
  if (exports.length > 0) {
    const present = new Set(WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(wasmPath))).map((e) => e.name));
    const missing = exports.filter((name) => !present.has(name));
    if (missing.length > 0) throw new Error(`minify: the glue's dropped classes name wasm exports the module lacks: ${missing.join(', ')}`);
    // Passes run in the order given: the exports go first, then the build's own passes.
    execFileSync('wasm-opt', [`--remove-exports=${exports.join(',')}`, ...wasmOpt, wasmPath, '-o', wasmPath],
      { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  return minifyGlue(glue, readFileSync(wasmPath));
}

/**
 * Cuts out the exported classes that JS can never hold an instance of (no constructor, no
 * `__wrap`), with their `Symbol.dispose` line and finalization registry. Returns the glue
 * and the wasm exports that only the cut text called.
 * @param {string} js
 * @returns {{ glue: string, exports: string[], classes: string[] }}
 */
export function dropDeadClasses(js) {
  const classes = [];
  let glue = js;
  let cut = '';
  for (const m of js.matchAll(/^export class ([A-Za-z_$][\w$]*) \{\n([\s\S]*?)^\}\n/gm)) {
    const [whole, name, body] = m;
    if (/^\s*constructor\(/m.test(body) || /\bstatic __wrap\(/.test(body) || js.includes(`${name}.__wrap(`)) continue;
    const dispose = new RegExp(`^if \\(Symbol\\.dispose\\) ${name}\\.prototype\\[Symbol\\.dispose\\] = ${name}\\.prototype\\.free;\\n`, 'm');
    const registry = new RegExp(`^const ${name}Finalization = \\(typeof FinalizationRegistry === 'undefined'\\)\\n.*\\n.*new FinalizationRegistry\\(.*\\);\\n`, 'm');
    const parts = [whole, dispose, registry].map((p) => (typeof p === 'string' ? p : glue.match(p)?.[0]));
    if (parts.some((p) => p === undefined)) {
      throw new Error(`minify: wasm-bindgen's class ${name} is not of the shape expected (class, Symbol.dispose line, finalization registry); update dropDeadClasses`);
    }
    for (const part of parts) glue = glue.replace(part, '');
    cut += parts.join('');
    classes.push(name);
  }
  for (const name of classes) {
    if (new RegExp(`\\b${name}\\b`).test(glue)) throw new Error(`minify: the glue still names the dropped class ${name}`);
  }
  const called = (text) => new Set([...text.matchAll(/\bwasm\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
  const kept = called(glue);
  const exports = [...called(cut)].filter((name) => !kept.has(name)).sort();
  if (classes.length > 0) console.log(`minify: dropped the glue's classes ${classes.join(', ')} and ${exports.length} wasm exports`);
  return { glue, exports, classes };
}

/**
 * The glue, minified; its exports and the wasm's imports from it checked.
 * @param {string} js the glue's text
 * @param {Uint8Array} wasm the main module the glue instantiates
 * @returns {Promise<string>}
 */
export async function minifyGlue(js, wasm) {
  const out = await minify(js, {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  if (typeof out.code !== 'string' || out.code.length === 0) throw new Error('minify: terser gave no code for the glue');
  const before = exportNames(js);
  const after = exportNames(out.code);
  if (before.join() !== after.join()) {
    throw new Error(`minify: the glue's exports changed (${before.join(', ')} -> ${after.join(', ')})`);
  }
  // The names the wasm imports from the glue's own module (`<stem>_bg.js`); those from
  // the parts' loader (`./__wasm_split.js`) are that module's exports, not the glue's.
  const importNames = WebAssembly.Module.imports(new WebAssembly.Module(wasm))
    .filter((i) => i.module.endsWith('_bg.js')).map((i) => i.name);
  if (importNames.length === 0) throw new Error('minify: the wasm imports nothing from the glue: not wasm-bindgen\'s module?');
  const lost = importNames.filter((name) => !out.code.includes(`${name}:`));
  if (lost.length > 0) throw new Error(`minify: the wasm's imports ${lost.slice(0, 5).join(', ')} are missing from the minified glue`);
  return out.code;
}

/**
 * The parts' loader (`split-<hash>.js`, scripts/split.mjs), minified: whitespace and local
 * names only. Its statements stay as they are (no `compress`), and the three functions
 * each part's line calls keep their names, so scripts/parts.mjs still reads which files
 * each part needs from the minified text. Its exports (what the glue and the wasm
 * import) never change; checked.
 * @param {string} js the loader's text
 * @returns {Promise<string>}
 */
export async function minifyLoader(js) {
  const out = await minify(js, {
    module: true,
    ecma: 2020,
    compress: false,
    mangle: { reserved: ['makeLoad', 'fetched', 'wrapAsyncCb'] },
    format: { comments: false },
  });
  if (typeof out.code !== 'string' || out.code.length === 0) throw new Error('minify: terser gave no code for the parts\' loader');
  if (exportNames(js).join() !== exportNames(out.code).join()) {
    throw new Error(`minify: the parts' loader's exports changed (${exportNames(js).join(', ')} -> ${exportNames(out.code).join(', ')})`);
  }
  return out.code;
}

/** The module's exported names, sorted (`export class/function/const` and `export { a as b }`). */
function exportNames(js) {
  const names = [];
  for (const m of js.matchAll(/\bexport\s+(?:async\s+)?(?:class|function\*?|const|let|var)\s+([A-Za-z_$][\w$]*)/g)) names.push(m[1]);
  for (const m of js.matchAll(/\bexport\s*\{([^}]*)\}/g)) {
    for (const item of m[1].split(',')) {
      const parts = item.trim().split(/\s+as\s+/);
      const name = parts[parts.length - 1].trim();
      if (name) names.push(name);
    }
  }
  return names.sort();
}
