// The app's wasm on a host that does not compress (docs/publishing.md, "Serving it"):
// the published loader sees the page came as it is and fetches the wasm's gzip copy
// (publish writes it beside the wasm), inflating it in the browser: 235 KB over the
// phone's network instead of 593 KB. The parts a buyer's taps fetch (`buying` for the
// cart and checkout, and its chunks) come the same way, through the loader's
// `wasmSource` (scripts/split.mjs' part loader): 104 KB instead of 251 KB for
// `buying`. Where the page came compressed, the plain files (the host compresses
// them); without the copies, with a damaged one, with a host that answers a missing
// file with its first page, or with a host that decodes the copy itself, the app
// still starts and the buyer reaches the checkout.
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
 * Everything else as it is, uncompressed. With `fallback`, a file it does not have is
 * answered with the site's first page (200), as hosts set up for single-page apps do,
 * and `.gz` files are sent as they are (no Content-Encoding).
 */
async function encodingHost(root, port, { fallback = false } = {}) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.txt': 'text/plain' };
  const server = httpServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!path.endsWith('/') && existsSync(join(root, path)) && statSync(join(root, path)).isDirectory()) {
      res.writeHead(301, { location: `${path}/` }).end();
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    let file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      if (!fallback) {
        res.writeHead(404).end();
        return;
      }
      file = join(root, 'index.html');
    }
    const gz = file.endsWith('.gz') && !fallback;
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

/**
 * The app's wasm requests a page made, by file: `main` (the first load's module),
 * `buying` (the part the cart and checkout live in), `other` (its chunks and any other
 * part), each as 'gz' or 'plain' in the order asked; and `bytes`, the bodies' sizes as
 * they crossed the network, by file name.
 */
function wasmRequests(page) {
  const seen = { main: [], buying: [], other: [], bytes: {} };
  const file = (r) => new URL(r.url()).pathname.split('/').pop();
  page.on('request', (r) => {
    const name = file(r);
    if (!/\.wasm(\.gz)?$/.test(name)) return;
    const key = /^microshop-storefront-[0-9a-f]+_bg\./.test(name) ? 'main' : name.startsWith('split_buying-') ? 'buying' : 'other';
    seen[key].push(name.endsWith('.gz') ? 'gz' : 'plain');
  });
  page.on('requestfinished', async (r) => {
    if (!/\.wasm(\.gz)?$/.test(file(r))) return;
    seen.bytes[file(r)] = (await r.sizes()).responseBodySize;
  });
  return seen;
}

/** The size of the site's file whose name matches `pattern`. */
function sizeOf(site, pattern) {
  const name = readdirSync(site).find((f) => pattern.test(f));
  assert.ok(name, `no ${pattern} in the site`);
  return statSync(join(site, name)).size;
}

/**
 * Opens a product page at `base`, adds it to the cart and follows the links to the
 * checkout until its form is there (the `buying` part drew it); resolves with the wasm
 * requests. Service workers blocked: a worker that took the page over would answer the
 * parts from what it kept (the test of the offline shell below is about that).
 */
