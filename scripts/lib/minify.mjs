// Minifies the storefront's JS glue (wasm-bindgen's output, after scripts/split.mjs has
// rewritten its imports), for release builds. The glue is one script of the first load:
// wasm-bindgen writes it readable (JSDoc, long local names, indentation), 66 KB that the
// browser must download and parse before the wasm can start (docs/performance.md,
// "The JS glue minified").
//
// terser (npm, pure JS: no native binary, no install script): the glue is an ES module,
// so its top-level names are mangled too. What must survive, and does by construction:
// - the module's exports (`initSync`, the default `__wbg_init`, the exported classes):
//   terser never renames an export, only the local names behind it;
// - the wasm's import names, which are keys of the object literal the glue hands to
//   `WebAssembly.instantiate` (`__wbg_...: function(...)`): properties are not mangled;
// - the import object's module names ("./__wasm_split.js", the `_bg.js` name): strings.
// Checked after the run: the same exports, and every import name still in the text.
import { minify } from 'terser';

/**
 * The glue, minified. Throws (failing the build) when terser fails or when an export or
 * one of the wasm's import names would be lost.
 * @param {string} js the glue's text
 * @param {Uint8Array} wasm the main module the glue instantiates (its imports are checked)
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
  const lost = importNames.filter((name) => !out.code.includes(name));
  if (lost.length > 0) throw new Error(`minify: the wasm's imports ${lost.slice(0, 5).join(', ')} are missing from the minified glue`);
  return out.code;
}

/** The module's exported names, sorted (export classes/functions/consts and `export { a as b }`). */
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
