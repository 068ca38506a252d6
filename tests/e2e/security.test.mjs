// The shop under its own Content-Security-Policy in Chromium: the buyer's whole
// journey runs with no violation (listened for in the page and reported to serve),
// on `serve --dist`, on a published folder served by `serve --site` (header and meta),
// and on a plain static host (the pages' <meta> policy alone); an injected inline
// script is refused and reported, and an SVG with a script, opened directly on the
// shop's origin, runs nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DIST, ROOT, launchBrowser, phoneContext, sharedShop, watchErrors } from './harness.mjs';
import { orders } from './db.mjs';
import { Shop } from './shop.mjs';

/** Records every CSP violation the page sees, from its first script on. */
async function watchViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}

const HOSTILE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
<script>document.documentElement.setAttribute('data-ran', 'yes')</script>
<rect width="10" height="10" fill="red"/></svg>`;

describe('content security policy', () => {
  const suite = sharedShop({ editable: true });

  it('the journey runs under the policy with no violation; an injected script is refused and reported', async () => {
    const context = await phoneContext(suite.browser);
    const page = await context.newPage();
    await watchViolations(page);
    const errors = watchErrors(page);
    const shop = new Shop(page, suite.server.url);
    const response = await page.goto(`${suite.server.url}/`);
    const policy = response.headers()['content-security-policy'];
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    assert.doesNotMatch(policy.split(';').find((d) => d.includes('script-src')), /unsafe-inline/);
    await shop.checkoutWith('jasmine-pearls');
    await shop.placeOrder();
    const id = await shop.expectConfirmation();
    assert.ok(orders(suite.server.db).some((o) => o.order_id === id), 'the order is stored');
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors, []);
    assert.ok(!suite.server.logs.join('').includes('CSP violation reported'), suite.server.logs.join(''));

    // The control: an inline script the policy does not name is refused, seen by the
    // listener above and reported to serve, so "no violation" above means something.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.head.append(s);
    });
    await page.waitForFunction(() => window.__violations.length > 0);
    assert.equal(await page.evaluate(() => window.__injected), undefined);
    await waitForLog(suite.server, /CSP violation reported by a browser \(#1\): script-src/);
    await context.close();
  });

  it('an SVG with a script, opened directly on the shop\'s origin, runs nothing', async () => {
    const dir = suite.server.dir;
    mkdirSync(join(dir, 'images'), { recursive: true });
    writeFileSync(join(dir, 'images', 'evil.svg'), HOSTILE_SVG);
    const manifest = JSON.parse(readFileSync(suite.server.manifest, 'utf8'));
    manifest.seller.avatar = 'images/evil.svg';
    writeFileSync(suite.server.manifest, JSON.stringify(manifest));
    const context = await phoneContext(suite.browser);
    const page = await context.newPage();
    const response = await page.goto(`${suite.server.url}/images/evil.svg`);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /image\/svg\+xml/);
    assert.match(response.headers()['content-security-policy'], /sandbox/);
    await page.locator('rect').waitFor({ state: 'attached' });
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-ran')), null);

    // The control: the same file without the shop's headers does run its script.
    await page.route('**/control.svg', (route) => route.fulfill({ contentType: 'image/svg+xml', body: HOSTILE_SVG }));
    await page.goto(`${suite.server.url}/control.svg`);
    await page.waitForFunction(() => document.documentElement.getAttribute('data-ran') === 'yes');
    await context.close();
  });
});

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

/** Polls `url` until something answers (a server starting). */
async function answering(url) {
  for (let i = 0; i < 300; i++) {
    try { await fetch(url); return; } catch { await new Promise((ok) => setTimeout(ok, 100)); }
  }
  throw new Error(`nothing answers at ${url}`);
}

describe('content security policy of a published shop', () => {
  let browser, dir;
  before(async () => {
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), 'microshop-csp-'));
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Publishes the demo for the origin http://127.0.0.1:port/; returns the folder. */
  function publish(port, name) {
    const site = join(dir, name);
    execFileSync(BIN, ['publish', join(ROOT, 'public', 'shop.json'), site, '--base-url', `http://127.0.0.1:${port}/`, '--dist', DIST], { stdio: 'pipe' });
    return site;
  }

  it('serve --site: the prerendered pages and the app run under the header and meta policy, an order goes through, nothing is reported', async () => {
    const port = await freePort();
    const site = publish(port, 'served');
    const db = join(dir, 'orders.sqlite');
    const logs = [];
    const child = spawn(BIN, ['serve', '--site', site, '--addr', `127.0.0.1:${port}`, '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d) => logs.push(String(d)));
    try {
      await answering(`http://127.0.0.1:${port}/healthz`);
      const context = await phoneContext(browser);
      const page = await context.newPage();
      await watchViolations(page);
      const errors = watchErrors(page);
      const response = await page.goto(`http://127.0.0.1:${port}/p/glass-fair-cup/`);
      assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
      assert.equal(await page.locator('meta[http-equiv="Content-Security-Policy"]').count(), 1);
      const shop = new Shop(page, `http://127.0.0.1:${port}`);
      await shop.checkoutWith('glass-fair-cup');
      await shop.placeOrder();
      const id = await shop.expectConfirmation();
      assert.ok(orders(db).some((o) => o.order_id === id), 'the order is stored');
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
      assert.deepEqual(errors, []);
      assert.ok(!logs.join('').includes('CSP violation reported'), logs.join(''));
      await context.close();
    } finally {
      child.kill();
    }
  });

  it('a plain static host: the pages\' meta policy alone lets the app and its parts load', async () => {
    const port = await freePort();
    const site = publish(port, 'static');
    const host = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', site], { stdio: 'ignore' });
    try {
      await answering(`http://127.0.0.1:${port}/`);
      const context = await phoneContext(browser);
      const page = await context.newPage();
      await watchViolations(page);
      const errors = watchErrors(page);
      const response = await page.goto(`http://127.0.0.1:${port}/p/glass-fair-cup/`);
      assert.equal(response.headers()['content-security-policy'], undefined, 'python sends no policy');
      assert.match(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'), /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
      // The app takes over the prerendered page, and the cart and checkout (the
      // `buying` part, fetched on demand) load under the same policy.
      await page.getByRole('button', { name: /Add to cart|加入购物车/ }).and(page.locator(':enabled')).waitFor();
      assert.equal(await page.locator('#boot').count(), 0);
      await page.getByRole('button', { name: /Add to cart|加入购物车/ }).click();
      await page.getByRole('link', { name: /View cart|查看购物车/ }).click();
      await page.getByRole('link', { name: /Checkout|结账/ }).click();
      await page.getByLabel(/Full name|姓名/).waitFor();
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
      assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
      await context.close();
    } finally {
      host.kill();
    }
  });
});

/** Waits for a line of serve's stderr matching `pattern` (it arrives after the browser's report). */
async function waitForLog(server, pattern) {
  for (let i = 0; i < 300; i++) {
    if (pattern.test(server.logs.join(''))) return;
    await new Promise((ok) => setTimeout(ok, 100)); // polling serve's log, not a wait for the app
  }
  assert.fail(`no log line matching ${pattern}: ${server.logs.join('')}`);
}
