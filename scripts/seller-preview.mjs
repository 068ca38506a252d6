// The studio's preview page (crates/seller/src/studio/preview.rs): the storefront's
// own dist/index.html, copied to dist/seller/preview/index.html (served at
// /_seller/preview/ behind the seller's session) with three changes:
//   - the router base /_seller/preview, so the storefront's links stay in the frame;
//   - /_seller/preview.js before the app starts, which points the manifest at the
//     draft's blob: URL the studio puts after "#";
//   - no preload of /shop.json (the saved shop is not what the preview shows);
// and the storefront's words files (dist/words/, fetched under the router base) beside it.
// The storefront itself is not changed. Run after both Trunk builds (scripts/build.sh).
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const dist = resolve(import.meta.dirname, '..', process.argv[2] ?? 'dist');
const html = readFileSync(resolve(dist, 'index.html'), 'utf8');
const manifest = /<meta name="microshop-manifest" content="[^"]*">/;
if (!manifest.test(html)) {
  console.error('seller-preview: dist/index.html has no <meta name="microshop-manifest">; the preview cannot point the storefront at the draft');
  process.exit(1);
}
const preview = html
  .replace(/<link rel="preload" href="[^"]*shop\.json"[^>]*>\s*/, '')
  .replace(/<meta name="microshop-base" content="[^"]*">\s*/, '')
  .replace(manifest, (m) => `${m}\n  <meta name="microshop-base" content="/_seller/preview">\n  <meta name="robots" content="noindex">\n  <script src="/_seller/preview.js"></script>`);
mkdirSync(resolve(dist, 'seller', 'preview'), { recursive: true });
writeFileSync(resolve(dist, 'seller', 'preview', 'index.html'), preview);
// The storefront fetches a buyer's language under its router base (page::app_file).
if (existsSync(resolve(dist, 'words'))) cpSync(resolve(dist, 'words'), resolve(dist, 'seller', 'preview', 'words'), { recursive: true });
console.log('seller-preview: wrote dist/seller/preview/index.html');
