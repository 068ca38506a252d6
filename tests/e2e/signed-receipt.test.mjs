// Signed receipts in the buyer's browser (docs/trust.md, issue 18 items 2 and 5): a real
// `microshop serve --receipt-key` signs the order, the order page says "signed by" only
// once the shop's published key verifies it, the buyer saves the file, and the receipt
// check page (`/receipt/`, WebCrypto's Ed25519) says what was promised, or refuses a copy
// with one digit changed, one signed by another key, one naming a key the shop does not
// publish, and a file that is not a receipt. The CLI checks the saved file too, finding
// the shop's keys by itself (no --key). A shop without a key shows none of it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { violations } from './axe.mjs';
import { BIN, launchBrowser, phoneContext, startServer, watchErrors } from './harness.mjs';
import { LOCALES } from './looks.mjs';
import { Shop } from './shop.mjs';
import { oneDigitChanged } from './trust.mjs';
import { countIs, textIs } from './wait.mjs';

/** The canonical form the shop signs (docs/trust.md): sorted keys, no whitespace. */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The same receipt, signed by a key that is not the shop's (it keeps the shop's key id). */
function signedByAnotherKey(receipt) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const signature = sign(null, Buffer.from(canonical(receipt.terms)), privateKey);
  return { ...receipt, public_key: raw.toString('hex'), signature: signature.toString('hex') };
}

