// Names by content for the files a built app's page names (scripts/split.mjs for the
// storefront, scripts/seller-wasm.mjs for the seller app).
//
// Trunk names the glue and the wasm by a hash of its own wasm-bindgen output and a
// stylesheet by a hash of its source; the post-build hooks then change those files
// (the split, wasm-opt, the minified glue, the minified stylesheets). So a build whose
// Rust and CSS sources had not changed but whose build steps had (a new minifier, other
// wasm-opt passes) gave new bytes under the old names, which `microshop serve` and the
// offline shell keep as immutable: a returning buyer could meet an old glue beside a
// new wasm. The hooks rename those files by their final bytes instead.
//
// The glue names its wasm (its default URL) and the parts' loader; the loader names
// the glue: no file's name can be in the bytes it names. So the glue and the wasm share
// one name, hashed from the wasm's bytes and the glue's and the loader's text with those
// cross names taken out (`appHash`); the loader is then named by its own text, which
// holds the glue's final name (`contentHash`).
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The first 16 hex digits of the SHA-256 of `bytes`. */
export const contentHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

/**
 * The hash in an app's glue and wasm names (`<bin>-<hash>.js`, `<bin>-<hash>_bg.wasm`).
 * @param {string} bin the app's binary name (`microshop-storefront`)
 * @param {Uint8Array} wasm the main module, as served
 * @param {string} glue the glue, as served
 * @param {string} [loader] the parts' loader (`split-<hash>.js`), as served
 */
export function appHash(bin, wasm, glue, loader = '') {
  const plain = (text) => text
    .replace(new RegExp(`${bin}-[0-9a-f]+(_bg\\.wasm|\\.js)`, 'g'), `${bin}$1`)
    .replace(/split-[0-9a-f]+\.js/g, 'split.js');
  const hash = createHash('sha256');
  for (const part of [wasm, plain(glue), plain(loader)]) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** A stylesheet's name for its bytes: `app-<any hex>.css` -> `app-<contentHash>.css`. */
export function cssName(name, bytes) {
  const m = /^(.*)-[0-9a-f]+\.css$/.exec(name);
  return m ? `${m[1]}-${contentHash(bytes)}.css` : name;
}

/** `text` with every `from` replaced by `to`; throws, naming `where`, when there is none. */
export function swapName(text, from, to, where) {
  if (!text.includes(from)) throw new Error(`names: ${where} does not name ${from}`);
  return text.replaceAll(from, to);
}

/**
 * Moves each `[from, to, bytes]` of `renamed` in `dir` (the old file removed, the new one
 * written) and returns `page` (the app's index.html) naming the new files, each with its
 * subresource integrity made anew from its bytes. `unnamed` lists files the page does
 * not name (the parts' loader, which the glue names). Throws, naming `where`, when the
 * page does not name a file, or when it states integrity for some files but not for one
 * it names that must have it (a wasm always; any file in a release build).
 * @param {string} dir the built app's folder
 * @param {string} page index.html's text
 * @param {Array<[string, string, Uint8Array | string]>} renamed
 * @param {{ where: string, unnamed?: string[], release?: boolean }} how
 */
export function renameInPage(dir, page, renamed, { where, unnamed = [], release = true }) {
  for (const [from, to, bytes] of renamed) {
    rmSync(join(dir, from));
    writeFileSync(join(dir, to), bytes);
    if (!unnamed.includes(from)) page = swapName(page, `/${from}"`, `/${to}"`, where).replaceAll(`/${from}'`, `/${to}'`);
  }
  for (const [from, to, bytes] of renamed) {
    if (unnamed.includes(from)) continue;
    const sri = `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
    const at = new RegExp(`(href="[^"]*/${to.replaceAll('.', '\\.')}"[^>]*integrity=")[^"]*(")`);
    if (!at.test(page) && page.includes('integrity=') && (to.endsWith('.wasm') || release)) {
      throw new Error(`names: ${where} has no integrity for ${to} to update`);
    }
    page = page.replace(at, `$1${sri}$2`);
  }
  return page;
}
