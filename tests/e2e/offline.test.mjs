// The offline shell (publish's sw.js and manifest.webmanifest, docs/publishing.md
// "Offline"): a published shop visited once opens without a network with its feed and
// cart, an order placed offline arrives exactly once when the network is back, a new
// build takes over at the next visit with no mixed files, a seller's new prices show
// at once, and the shop is installable. Against `microshop serve --site`, as
// scripts/demo.sh runs the demo.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BIN, DIST, NOTE_REGISTRATIONS, ROOT, launchBrowser, phoneContext, watchErrors } from './harness.mjs';
import { SECRET, signIn } from './desk.mjs';
import { orders } from './db.mjs';
import { Shop } from './shop.mjs';
import { shopShown, stylesApplied, until } from './wait.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/**
 * Until the page is controlled by an activated worker of the site. (Not
 * `page.waitForFunction`: it takes the promise an async function returns as a truthy
 * value and does not wait.)
 */
async function workerInCharge(page) {
  await until(async (note) => {
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return `${registration?.active?.state} ${navigator.serviceWorker.controller !== null}`;
    });
    return state === 'activated true' || note(state);
  }, { what: 'an activated worker in charge of the page' });
}

/** The build id the published worker carries. */
const buildOf = (site) => /const BUILD = "([0-9a-f]{16})"/.exec(readFileSync(join(site, 'sw.js'), 'utf8'))?.[1];