describe('signed receipts in the storefront', () => {
  let browser;
  let server;
  let dir;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'microshop-receipts-'));
    execFileSync(BIN, ['receipt-key', 'new', join(dir, 'key.json')]);
    // Every language the storefront ships, so the check page is read in each.
    server = await startServer({ editable: true, args: ['--receipt-key', join(dir, 'key.json')] });
    const doc = JSON.parse(readFileSync(server.manifest, 'utf8'));
    doc.locales = [...new Set([...doc.locales, ...LOCALES])];
    writeFileSync(server.manifest, JSON.stringify(doc));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A page at the check page with `receipt` (an object, or text) picked as the file. */
  async function check(page, receipt, lang = 'en') {
    await page.goto(`${server.url}/receipt/?lang=${lang}`);
    const input = page.getByTestId('receipt-file');
    await input.waitFor();
    const text = typeof receipt === 'string' ? receipt : JSON.stringify(receipt, null, 2);
    await input.setInputFiles({ name: 'receipt.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    const verdict = page.getByTestId('receipt-verdict').locator('[data-verdict]');
    await verdict.waitFor();
    return verdict;
  }

  let saved; // the receipt file the buyer saved, as text
  let savedPath;

  it('an order is signed: "signed by" the shop, saved as a file, and the check page says what was promised', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const shop = new Shop(page, server.url);
    await shop.checkoutWith('jasmine-pearls', { name: 'Mei Signed', phone: '+86 139 0000 1111', address: '3 Seal Road' });
    await shop.placeOrder();
    await shop.expectConfirmation();
    const seal = page.getByTestId('receipt-seal');
    await textIs(seal, 'Receipt signed by Lantern Tea House');
    assert.equal(await seal.getAttribute('data-verdict'), 'genuine');
    // The key list it verified against is at the root of the shop's own origin (item 4).
    const host = new URL(server.url).host;
    await textIs(page.getByTestId('receipt-domain'), `The shop's key is published by ${host}, the domain this shop is on.`);
    assert.deepEqual(await violations(page), [], 'axe on the order page with its receipt');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-receipt').click()]);
    assert.match(download.suggestedFilename(), /^receipt-[A-Z0-9-]+\.json$/);
    savedPath = join(dir, 'saved.json');
    await download.saveAs(savedPath);
    saved = readFileSync(savedPath, 'utf8');
    const receipt = JSON.parse(saved);
    assert.equal(receipt.receipt, 'microshop.receipt/1');
    assert.equal(receipt.shop, `${server.url}/`, 'the saved file names the shop (unsigned hint)');
    assert.equal(receipt.terms.seller, 'Lantern Tea House');

    // The way to the check page is on the order page.
    await page.getByRole('link', { name: 'Check a receipt' }).click();
    await page.getByRole('heading', { name: 'Check a receipt' }).waitFor();
    await page.getByTestId('receipt-file').setInputFiles(savedPath);
    const verdict = page.getByTestId('receipt-verdict').locator('[data-verdict]');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-verdict'), 'genuine');
    await textIs(verdict, /^Genuine: signed by Lantern Tea House with the shop's key ed25519-[0-9a-f]{16}\./);
    await page.getByTestId('receipt-domain').waitFor();
    const terms = page.getByTestId('receipt-terms');
    await terms.getByText(receipt.terms.order_id).waitFor();
    const lines = page.locator('.receipt__line');
    await countIs(lines, receipt.terms.lines.length);
    assert.match(await lines.first().innerText(), new RegExp(`1 × ${receipt.terms.lines[0].title}`));
    assert.match(await page.getByTestId('receipt-total').innerText(), new RegExp(receipt.terms.total.replace('.', '\\.')));
    if (receipt.terms.policies.ships_within_days) {
      await page.getByTestId('receipt-promised').getByText(/^Ships within \d+ days?$/).waitFor();
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('refuses a copy with one digit changed, one signed by another key, an unknown key, and a file that is not a receipt', async () => {
    assert.ok(saved, 'the first test saved a receipt');
    const receipt = JSON.parse(saved);
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);

    const altered = structuredClone(receipt);
    altered.terms.total = oneDigitChanged(altered.terms.total);
    let verdict = await check(page, altered);
    assert.equal(await verdict.getAttribute('data-verdict'), 'altered');
    await textIs(verdict, /^Altered: this receipt was changed after the shop signed it\./);
    await countIs(page.getByTestId('receipt-terms'), 0);
    await countIs(page.getByTestId('receipt-domain'), 0);

    verdict = await check(page, signedByAnotherKey(receipt));
    assert.equal(await verdict.getAttribute('data-verdict'), 'other-key');
    await textIs(verdict, 'Not signed by this shop: another key signed this receipt.');

    verdict = await check(page, { ...receipt, key_id: 'ed25519-0000000000000000' });
    assert.equal(await verdict.getAttribute('data-verdict'), 'unknown-key');

    for (const text of ['<html>not a receipt</html>', JSON.stringify({ ...receipt, signature: 'abc' })]) {
      verdict = await check(page, text);
      assert.equal(await verdict.getAttribute('data-verdict'), 'not-receipt');
      await textIs(verdict, 'This file is not a receipt of a microshop shop.');
    }

    // Pretty-printed (as `check` writes it) and with its keys in another order, it still holds.
    verdict = await check(page, { terms: receipt.terms, signature: receipt.signature, public_key: receipt.public_key, key_id: receipt.key_id, receipt: receipt.receipt });
    assert.equal(await verdict.getAttribute('data-verdict'), 'genuine');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('microshop receipt verify finds the shop\'s keys through the saved file (no --key) and refuses an altered copy', () => {
    assert.ok(savedPath, 'the first test saved a receipt');
    const out = execFileSync(BIN, ['receipt', 'verify', savedPath], { encoding: 'utf8' });
    // The key list it trusted comes first, its host plain, before anything the signer wrote.
    const host = new URL(server.url).host;
    assert.ok(out.startsWith(`Valid receipt for the key list published by ${host} (${server.url}/.well-known/microshop-receipt-key.json), signed by Lantern Tea House`), out);
    const receipt = JSON.parse(saved);
    receipt.terms.total = oneDigitChanged(receipt.terms.total);
    const alteredPath = join(dir, 'altered.json');
    writeFileSync(alteredPath, JSON.stringify(receipt));
    let refused;
    try {
      execFileSync(BIN, ['receipt', 'verify', alteredPath], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      refused = e;
    }
    assert.ok(refused, 'an altered copy exits non-zero');
    assert.equal(refused.status, 1);
    assert.match(String(refused.stderr), /ALTERED: .*altered\.json was altered after it was signed/);
  });

  it('the check page, with a genuine and an altered receipt, passes axe in every language', async () => {
    assert.ok(saved, 'the first test saved a receipt');
    const receipt = JSON.parse(saved);
    const altered = structuredClone(receipt);
    altered.terms.total = oneDigitChanged(altered.terms.total);
    const found = [];
    for (const lang of LOCALES) {
      const context = await phoneContext(browser, { locale: lang });
      const page = await context.newPage();
      for (const [name, file, kind] of [['genuine', receipt, 'genuine'], ['altered', altered, 'altered']]) {
        const verdict = await check(page, file, lang);
        assert.equal(await verdict.getAttribute('data-verdict'), kind, `${lang}: ${name}`);
        for (const v of await violations(page)) found.push(`${lang}, ${name}: ${v}`);
        const doc = await page.evaluate(() => document.documentElement.lang);
        if (doc !== lang) found.push(`${lang}: <html lang="${doc}">`);
      }
      // The words are the language's own, not English.
      if (lang !== 'en') {
        const heading = await page.getByRole('heading', { level: 1 }).innerText();
        if (heading === 'Check a receipt') found.push(`${lang}: the heading is in English`);
      }
      await context.close();
    }
    assert.deepEqual(found, []);
  });
});

describe('a shop whose manifest names its key list (receipts.keys)', () => {
  let browser;
  let server;
  let dir;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'microshop-receipts-named-'));
    execFileSync(BIN, ['receipt-key', 'new', join(dir, 'key.json')]);
    server = await startServer({ editable: true, args: ['--receipt-key', join(dir, 'key.json')] });
    const doc = JSON.parse(readFileSync(server.manifest, 'utf8'));
    // The same list, named by an address that is not the domain root's well-known path.
    doc.receipts = { keys: '/.well-known/microshop-receipt-key.json?list=1' };
    writeFileSync(server.manifest, JSON.stringify(doc));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('checks against the named list, and does not say the domain publishes the key', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const keyLists = [];
    page.on('request', (r) => { if (r.url().includes('microshop-receipt-key.json')) keyLists.push(new URL(r.url()).search); });
    const shop = new Shop(page, server.url);
    await shop.checkoutWith('jasmine-pearls');
    await shop.placeOrder();
    await shop.expectConfirmation();
    await textIs(page.getByTestId('receipt-seal'), 'Receipt signed by Lantern Tea House');
    assert.deepEqual([...new Set(keyLists)], ['?list=1'], 'the manifest\'s list was the one read');
    await countIs(page.getByTestId('receipt-domain'), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('a shop that signs nothing', () => {
  let browser;
  let server;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows no seal, no save and no check link on the order page', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const shop = new Shop(page, server.url);
    await shop.checkoutWith('jasmine-pearls');
    await shop.placeOrder();
    await shop.expectConfirmation();
    // The page is drawn in full (its last section is there) with nothing about a receipt.
    await page.getByRole('heading', { name: "Seller's contact" }).waitFor();
    await countIs(page.getByTestId('receipt'), 0);
    await countIs(page.getByText(/signed/i), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
