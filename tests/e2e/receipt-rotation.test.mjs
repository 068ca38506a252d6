// Rotating the receipt key of a shop published to a static host (docs/trust.md,
// "Rotation"; REVIEW9 2): the order page checks a receipt against the site's copy of
// the key list, which changes only when the site is published again. In two steps
// (`receipt-key rotate`, publish, `rotate --activate`) no key signs before that copy
// names it, so a buyer's genuine receipt reads "Receipt signed by …" (genuine) before,
// between and after the steps. Before the two steps, `rotate` made the new key sign at
// once and the next order page said "Not signed by this shop" (unknown-key).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DIST, ROOT, freePort, launchBrowser, phoneContext, serving, startServer, watchErrors } from './harness.mjs';
import { Shop } from './shop.mjs';
import { textIs } from './wait.mjs';

describe('a receipt key rotated in two steps on a static host', () => {
  let dir;
  let server;
  let host;
  let browser;
  let site;
  let key;
  let staticUrl;

  /** Publishes the shop (order endpoint on serve) into `site`, with the key list. */
  function publish() {
    execFileSync(BIN, ['publish', join(dir, 'shop', 'shop.json'), site, '--base-url', `${staticUrl}/`, '--dist', DIST, '--receipt-key', key, '--progress', 'never'], { stdio: 'pipe' });
  }

  /** The site's key list now, as `key_id status` strings. */
  function siteKeys() {
    const list = JSON.parse(readFileSync(join(site, '.well-known', 'microshop-receipt-key.json'), 'utf8'));
    return list.keys.map((k) => `${k.key_id} ${k.status}`);
  }

  /** Buys on the static site in a fresh context (nothing cached) and reads the receipt's seal. */
  async function buyAndReadSeal(name) {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const shop = new Shop(page, staticUrl);
    await shop.checkoutWith('jasmine-pearls', { name, phone: '+86 139 0000 2222', address: '9 Rotation Road' });
    await shop.placeOrder();
    await shop.expectConfirmation();
    const seal = page.getByTestId('receipt-seal');
    await textIs(seal, /^(Receipt signed by Lantern Tea House|Not signed by this shop.*|Altered.*)$/);
    const verdict = await seal.getAttribute('data-verdict');
    const text = await seal.innerText();
    assert.deepEqual(errors, []);
    await context.close();
    return { verdict, text };
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'microshop-rotation-'));
    key = join(dir, 'key.json');
    execFileSync(BIN, ['receipt-key', 'new', key]);
    const port = await freePort();
    staticUrl = `http://127.0.0.1:${port}`;
    server = await startServer({ args: ['--receipt-key', key, '--allow-origin', staticUrl] });
    // The demo shop, its orders sent to serve (another origin), published for the static host.
    cpSync(join(ROOT, 'public', 'images'), join(dir, 'shop', 'images'), { recursive: true });
    copyFileSync(join(ROOT, 'public', 'shop.json'), join(dir, 'shop', 'shop.json'));
    const doc = JSON.parse(readFileSync(join(dir, 'shop', 'shop.json'), 'utf8'));
    doc.order.endpoint = `${server.url}/api/orders`;
    writeFileSync(join(dir, 'shop', 'shop.json'), JSON.stringify(doc));
    site = join(dir, 'site');
    publish();
    const child = await serving('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', site], `${staticUrl}/`);
    host = () => child.kill();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    host?.();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the order page says genuine before, between and after the steps', async () => {
    const first = JSON.parse(execFileSync(BIN, ['receipt-key', 'public', key], { encoding: 'utf8' })).keys[0].key_id;
    assert.deepEqual(await buyAndReadSeal('Before Rotation'), { verdict: 'genuine', text: 'Receipt signed by Lantern Tea House' });

    // Step 1: the next key, published by serve at once; the site still lists the first only.
    execFileSync(BIN, ['receipt-key', 'rotate', key], { stdio: 'pipe' });
    assert.deepEqual(siteKeys(), [`${first} current`]);
    assert.deepEqual(await buyAndReadSeal('After Step One'), { verdict: 'genuine', text: 'Receipt signed by Lantern Tea House' });
    const next = JSON.parse(execFileSync(BIN, ['receipt-key', 'public', key], { encoding: 'utf8' })).keys.find((k) => k.status === 'next')?.key_id;
    assert.ok(next, 'the key list names the next key');

    // The seller publishes the site again: it lists both.
    publish();
    assert.deepEqual(siteKeys(), [`${first} current`, `${next} next`]);
    assert.deepEqual(await buyAndReadSeal('Published Again'), { verdict: 'genuine', text: 'Receipt signed by Lantern Tea House' });

    // Step 2: the next key signs; the site's list (published between the steps) names it.
    execFileSync(BIN, ['receipt-key', 'rotate', '--activate', key], { stdio: 'pipe' });
    assert.deepEqual(await buyAndReadSeal('After Activation'), { verdict: 'genuine', text: 'Receipt signed by Lantern Tea House' });
    const signing = await (await fetch(`${server.url}/.well-known/microshop-receipt-key.json`)).json();
    assert.deepEqual(signing.keys.map((k) => `${k.key_id} ${k.status}`), [`${next} current`, `${first} retired`]);
  });
});
