// A shop.json saved in another encoding than UTF-8 (Latin-1 here, as a Western
// Windows editor saves it) never shows buyers garbled text: `microshop serve` hands
// the bytes over as they are, and the storefront tells the seller what to fix.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, perTestShops, phoneContext, startServer, watchErrors } from './harness.mjs';

describe('a shop.json that is not UTF-8', () => {
  const suite = perTestShops(['--host-resolver-rules=MAP shop.test 127.0.0.1']);

  it('is a closed shop for buyers and a named encoding problem for the seller', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'microshop-latin1-'));
    const manifest = join(dir, 'shop.json');
    const [before, after] = readFileSync(join(ROOT, 'public', 'shop.json'), 'utf8').split('Lantern Tea House');
    // "Lantern Café" with é as the single byte E9 (Latin-1), not UTF-8's C3 A9.
    writeFileSync(manifest, Buffer.concat([Buffer.from(`${before}Lantern Caf`), Buffer.from([0xe9]), Buffer.from(after)]));
    suite.server = await startServer({ manifest });
    const port = new URL(suite.server.url).port;
    const buyer = await (await phoneContext(suite.browser)).newPage();
    const errors = watchErrors(buyer);
    await buyer.goto(`http://shop.test:${port}/`);
    await buyer.getByRole('heading', { name: 'This shop is closed for a moment' }).waitFor();
    assert.doesNotMatch(await buyer.locator('main').innerText(), /Caf|\uFFFD/);
    assert.deepEqual(errors, []);
    const seller = await (await phoneContext(suite.browser)).newPage();
    await seller.goto(suite.server.url);
    await seller.getByRole('heading', { name: "This shop's file has problems" }).waitFor();
    const said = await seller.locator('.problems').innerText();
    assert.match(said, /not UTF-8 text: line 7, character \d+\. Save it as UTF-8/);
  });
});
