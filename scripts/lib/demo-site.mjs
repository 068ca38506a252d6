// The demo shop as `microshop publish` writes it, served on a free local port, for the
// benchmark scripts (lighthouse.mjs, trace-boot.mjs): written once.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DIST, ROOT } from '../../tests/e2e/harness.mjs';
import { answering, freePort } from './served-site.mjs';

/**
 * Publishes the demo shop and serves it on `host` (`serve`: `microshop serve --site`,
 * brotli; `static`: Python's http.server, no compression); resolves with `{ base, stop }`
 * once it answers. `prepare(siteDir)`, when given, runs between the publish and the serving
 * (an experiment on the published files, e.g. scripts/lighthouse-tasks.mjs's LH_PREPARE).
 */
export async function serveDemo(host, prepare) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'microshop-demo-'));
  const base = `http://127.0.0.1:${port}/`;
  execFileSync(BIN, ['publish', join(ROOT, 'public', 'shop.json'), join(dir, 'site'), '--base-url', base, '--dist', DIST], { stdio: 'ignore' });
  if (prepare) await prepare(join(dir, 'site'));
  const child = host === 'serve'
    ? spawn(BIN, ['serve', '--site', join(dir, 'site'), '--addr', `127.0.0.1:${port}`, '--db', join(dir, 'orders.sqlite')], { stdio: 'ignore' })
    : spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', join(dir, 'site')], { stdio: 'ignore' });
  await answering(base);
  return { base, stop: () => { child.kill(); rmSync(dir, { recursive: true, force: true }); } };
}