async function buyOn(browser, base) {
  const context = await phoneContext(browser, { serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const errors = watchErrors(page, { except: (url) => /\.wasm\.gz$/.test(url) });
    const requests = wasmRequests(page);
    const shop = new Shop(page, base.replace(/\/$/, ''));
    await shop.openProduct('glass-fair-cup');
    await shop.addToCart();
    await shop.cartCountIs(1);
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.getByLabel('Full name').waitFor();
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

  it('a plain static host: the wasm and the checkout\'s part come as their gzip copies, and the buyer reaches the checkout', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/`;
    const { dir, site } = published(base);
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    stops.push(await pythonHost(site, port));
    const seen = await buyOn(browser, base);
    assert.deepEqual(seen.main, ['gz']);
    assert.deepEqual(seen.buying, ['gz']);
    assert.ok(seen.other.length > 0 && seen.other.every((r) => r === 'gz'), `the parts' chunks: ${seen.other}`);
    // What crossed the network for the part is its copy, far less than the plain file.
    const copy = Object.keys(seen.bytes).find((f) => f.startsWith('split_buying-'));
    assert.equal(seen.bytes[copy], sizeOf(site, /^split_buying-[0-9a-f]+\.wasm\.gz$/));
    assert.ok(seen.bytes[copy] < sizeOf(site, /^split_buying-[0-9a-f]+\.wasm$/) / 2, JSON.stringify(seen.bytes));
  });

  it('a plain static host with the offline shell: the main wasm crosses the network once (the worker keeps the page\'s gzip copy), the parts it keeps as their copies', async () => {
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
      // The parts the worker keeps (the checkout's, its chunks) came as their copies too.
      const parts = log.filter((line) => /"GET [^ ]*\/(split|chunk)_[a-z0-9_]+-[0-9a-f]+\.wasm(\.gz)? /.test(line));
      assert.ok(parts.some((line) => /split_buying-[0-9a-f]+\.wasm\.gz /.test(line)), parts.join('\n'));
      assert.deepEqual(parts.filter((line) => !/\.wasm\.gz /.test(line)), []);
      // A part it did not keep at install (the receipt check's), asked for through the
      // worker, comes as its copy too, and is the module.
      const trust = readdirSync(site).find((f) => /^split_trust-[0-9a-f]+\.wasm$/.test(f));
      await until(async (note) => (await page.evaluate(() => navigator.serviceWorker.controller !== null)) || note('not controlled yet'), { what: 'the worker controls the page' });
      assert.equal(await page.evaluate(async (url) => WebAssembly.validate(await (await fetch(url)).arrayBuffer()), `${base}${trust}`), true);
      assert.deepEqual(log.filter((line) => line.includes(`/${trust}`)).map((line) => /"GET (\S+)/.exec(line)[1]), [`/${trust}.gz`]);
      // Offline, the app starts from what the worker kept, and the checkout from the
      // part it kept inflated.
      await context.setOffline(true);
      await page.reload();
      const shop = new Shop(page, base.replace(/\/$/, ''));
      await shop.addToCart();
      await shop.cartCountIs(1);
      await page.getByRole('link', { name: /View cart/ }).click();
      await page.getByRole('link', { name: 'Checkout' }).click();
      await page.getByLabel('Full name').waitFor();
      assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)), []);
    } finally {
      await context.close();
    }
  });

  it('serve --site compresses the page, so the plain wasm and parts are asked for (and sent compressed)', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/`;
    const { dir, site } = published(base);
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    const child = await serving(BIN, ['serve', '--site', site, '--addr', `127.0.0.1:${port}`, '--db', join(dir, 'orders.sqlite')], base);
    stops.push(() => child.kill());
    const seen = await buyOn(browser, base);
    assert.deepEqual(seen.main, ['plain']);
    assert.deepEqual(seen.buying, ['plain']);
    assert.ok(seen.other.every((r) => r === 'plain'), `the parts' chunks: ${seen.other}`);
  });

  it('a static host without the compressed copies (left out of the upload): the copies 404, the plain files start the app and the checkout', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/`;
    const { dir, site } = published(base);
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const f of readdirSync(site)) if (/\.(gz|br)$/.test(f)) rmSync(join(site, f));
    stops.push(await pythonHost(site, port));
    const seen = await buyOn(browser, base);
    assert.deepEqual(seen.main, ['gz', 'plain']);
    assert.deepEqual(seen.buying, ['gz', 'plain']);
  });

  it('a host that answers a missing file with its first page (no copies uploaded): the plain files start the app and the checkout', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/`;
    const { dir, site } = published(base);
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const f of readdirSync(site)) if (/\.(gz|br)$/.test(f)) rmSync(join(site, f));
    stops.push(await encodingHost(site, port, { fallback: true }));
    const seen = await buyOn(browser, base);
    assert.deepEqual(seen.main, ['gz', 'plain']);
    assert.deepEqual(seen.buying, ['gz', 'plain']);
  });

  it('a host that sends the copy with Content-Encoding: gzip (the browser inflates it): the app starts, the checkout shows', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/`;
    const { dir, site } = published(base);
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    stops.push(await encodingHost(site, port));
    const seen = await buyOn(browser, base);
    assert.deepEqual(seen.main, ['gz']);
    assert.deepEqual(seen.buying, ['gz']);
  });

  it('damaged copies (a broken upload): the plain wasm starts the app, the plain part shows the checkout', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/`;
    const { dir, site } = published(base);
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const damaged of [/^microshop-storefront-[0-9a-f]+_bg\.wasm\.gz$/, /^split_buying-[0-9a-f]+\.wasm\.gz$/]) {
      execFileSync('truncate', ['-s', '20000', join(site, readdirSync(site).find((f) => damaged.test(f)))]);
    }
    stops.push(await pythonHost(site, port));
    const seen = await buyOn(browser, base);
    assert.deepEqual(seen.main, ['gz', 'plain']);
    assert.deepEqual(seen.buying, ['gz', 'plain']);
  });
});
