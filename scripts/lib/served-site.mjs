// Sites published and served on a free local port, for the benchmark scripts
// (demo-site.mjs: the demo shop; bench-feed.mjs and bench-memory.mjs: a generated
// shop), and their command-line arguments: written once.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The value after `--name` on the command line, or `fallback`. */
export const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

/** A loopback port nothing listens on now. */
export const freePort = () => new Promise((ok, fail) => {
  const s = createServer();
  s.once('error', fail);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
});

/** Resolves once `url` answers at all (the server is up). */
export async function answering(url) {
  for (let i = 0; i < 300; i++) {
    try { await fetch(url); return; } catch { await new Promise((ok) => setTimeout(ok, 100)); } // allow-sleep: a script, not a test
  }
  throw new Error(`${url} did not answer in 30 s`);
}

/**
 * `microshop generate --products N --seed SEED`, published with `dist` and served by
 * `microshop serve --site` on a free port: resolves with `{ url, shop, stop }` (`shop`:
 * the generated shop's folder; `stop` ends the server and removes every file).
 */
export async function serveGenerated({ bin, dist, products, seed = 16 }) {
  const dir = mkdtempSync(join(tmpdir(), 'microshop-bench-'));
  const shop = join(dir, 'shop');
  const site = join(dir, 'site');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  console.error(`generating ${products} products, publishing…`);
  execFileSync(bin, ['generate', '--products', String(products), '--seed', String(seed), shop], { stdio: 'pipe' });
  execFileSync(bin, ['publish', join(shop, 'shop.json'), site, '--base-url', url, '--dist', dist], { stdio: 'pipe' });
  const server = spawn(bin, ['serve', '--site', site, '--addr', `127.0.0.1:${port}`, '--db', join(dir, 'orders.sqlite')], { stdio: 'ignore' });
  await answering(url);
  return { url, shop, stop: () => { server.kill(); rmSync(dir, { recursive: true, force: true }); } };
}
