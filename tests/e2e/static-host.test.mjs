// The app's wasm on a host that does not compress (docs/publishing.md, "Serving it"):
// the published loader sees the page came as it is and fetches the wasm's gzip copy
// (publish writes it beside the wasm), inflating it in the browser: 235 KB over the
// phone's network instead of 593 KB. Where the page came compressed, the plain file
// (the host compresses it); without the copy, or with a host that decodes it itself,
// or under the offline shell, the app still starts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer as httpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { BIN, DIST, NOTE_REGISTRATIONS, ROOT, freePort, launchBrowser, phoneContext, serving, watchErrors } from './harness.mjs';
import { Shop } from './shop.mjs';
import { until } from './wait.mjs';

/** The demo shop published into a fresh folder for `base`. */
function published(base) {
  const dir = mkdtempSync(join(tmpdir(), 'microshop-static-'));
  const site = join(dir, 'site');
  execFileSync(BIN, ['publish', join(ROOT, 'public', 'shop.json'), site, '--base-url', base, '--dist', DIST], { stdio: 'pipe' });
  return { dir, site };
}

/** Python's http.server on `root`: no compression, `.gz` files sent as they are. */
async function pythonHost(root, port, log) {
  const child = await serving('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', root], `http://127.0.0.1:${port}/`, { log });
  return () => child.kill();
}

/**
 * A host configured the way some are for precompressed files: `x.wasm.gz` is sent with
 * `Content-Encoding: gzip` and the type of `x.wasm`, so the browser inflates it itself.
 * Everything else as it is, uncompressed.
 */
async function encodingHost(root, port) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.txt': 'text/plain' };
  const server = httpServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!path.endsWith('/') && existsSync(join(root, path)) && statSync(join(root, path)).isDirectory()) {
      res.writeHead(301, { location: `${path}/` }).end();
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const gz = file.endsWith('.gz');
    const inner = gz ? file.slice(0, -3) : file;
    res.writeHead(200, {
      'content-type': types[extname(inner)] ?? 'application/octet-stream',
      ...(gz ? { 'content-encoding': 'gzip' } : {}),
    });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return () => server.close();
}

/** The app's wasm requests a page made (the main module's, not the parts'). */
function wasmRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (/\/microshop-storefront-[0-9a-f]+_bg\.wasm(\.gz)?$/.test(path)) seen.push(path.endsWith('.gz') ? 'gz' : 'plain');
  });
  return seen;
}

/** Opens a product page at `base`, adds it to the cart; resolves with the wasm requests. */
async function buyOn(browser, base, { offlineAfter = false } = {}) {
  const context = await phoneContext(browser);
  try {
    const page = await context.newPage();
    const errors = watchErrors(page, { except: (url) => /\.wasm\.gz$/.test(url) });
    const requests = wasmRequests(page);
    const shop = new Shop(page, base.replace(/\/$/, ''));
    await shop.openProduct('glass-fair-cup');
    await shop.addToCart();
    await shop.cartCountIs(1);
    assert.deepEqual(errors.filter((e) => !/404 \(File not found\)|404 \(Not Found\)|status of 404/.test(e)), []);
    return requests;
  } finally {
    await context.close();
  }
}

describe("the app's wasm on hosts that compress and hosts that do not", () => {
  let browser;
  const stops = [];
  before(async () => { browser = await launchBrowser(); });
  after(async () => {
    await browser?.close();
    for (const stop of stops) stop();
  });

  it('a plain static host: the wasm comes as its gzip copy, and the buyer adds to the cart', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/`;
    const { dir, site } = published(base);
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    stops.push(await pythonHost(site, port));
    assert.deepEqual(await buyOn(browser, base), ['gz']);
  });

  it('a plain static host with the offline shell: the main wasm crosses the network once (the worker keeps the page\'s gzip copy)', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/`;
    const { dir, site } = published(base);
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    const log = [];
    stops.push(await pythonHost(site, port, log));
    const context = await phoneContext(browser);
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.addInitScript(NOTE_REGISTRATIONS);
      await page.goto(`${base}p/glass-fair-cup/`);
      await until(async (note) => {
        const state = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? 'none');
        return state === 'activated' || note(state);
      }, { what: 'the offline shell installed and active' });
      assert.deepEqual(await page.evaluate(() => window.__registrations), [true]);
      const wasm = log.filter((line) => /"GET [^ ]*\/microshop-storefront-[0-9a-f]+_bg\.wasm(\.gz)? /.test(line));
      assert.equal(wasm.length, 1, wasm.join('\n'));
      assert.match(wasm[0], /_bg\.wasm\.gz /);
      // Offline, the app starts from what the worker kept.
      await context.setOffline(true);
      await page.reload();
      const shop = new Shop(page, base.replace(/\/$/, ''));
      await shop.addToCart();
      await shop.cartCountIs(1);
      assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)), []);
    } finally {
      await context.close();
    }
  });

  it('serve --site compresses the page, so the plain wasm is asked for (and sent compressed)', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/`;
    const { dir, site } = published(base);
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    const child = await serving(BIN, ['serve', '--site', site, '--addr', `127.0.0.1:${port}`, '--db', join(dir, 'orders.sqlite')], base);
    stops.push(() => child.kill());
    assert.deepEqual(await buyOn(browser, base), ['plain']);
  });

  it('a static host without the compressed copies (left out of the upload): the copy 404s, the plain wasm starts the app', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/`;
    const { dir, site } = published(base);
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const f of readdirSync(site)) if (/\.(gz|br)$/.test(f)) rmSync(join(site, f));
    stops.push(await pythonHost(site, port));
    assert.deepEqual(await buyOn(browser, base), ['gz', 'plain']);
  });

  it('a host that sends the copy with Content-Encoding: gzip (the browser inflates it): the app starts', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/`;
    const { dir, site } = published(base);
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    stops.push(await encodingHost(site, port));
    assert.deepEqual(await buyOn(browser, base), ['gz']);
  });

  it('a damaged copy (a broken upload): the plain wasm starts the app', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/`;
    const { dir, site } = published(base);
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    const copy = readdirSync(site).find((f) => /^microshop-storefront-[0-9a-f]+_bg\.wasm\.gz$/.test(f));
    execFileSync('truncate', ['-s', '20000', join(site, copy)]);
    stops.push(await pythonHost(site, port));
    assert.deepEqual(await buyOn(browser, base), ['gz', 'plain']);
  });
});
