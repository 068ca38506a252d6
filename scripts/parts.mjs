// What the storefront build in dist/ is made of: the buyer's first load and each part
// loaded on demand (src/on_demand.rs), read from the files scripts/split.mjs wrote.
// Used by scripts/budget.mjs and by the e2e tests of loading on demand.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The buyer's files in `dist` (its top level: a second Trunk entry such as the seller's
 * desk lives in a folder of its own and is not the buyer's):
 * { firstLoad: { wasm, js, css, html, manifest }, parts: { name: [files] }, languages: [files], snippet: [files] }.
 */
export function buyerFiles(dist) {
  const names = readdirSync(dist, { withFileTypes: true })
    .filter((e) => e.isFile() && !/\.(br|gz)$/.test(e.name))
    .map((e) => e.name);
  // Trunk writes its hash without leading zeros: 15 digits about one build in 16.
  const loaders = names.filter((n) => /^split-[0-9a-f]{1,16}\.js$/.test(n));
  const glues = names.filter((n) => /^microshop-storefront-[0-9a-f]{1,16}\.js$/.test(n));
  const [glue] = glues;
  const [loader] = loaders;
  if (!glue) throw new Error(`no microshop-storefront-<hash>.js in ${dist}: build first (scripts/build.sh)`);
  if (!loader) throw new Error(`no split-<hash>.js in ${dist}: the build did not run scripts/split.mjs`);
  // Two builds' files in one folder (two builds at once) would be counted, published and kept offline.
  if (glues.length + loaders.length > 2) throw new Error(`${dist} holds the files of more than one build (${[...glues, ...loaders].join(', ')}): build again (scripts/build.sh)`);
  const parts = partsOf(readFileSync(join(dist, loader), 'utf8'));
  const inParts = new Set(Object.values(parts).flat());
  return {
    firstLoad: {
      wasm: names.filter((n) => n.endsWith('.wasm') && !inParts.has(n)),
      js: [glue, loader],
      css: names.filter((n) => n.endsWith('.css')),
      html: ['index.html'],
      manifest: ['shop.json'],
    },
    parts,
    // The interface's words, one file per language but English (compiled in): a buyer
    // downloads only their own language's (crates/words, `Lang::data_file`).
    languages: existsSync(join(dist, 'words')) ? readdirSync(join(dist, 'words')).filter((n) => n.endsWith('.txt')).map((n) => `words/${n}`) : [],
    // The snippet sellers paste into other sites (docs/embedding.md): not the shop's load.
    snippet: names.filter((n) => n === 'embed.js'),
  };
}

/** Each part's files (its own module and the chunks it shares), from the loader's JS. */
export function partsOf(loaderJs) {
  const chunks = {};
  // wasm-split-cli's form (`makeLoad(() => { const src = fetch(new URL("./x.wasm" ...`)
  // or scripts/split.mjs's compact one (`makeLoad(fetched("./x.wasm"), ...`), minified in
  // a release build (`const n=makeLoad(...)`: the chunks' names mangled, no spaces).
  for (const m of loaderJs.matchAll(/const ([\w$]+)\s*=\s*makeLoad\([^"]*?"\.\/([^"]+\.wasm)"/g)) {
    chunks[m[1]] = m[2];
  }
  const parts = {};
  const exported = /export const __wasm_split_load_(\w+)\s*=\s*wrapAsyncCb\(makeLoad\(([\s\S]*?),\s*\[([^\]]*)\]\)\);/g;
  for (const [, name, fetcher, deps] of loaderJs.matchAll(exported)) {
    const own = fetcher.match(/"\.\/([^"]+\.wasm)"/)?.[1];
    const shared = deps.split(',').map((d) => d.trim()).filter(Boolean).map((d) => {
      if (!chunks[d]) throw new Error(`part ${name} needs ${d}, which the loader does not name`);
      return chunks[d];
    });
    parts[name] = [own, ...shared].filter(Boolean);
  }
  if (Object.keys(parts).length === 0) throw new Error('the loader names no part: has its format changed?');
  return parts;
}
