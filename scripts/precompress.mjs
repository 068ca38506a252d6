// Writes .br (quality 11) and .gz (level 9) next to every text-like file in dist/,
// so `microshop serve` sends the smallest form without compressing per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = resolve(process.argv[2] ?? 'dist');
const compressible = /\.(wasm|js|css|html|json|svg|txt|xml|webmanifest)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (compressible.test(name)) yield path;
  }
}

for (const path of files(dist)) {
  const data = readFileSync(path);
  const br = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  if (br.length < data.length) writeFileSync(`${path}.br`, br);
  const gz = gzipSync(data, { level: 9 });
  if (gz.length < data.length) writeFileSync(`${path}.gz`, gz);
}
