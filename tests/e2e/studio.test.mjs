// The studio on a phone (Chromium, 390x844, touch) against a real `microshop serve`:
// a new seller makes a shop of three products with photos from nothing, each photo
// resized and stripped of its EXIF (GPS) in the browser; a problem shows live beside
// its field and stops the save; a save racing another tab is refused; the draft
// survives a reload; undo; the preview; exports; axe on every page in every language.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { violatingElements as axe } from './axe.mjs';
import { launchBrowser, phoneContext, watchErrors } from './harness.mjs';
import { placeOrder, signIn, startDesk } from './desk.mjs';
import { hasExif, size } from './fixtures/jpeg.mjs';
import { PHOTO, addProduct, emptyShop, saveBarSays, sheetShop } from './studio.mjs';
import { textIs } from './wait.mjs';

describe('the studio', () => {
  let browser;
  const servers = [];
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    for (const s of servers) await s.stop();
  });

  async function desk(options) {
    const server = await startDesk(options);
    servers.push(server);
    const context = await phoneContext(browser, options?.context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url);
    return { server, page, errors };
  }

  it('a new seller makes three products with photos on the phone; photos lose their EXIF; buyers see the shop at once', async () => {
    const shop = emptyShop();
    const { server, page, errors } = await desk({ manifest: shop.manifest });
    await page.getByRole('link', { name: 'Shop' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your shop' }).waitFor();
    await page.getByRole('link', { name: /Products/ }).click();
    const products = [['Jasmine pearls', '68.00'], ['Oolong, light roast', '88'], ['Gaiwan', '120.50']];
    for (const [n, [title, price]] of products.entries()) await addProduct(page, n, title, price);
    await page.getByRole('button', { name: 'Save' }).click();
    await saveBarSays(page, 'Saved. Buyers see it now.');
    // The file on disk, and what buyers get.
    const saved = JSON.parse(readFileSync(shop.manifest, 'utf8'));
    assert.deepEqual(saved.catalog.products.map((p) => [p.title, p.price]), products);
    const served = await (await fetch(`${server.url}/shop.json`)).json();
    assert.deepEqual(served.catalog.products.map((p) => p.title), products.map(([t]) => t));
    for (const p of saved.catalog.products) {
      assert.equal(p.images.length, 1);
      assert.match(p.images[0], /^images\/[0-9a-f]+\.(jpg|jpeg)$/);
      const bytes = readFileSync(join(shop.dir, p.images[0]));
      assert.equal(hasExif(bytes), false, 'no EXIF (no GPS, camera or time) in the uploaded file');
      assert.equal(bytes.includes(Buffer.from('PhoneCo')), false);
      assert.deepEqual(size(bytes), { width: 1600, height: 1200 }, 'the longest side resized to 1600 px');
    }
    assert.ok(hasExif(readFileSync(PHOTO)), 'the fixture itself carries EXIF with GPS');
    // The buyer's feed shows them, pictures loaded from the shop.
    const buyer = await (await phoneContext(browser)).newPage();
    await buyer.goto(server.url);
    for (const [title] of products) await buyer.locator('.card').filter({ hasText: title }).waitFor();
    const img = buyer.locator('.card img').first();
    await img.scrollIntoViewIfNeeded();
    await buyer.waitForFunction((el) => el.complete && el.naturalWidth === 1600, await img.elementHandle());
    assert.deepEqual(errors, []);
  });

  it('shows the problem `microshop check` would, live beside its field, and saves nothing until it is fixed', async () => {
    const { server, page } = await desk({ editable: true });
    await page.goto(`${server.url}/_seller/studio/products/1`);
    const price = page.locator('#f-catalog-products-1-price');
    await price.fill('118,50');
    const problem = page.locator('#f-catalog-products-1-price-problems');
    await problem.filter({ hasText: '118,50' }).waitFor();
    assert.equal(await price.getAttribute('aria-invalid'), 'true');
    assert.match(await price.getAttribute('aria-describedby'), /f-catalog-products-1-price-problems/);
    // The same sentence as `microshop check` (core's decoder, in the seller's wasm).
    const fromCheck = (await problem.innerText()).trim();
    assert.match(fromCheck, /"118,50" .*(amount|number)/);
    await page.getByRole('button', { name: 'Save' }).click();
    await saveBarSays(page, 'Not saved: fix the problem first (1)');
    await page.waitForFunction(() => document.activeElement?.id === 'f-catalog-products-1-price');
    assert.match(readFileSync(server.manifest, 'utf8'), /"price": "118.00"/, 'nothing written');
    await price.fill('118.50');
    await problem.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Save' }).click();
    await saveBarSays(page, 'Saved. Buyers see it now.');
    assert.equal(JSON.parse(readFileSync(server.manifest, 'utf8')).catalog.products[1].price, '118.50');
  });

  it('a spreadsheet catalog with one mistake on 10,000 rows is one line with its rows, as `microshop check` says it, and a save names it', async () => {
    const shop = sheetShop(10_000);
    const { page, errors } = await desk({ manifest: shop.manifest });
    await page.getByRole('link', { name: 'Shop' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your shop' }).waitFor();
    const grouped = page.locator('[data-file-problems] li');
    const oneLine = async () => {
      await page.getByRole('heading', { level: 2, name: "Problems in the shop's files" }).waitFor();
      await grouped.first().waitFor();
      assert.equal(await grouped.count(), 1, 'one line, never one per row');
      const said = (await grouped.first().innerText()).trim();
      assert.match(said, /products\.csv: row 2 \(p0\), images: "images\/missing-0\.svg" points at no file/);
      assert.ok(said.endsWith(' — the same kind of problem on 10,000 rows: 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …'), said);
      assert.equal(await grouped.first().getAttribute('lang'), 'en');
    };
    await oneLine();
    assert.deepEqual(await axe(page), []);
    // Where the seller goes to look at the products, beside the note that they live in the sheet.
    await page.getByRole('link', { name: /Products/ }).click();
    await page.locator('.notice').filter({ hasText: 'The products come from products.csv' }).waitFor();
    await oneLine();
    // A save while the sheet is broken is refused, and says where to look.
    const before = readFileSync(shop.manifest, 'utf8');
    await page.getByRole('link', { name: 'Back to the shop' }).click();
    await page.getByRole('link', { name: /Shop and seller/ }).click();
    await page.locator('#f-seller-location').fill('Fuzhou');
    await page.getByRole('button', { name: 'Save' }).click();
    await saveBarSays(page, "Not saved: the shop's files have problems");
    assert.equal(readFileSync(shop.manifest, 'utf8'), before, 'nothing written');
    await page.getByRole('link', { name: 'Back to the shop' }).click();
    await oneLine();
    // The refused save is a 422 the page expects; nothing else went wrong.
    assert.deepEqual(errors.filter((e) => !/422/.test(e)), []);
  });

  it('a save racing another tab is refused as "changed elsewhere"; the draft stays across a reload until dropped', async () => {
    const { server, page } = await desk({ editable: true });
    const other = await page.context().newPage();
    for (const p of [page, other]) {
      await p.goto(`${server.url}/_seller/studio/profile`);
      await p.getByRole('heading', { level: 1, name: 'Shop and seller' }).waitFor();
      await p.locator('#f-seller-location').waitFor();
    }
    await other.locator('#f-seller-location-en').fill('Fuzhou old town');
    await other.getByRole('button', { name: 'Save' }).click();
    await saveBarSays(other, 'Saved. Buyers see it now.');
    await page.locator('#f-seller-location-en').fill('Gulou, Fuzhou (changed here)');
    await page.getByRole('button', { name: 'Save' }).click();
    await saveBarSays(page, 'the shop was changed in another tab or device');
    assert.match(readFileSync(server.manifest, 'utf8'), /Fuzhou old town/, "the other tab's save stands");
    assert.doesNotMatch(readFileSync(server.manifest, 'utf8'), /changed here/);
    // Nothing typed is lost: a reload brings the draft back.
    await page.reload();
    await page.locator('.notice').filter({ hasText: 'Your unsaved changes from before are back' }).waitFor();
    assert.equal(await page.locator('#f-seller-location-en').inputValue(), 'Gulou, Fuzhou (changed here)');
    await page.getByRole('button', { name: 'Drop my changes' }).click();
    await page.waitForFunction(() => document.querySelector('#f-seller-location-en')?.value === 'Fuzhou old town');
  });

  it('undoes the last save: the file and the buyers\' shop are as before', async () => {
    const { server, page } = await desk({ editable: true });
    const before = readFileSync(server.manifest, 'utf8');
    await page.goto(`${server.url}/_seller/studio/profile`);
    await page.locator('#f-seller-name-en').fill('Lantern Tea, renamed');
    await page.getByRole('button', { name: 'Save' }).click();
    await saveBarSays(page, 'Saved. Buyers see it now.');
    assert.match(readFileSync(server.manifest, 'utf8'), /Lantern Tea, renamed/, 'the file is saved');
    // Served at once, even while another request reads the files (studio_tests.rs).
    assert.equal((await (await fetch(`${server.url}/shop.json`)).json()).seller.name.en, 'Lantern Tea, renamed');
    await page.getByRole('button', { name: 'Undo last save' }).click();
    await page.waitForFunction(() => document.querySelector('#f-seller-name-en')?.value === 'Lantern Tea House');
    assert.deepEqual(JSON.parse(readFileSync(server.manifest, 'utf8')), JSON.parse(before));
    assert.equal((await (await fetch(`${server.url}/shop.json`)).json()).seller.name.en, 'Lantern Tea House');
  });

  it('a count is what is on hand: beside it what open orders hold and what will be for sale; a count below what they hold is refused, kept as typed', async () => {
    // REVIEW8 9: Jasmine pearls 100 g (JP-100) counts 10; an unpaid order of 3 holds 3.
    const { server, page, errors } = await desk({ editable: true });
    await placeOrder(server.url, { quantity: 3 });
    await page.goto(`${server.url}/_seller/studio/products/0`);
    const field = page.locator('#f-catalog-products-0-variants-1-stock');
    const beside = page.locator('fieldset.variant').nth(1).locator('.stock-now, .field__problem');
    await textIs(beside, '3 held by open orders (not shipped yet); for sale: 7');
    assert.equal(await field.inputValue(), '10', 'on hand: 7 for sale and 3 held');
    // Counted 12 on the shelf: 9 for sale, buyers see 9.
    await field.fill('12');
    await textIs(beside, '3 held by open orders (not shipped yet); for sale: 9');
    await page.getByRole('button', { name: 'Save' }).click();
    await saveBarSays(page, 'Saved. Buyers see it now.');
    const served = async () => (await (await fetch(`${server.url}/shop.json`)).json()).catalog.products[0].variants[1].stock;
    assert.equal(await served(), 9);
    // Fewer than the order holds: said at once, refused by the server at the field,
    // the file unchanged and the typed count kept.
    const file = readFileSync(server.manifest, 'utf8');
    await field.fill('2');
    await textIs(beside, 'Open orders hold 3: count at least 3.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('fieldset.variant').nth(1).locator('.field__problems')
      .filter({ hasText: 'product jasmine-pearls, sku JP-100: you counted 2 on hand, but open orders (placed, not yet shipped) hold 3 of them.' }).waitFor();
    assert.equal(readFileSync(server.manifest, 'utf8'), file);
    assert.equal(await field.inputValue(), '2');
    assert.equal(await served(), 9);
    // The refused save is the one failed request.
    assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), []);
    assert.equal(errors.length, 1, errors.join('\n'));
  });

  it('previews the draft as buyers would see it, in the storefront itself, before saving', async () => {
    const { server, page, errors } = await desk({ editable: true });
    await page.goto(`${server.url}/_seller/studio/products/1`);
    await page.locator('#f-catalog-products-1-title-en').fill('Longjing, in the draft only');
    await page.getByRole('link', { name: 'Back to the shop' }).click();
    await page.getByRole('link', { name: 'Preview' }).click();
    const frame = page.frameLocator('iframe.preview-frame');
    await frame.locator('.card').filter({ hasText: 'Longjing, in the draft only' }).waitFor();
    assert.doesNotMatch(readFileSync(server.manifest, 'utf8'), /in the draft only/);
    assert.deepEqual(errors, []);
  });

  it('exports shop.json as saved', async () => {
    const { server, page } = await desk({ editable: true });
    await page.goto(`${server.url}/_seller/studio/export`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download shop.json' }).click()]);
    assert.deepEqual(JSON.parse(readFileSync(await download.path(), 'utf8')), JSON.parse(readFileSync(server.manifest, 'utf8')));
  });

  for (const [tag, dir, heading] of [['en', 'ltr', 'Your shop'], ['zh-CN', 'ltr', '你的店铺'], ['ja', 'ltr', 'あなたのショップ'], ['ar', 'rtl', 'متجرك']]) {
    it(`${tag}: every studio page speaks it and axe finds nothing, problems shown`, async () => {
      const { server, page, errors } = await desk({ editable: true, context: { locale: tag } });
      await page.goto(`${server.url}/_seller/studio`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      assert.equal(await page.getAttribute('html', 'dir'), dir);
      // One problem on screen: a price with a currency sign.
      await page.goto(`${server.url}/_seller/studio/products/2`);
      await page.locator('#f-catalog-products-2-price').fill('88元');
      await page.locator('#f-catalog-products-2-price-problems').waitFor();
      assert.deepEqual(await axe(page), [], `${tag} product page with a problem`);
      for (const part of ['', '/profile', '/products', '/selling', '/look', '/preview', '/export']) {
        await page.goto(`${server.url}/_seller/studio${part}`);
        await page.locator('.savebar').waitFor();
        assert.deepEqual(await axe(page), [], `${tag} studio${part}`);
      }
      assert.deepEqual(errors, []);
    });
  }
});
