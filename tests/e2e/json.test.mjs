// One verdict on a shop's file, whichever parser reads it (src/web/json.rs): the
// storefront reads a file whose numbers are whole with the browser's JSON.parse, and
// any other file with core's parser (the `json` part), so the problems a seller sees on
// the page are the ones `microshop serve` finds natively, word for word.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, ROOT, perTestShops, phoneContext, startServer } from './harness.mjs';
import { buyerFiles } from '../../scripts/parts.mjs';

const { parts } = buyerFiles(DIST);
const isJsonPart = (url) => parts.json.some((f) => url.endsWith(`/${f}`));

describe('one verdict on a shop whichever parser reads it', () => {
  const suite = perTestShops();

  /** Serves the demo shop with `edits` ([from, to] text replacements) applied to its file. */
  async function shopWith(edits) {
    const dir = mkdtempSync(join(tmpdir(), 'microshop-json-'));
    const manifest = join(dir, 'shop.json');
    let text = readFileSync(join(ROOT, 'public', 'shop.json'), 'utf8');
    for (const [from, to] of edits) {
      assert.ok(text.includes(from), from);
      text = text.replace(from, to);
    }
    writeFileSync(manifest, text);
    suite.server = await startServer({ manifest });
  }

  /** The problems the page shows the seller (this machine), and whether the json part was fetched. */
  async function seen() {
    const page = await (await phoneContext(suite.browser)).newPage();
    let fetchedPart = false;
    page.on('request', (r) => { if (isJsonPart(r.url())) fetchedPart = true; });
    await page.goto(suite.server.url);
    await page.getByRole('heading', { name: "This shop's file has problems" }).waitFor();
    // The page names a product after its path (`products[3] (glass-fair-cup).price`).
    const problems = await page.locator('.problems li').evaluateAll((items) => items.map((li) => ({
      path: li.querySelector('.problems__path').textContent.replace(/ \([^)]*\)/, ''),
      message: li.querySelector('span').textContent,
    })));
    return { problems, fetchedPart };
  }

  /** The problems `microshop serve` found in the same file, natively. */
  async function native() {
    const status = await (await fetch(`${suite.server.url}/_seller/status`)).json();
    return status.problems.map(({ path, message }) => ({ path, message }));
  }

  it('numbers JSON.parse cannot tell apart (2.0, 5e0, 39.9, -0) are read by core, with the same problems', async () => {
    await shopWith([
      ['"ships_within_days": 2', '"ships_within_days": 2.0'],
      ['"max_qty": 5', '"max_qty": 5e0'],
      ['"price": "39.90"', '"price": 39.9'],
      ['"stock": 15', '"stock": -0'],
    ]);
    const { problems, fetchedPart } = await seen();
    assert.ok(fetchedPart, 'the json part read the file');
    assert.deepEqual(problems, await native());
    const paths = problems.map((p) => p.path).join(' ');
    for (const key of ['ships_within_days', 'max_qty', 'price', 'stock']) assert.match(paths, new RegExp(key));
    assert.match(problems.map((p) => p.message).join(' '), /write the price in quotes, e\.g\. "39\.90"/);
  });

  it('a file of whole numbers is read by the browser, with the same problems', async () => {
    await shopWith([
      ['"max_qty": 5', '"max_qty": -1'],
      ['"stock": 20', '"stock": 4294967296'],
    ]);
    const { problems, fetchedPart } = await seen();
    assert.equal(fetchedPart, false, 'no parser was fetched');
    assert.deepEqual(problems, await native());
    assert.equal(problems.length, 2, JSON.stringify(problems));
  });

  it('a file JSON.parse refuses is said as core says it: the line and column', async () => {
    await shopWith([['"ships_within_days": 2,', '"ships_within_days": 2,,']]);
    const { problems, fetchedPart } = await seen();
    assert.ok(fetchedPart);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^not valid JSON: line 24, column \d+/);
  });
});
