// The demo as scripts/demo.sh and the README serve it, `microshop serve --site`
// (REVIEW10 6): after the last unit is ordered, a fresh load of the product's page
// says sold out, instead of offering it and refusing the buyer at checkout with
// "The shop changed since the cart was filled".
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DIST, ROOT, launchBrowser, phoneContext } from './harness.mjs';
import { Shop } from './shop.mjs';
import { shopShown, until } from './wait.mjs';

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

describe('stock under serve --site', () => {
  let browser, dir, child, url;
  before(async () => {
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), 'microshop-site-stock-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const site = join(dir, 'site');
    execFileSync(BIN, ['publish', join(ROOT, 'public', 'shop.json'), site, '--base-url', `${url}/`, '--dist', DIST], { stdio: 'pipe' });
    child = spawn(BIN, ['serve', '--site', site, '--addr', `127.0.0.1:${port}`, '--db', join(dir, 'orders.sqlite')], { stdio: 'ignore' });
    await until(async (note) => {
      if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}`);
      try { await fetch(`${url}/`); return true; } catch (e) { return note(e.cause?.code ?? e.message), false; }
    }, { what: `serve --site answering at ${url}` });
  });
  after(async () => {
    await browser?.close();
    child?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the last teapot ordered, the product page says sold out on the next visit', async () => {
    // The demo counts 2 of the Yixing teapot (YX-XS-180): two buyers take one each.
    for (const name of ['Li Wei', 'Wang Fang']) {
      const shop = new Shop(await (await phoneContext(browser)).newPage(), url);
      await shop.checkoutWith('yixing-teapot', { name });
      await shop.placeOrder();
      await shop.expectConfirmation();
    }
    const page = await (await phoneContext(browser)).newPage();
    await page.goto(`${url}/p/yixing-teapot/`);
    await shopShown(page);
    // The app's page (the prerendered one says the published count until it takes over).
    await page.waitForFunction(() => document.querySelector('main .product__stock')?.textContent.trim() === 'Sold out');
    const add = page.locator('main .buy__add');
    assert.equal(await add.isDisabled(), true);
    assert.equal((await add.innerText()).trim(), 'Not available');
  });
});