describe('the offline shell', () => {
  let dir, port, base, site, db, child, browser, manifest;
  const publish = (dist = DIST) => execFileSync(BIN, ['publish', manifest, site, '--base-url', base, '--dist', dist], { stdio: 'pipe' });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'microshop-offline-'));
    port = await freePort();
    base = `http://127.0.0.1:${port}/`;
    site = join(dir, 'site');
    db = join(dir, 'orders.sqlite');
    // The demo shop beside its pictures, so a price can be changed and published again.
    cpSync(join(ROOT, 'public'), join(dir, 'shop'), { recursive: true });
    manifest = join(dir, 'shop', 'shop.json');
    publish();
    // The seller's desk on, as a seller serving their own shop at `/` has it.
    child = spawn(BIN, ['serve', '--site', site, '--addr', `127.0.0.1:${port}`, '--db', db], {
      stdio: 'ignore',
      env: { ...process.env, MICROSHOP_SELLER_SECRET: SECRET },
    });
    await until(async (note) => {
      if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}`);
      try { return (await fetch(base)).ok; } catch (e) { return note(e.cause?.code ?? e.message), false; }
    }, { what: `serve --site answering at ${base}` });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('visited once, the shop opens offline with its cart, and an order placed offline arrives once back online', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const shop = new Shop(page, base.replace(/\/$/, ''));
    await shop.openProduct('glass-fair-cup');
    await shop.addToCart();
    await workerInCharge(page);

    await context.setOffline(true);
    // The feed from the last catalog.
    await page.goto(base);
    await shopShown(page);
    assert.ok(await page.locator('.grid .card').count() >= 6, 'the feed shows the cards');
    // A page this browser never opened: the shell's first page, which the app turns
    // into the product asked for; its cart bar shows the cart as it was.
    await page.goto(`${base}p/jasmine-pearls/`);
    await page.locator('.product__title').filter({ hasText: 'Jasmine' }).waitFor();
    await shop.cartCountIs(1);

    // Checkout offline: the order waits in the outbox.
    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('link', { name: 'Checkout' }).click();
    await shop.fillCheckout();
    await shop.placeOrder();
    await page.waitForURL(/\/order\/\?id=ord_/);
    await page.getByTestId('order-detail').filter({ hasText: /Waiting for the network/ }).waitFor();
    assert.equal(orders(db).length, 0);

    await context.setOffline(false);
    await page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor({ timeout: 30_000 });
    const id = new URL(page.url()).searchParams.get('id');
    const stored = orders(db);
    assert.equal(stored.length, 1, 'exactly one order arrived');
    assert.equal(stored[0].order_id, id);
    assert.deepEqual(stored[0].lines.map((l) => l.sku), ['GL-FC-250']);
    // Offline requests fail by design; anything else is a fault.
    assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)), []);
    await context.close();
  });

  it("leaves the seller's desk to the server: its pages and files are never answered or kept by the shop's worker", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(base);
    await shopShown(page);
    await workerInCharge(page);

    // The sign-in page, the desk after signing in (the seller app's own files): the
    // server's answers, not the worker's.
    const fromWorker = [];
    page.on('response', (r) => { if (new URL(r.url()).pathname.startsWith('/_seller') && r.fromServiceWorker()) fromWorker.push(r.url()); });
    await signIn(page, base.replace(/\/$/, ''));
    assert.deepEqual(fromWorker, [], 'answered by the worker');
    const kept = await page.evaluate(async () => {
      const urls = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return urls;
    });
    assert.ok(kept.length > 0, 'the worker keeps the shop');
    assert.deepEqual(kept.filter((u) => new URL(u).pathname.startsWith('/_seller')), [], 'the desk in Cache Storage');

    // Offline, the desk is the browser's own "no network", never the shop's page.
    await context.setOffline(true);
    const answer = await page.goto(`${base}_seller/signin`).then((r) => `${r?.status()} ${r?.fromServiceWorker()}`, (e) => e.message);
    assert.match(answer, /ERR_INTERNET_DISCONNECTED/);
    assert.equal(await page.locator('meta[name=microshop-manifest]').count(), 0, 'the storefront shown for the desk');
    await context.close();
  });

  it('a host answering 503 after one good visit: the shop opens from the kept copy', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(base);
    await shopShown(page);
    await workerInCharge(page);

    // Every request that reaches the network (the worker's own fetches too) gets a
    // host's 503, as during an outage behind a CDN or a proxy.
    const failed = [];
    await context.route('**/*', (route) => {
      failed.push(new URL(route.request().url()).pathname);
      return route.fulfill({ status: 503, contentType: 'text/html', body: '<!doctype html><title>503</title>Service Unavailable' });
    });
    const answer = await page.reload();
    assert.ok(failed.includes('/'), `the host was asked for the page: ${failed}`);
    assert.equal(answer?.status(), 200, 'the kept page');
    await shopShown(page);
    await until(async (note) => {
      const cards = await page.locator('.grid .card').count();
      return cards >= 6 || note(cards);
    }, { what: "the feed's cards, from the kept shop.json" });
    assert.equal(await page.evaluate(async () => (await fetch('shop.json')).status), 200, 'shop.json from the kept copy');
    // A 4xx is the host's answer, not a failure: passed through.
    await context.unroute('**/*');
    await context.route('**/shop.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
    assert.equal(await page.evaluate(async () => (await fetch('shop.json')).status), 404);
    await context.close();
  });

  it("the worker is registered only once the app has taken over, so its install never shares the first visit's network with the app's own files", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.addInitScript(NOTE_REGISTRATIONS);
    await page.goto(`${base}p/jasmine-pearls/`);
    await shopShown(page);
    await workerInCharge(page);
    const registrations = await page.evaluate(() => window.__registrations);
    assert.ok(registrations.length >= 1, 'the page registered the worker');
    assert.deepEqual(registrations, registrations.map(() => true), `registered before the app had started: ${JSON.stringify(registrations)}`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("a seller's new price shows at the next visit, not a cached one", async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const shop = new Shop(page, base.replace(/\/$/, ''));
    await shop.openProduct('west-lake-longjing');
    await workerInCharge(page);
    const before = await page.locator('.product__price').first().innerText();

    const text = readFileSync(manifest, 'utf8');
    const shopJson = JSON.parse(text);
    shopJson.catalog.products.find((p) => p.id === 'west-lake-longjing').price = '131.11';
    writeFileSync(manifest, JSON.stringify(shopJson, null, 2));
    try {
      publish();
      await page.reload();
      await shopShown(page);
      await until(async (note) => {
        const now = await page.locator('.product__price').first().innerText();
        return (now !== before && now.includes('131.11')) || note(now);
      }, { what: 'the product page to show the new price after one reload' });
    } finally {
      writeFileSync(manifest, text);
      publish();
    }
    await context.close();
  });

  it('a new build installs beside the old one and takes over at the next visit, never mixing files', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(base);
    await shopShown(page);
    await workerInCharge(page);
    const oldBuild = buildOf(site);

    // A second build: the app's stylesheet changed, so its hashed name and the
    // page's integrity attribute change, as Trunk writes them.
    const dist2 = join(dir, 'dist2');
    cpSync(DIST, dist2, { recursive: true });
    const oldCss = readdirSync(dist2).find((f) => /^app-[0-9a-f]{10,16}\.css$/.test(f));
    const css = `${readFileSync(join(dist2, oldCss), 'utf8')}\n/* build 2 */\n`;
    const newCss = 'app-00000000000b0002.css';
    writeFileSync(join(dist2, newCss), css);
    for (const f of [oldCss, `${oldCss}.br`, `${oldCss}.gz`]) rmSync(join(dist2, f), { force: true });
    const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
    const index = readFileSync(join(dist2, 'index.html'), 'utf8')
      .replace(new RegExp(`/${oldCss.replace('.', '\\.')}" integrity="[^"]+"`), `/${newCss}" integrity="${integrity}"`);
    assert.ok(index.includes(newCss), 'the second build names its stylesheet');
    writeFileSync(join(dist2, 'index.html'), index);
    for (const f of ['index.html.br', 'index.html.gz']) rmSync(join(dist2, f), { force: true });
    try {
      publish(dist2);
      const newBuild = buildOf(site);
      assert.notEqual(newBuild, oldBuild, 'a new build is a new worker');

      // This visit: the new page and its own files (the old worker only keeps what
      // the old pages named), and the new worker waits.
      await page.reload();
      await shopShown(page);
      await stylesApplied(page);
      const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => s.href).filter(Boolean));
      assert.ok(sheets.some((h) => h.endsWith(newCss)), `the page uses the new stylesheet: ${sheets}`);
      assert.ok(!sheets.some((h) => h.endsWith(oldCss)), 'and not the old one');
      await until(
        () => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting)),
        { what: 'the new build\'s worker installed and waiting' },
      );

      // The next visit (every tab of the shop closed): the new worker takes charge
      // and deletes the old build's files; a page opened after that is the new build's.
      await page.close();
      await until(async (note) => {
        for (const worker of context.serviceWorkers()) {
          const names = await worker.evaluate(async () => [`${BUILD}:${self.serviceWorker?.state}`, ...await caches.keys()]).catch((e) => [e.message]);
          if (names.includes(`microshop-${newBuild}`) && !names.includes(`microshop-${oldBuild}`)) return true;
          note(names.join(', '));
        }
        return false;
      }, { what: `the new build's worker (${newBuild}) in charge and the old build's (${oldBuild}) cache deleted` });
      const next = await context.newPage();
      await next.goto(base);
      await shopShown(next);
      await until(async (note) => {
        const names = await next.evaluate(() => caches.keys());
        return (names.includes(`microshop-${newBuild}`) && !names.includes(`microshop-${oldBuild}`)) || note(names.join(', '));
      }, { what: 'the new build\'s cache in charge and the old one deleted' });
      const sheets2 = await next.evaluate(() => [...document.styleSheets].map((s) => s.href).filter(Boolean));
      assert.ok(sheets2.some((h) => h.endsWith(newCss)) && !sheets2.some((h) => h.endsWith(oldCss)), `${sheets2}`);
    } finally {
      publish();
    }
    await context.close();
  });

  it('is installable: a web app manifest with 192 and 512 px icons, and a worker', async () => {
    const webManifest = await (await fetch(`${base}manifest.webmanifest`)).json();
    assert.equal(webManifest.start_url, '/');
    assert.equal(webManifest.display, 'standalone');
    const sizes = [];
    for (const icon of webManifest.icons) {
      const png = Buffer.from(await (await fetch(new URL(icon.src, base))).arrayBuffer());
      assert.equal(png.subarray(1, 4).toString(), 'PNG', icon.src);
      const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      assert.equal(icon.sizes, `${w}x${h}`, `${icon.src} is as large as the manifest says`);
      sizes.push(icon.sizes);
    }
    assert.deepEqual(sizes, ['192x192', '512x512']);
    // Chromium answers "in incognito" for a throwaway context: a profile on disk.
    const profile = mkdtempSync(join(tmpdir(), 'microshop-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 390, height: 844 },
    });
    try {
      const page = await context.newPage();
      await page.goto(base);
      await shopShown(page);
      await workerInCharge(page);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(installabilityErrors, []);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
