// "Receipts signed by <domain>" in the seller header's trust strip (issue 18 item 4,
// docs/trust.md "Seller identity"): when the browser is idle the feed's `trust` part
// fetches the shop's key list and the order endpoint's own, and says the line only when
// the list is at the root of the page's own origin (here 127.0.0.1, this machine) and
// its current key is the one the endpoint signs with. Real `microshop serve`s with real
// keys; a second serve as an order endpoint on another origin, signing with the same
// key (said) and with another key (not said: never anything false). A shop that signs
// nothing says nothing, and a shop that names neither a key list nor serve's API fetches
// nothing when the strip opens.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { violations } from './axe.mjs';
import { BIN, launchBrowser, phoneContext, startServer, watchErrors } from './harness.mjs';
import { shopShown, textIs } from './wait.mjs';

/** The feed of `url`, with the trust strip opened and its line's check settled. */
async function openedStrip(browser, url, { lang = 'en' } = {}) {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${url}/?lang=${lang}`);
  await shopShown(page);
  await page.locator('summary.trust__summary').click();
  await page.locator('details.trust[open]').waitFor();
  return { context, page, errors, line: page.getByTestId('receipts-domain') };
}

/** Waits until the line's check has an answer; returns it. */
async function settled(line) {
  await line.and(line.page().locator(':not([data-state=checking])')).waitFor({ state: 'attached' });
  return line.getAttribute('data-state');
}

describe('the trust strip: receipts signed by the shop\'s domain', () => {
  let browser;
  let dir;
  const servers = [];
  const serve = async (options) => {
    const server = await startServer(options);
    servers.push(server);
    return server;
  };
  /** A shop whose key list is at its own root (key.json's) and whose orders go to a
   * serve on another origin that signs with `key`. */
  const shopWithEndpointSigningBy = async (key) => {
    const endpoint = await serve({ args: ['--receipt-key', join(dir, key)] });
    return serve({
      editable: true,
      edit: (doc) => {
        doc.order.endpoint = `${endpoint.url}/api/orders`;
        doc.receipts = { keys: '/.well-known/microshop-receipt-key.json' };
      },
      args: ['--receipt-key', join(dir, 'key.json')],
    });
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'microshop-trust-strip-'));
    execFileSync(BIN, ['receipt-key', 'new', join(dir, 'key.json')]);
    execFileSync(BIN, ['receipt-key', 'new', join(dir, 'other.json')]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    for (const server of servers) await server.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says the domain when the key at its root is the key the shop signs with, in the buyer\'s language', async () => {
    const server = await serve({
      editable: true,
      edit: (doc) => { doc.trust = { api: '/api/' }; },
      args: ['--receipt-key', join(dir, 'key.json')],
    });
    const host = new URL(server.url).host;
    const { context, page, errors, line } = await openedStrip(browser, server.url);
    assert.equal(await settled(line), 'domain');
    await textIs(line, `Receipts signed by ${host}`);
    assert.ok(await line.isVisible(), 'the line shows in the opened strip');
    assert.deepEqual(await violations(page), [], 'axe on the feed with the opened strip and its line');
    // Closed and opened again: one line, not a second.
    await page.locator('summary.trust__summary').click();
    await page.locator('summary.trust__summary').click();
    await page.locator('details.trust[open]').waitFor();
    assert.equal(await page.getByTestId('receipts-domain').count(), 1);
    assert.deepEqual(errors, []);
    await context.close();

    const zh = await openedStrip(browser, server.url, { lang: 'zh-CN' });
    assert.equal(await settled(zh.line), 'domain');
    await textIs(zh.line, `收据由 ${host} 签名`);
    await zh.context.close();
  });

  it('says it for an order endpoint on another origin that signs with the key the domain lists', async () => {
    const shop = await shopWithEndpointSigningBy('key.json');
    const { context, line, errors } = await openedStrip(browser, shop.url);
    assert.equal(await settled(line), 'domain', 'the endpoint\'s list read across origins, allowed by the CSP');
    await textIs(line, `Receipts signed by ${new URL(shop.url).host}`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('says nothing when the endpoint signs with a key the domain does not list', async () => {
    const shop = await shopWithEndpointSigningBy('other.json');
    const { context, line } = await openedStrip(browser, shop.url);
    assert.equal(await settled(line), 'none');
    assert.equal(await line.isVisible(), false);
    assert.equal((await line.textContent()).trim(), '');
    await context.close();
  });

  it('says nothing for a shop that signs no receipts, or whose key list is not at its domain\'s root', async () => {
    const unsigned = await serve({ editable: true, edit: (doc) => { doc.trust = { api: '/api/' }; } });
    const a = await openedStrip(browser, unsigned.url);
    assert.equal(await settled(a.line), 'none');
    assert.equal(await a.line.isVisible(), false);
    await a.context.close();

    const elsewhere = await serve({
      editable: true,
      edit: (doc) => { doc.receipts = { keys: '/keys/microshop-receipt-key.json' }; },
      args: ['--receipt-key', join(dir, 'key.json')],
    });
    const b = await openedStrip(browser, elsewhere.url);
    assert.equal(await settled(b.line), 'none', 'a list under a path says nothing about the domain');
    await b.context.close();
  });

  it('fetches nothing when a shop names neither a key list nor serve\'s API', async () => {
    const plain = await serve({ args: ['--receipt-key', join(dir, 'key.json')] });
    const { context, page } = await openedStrip(browser, plain.url);
    // The feed is shown and the strip open: a shop that names neither has no panel.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done())));
    const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.deepEqual(fetched.filter((u) => /trust-[^/]*\.wasm|microshop-receipt-key/.test(u)), []);
    assert.equal(await page.getByTestId('receipts-domain').count(), 0);
    await context.close();
  });
});
