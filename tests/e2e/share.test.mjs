// Sharing: the share button (Web Share, copy with a confirmation, WeChat's hint),
// QR codes that decode to the page's link, the product poster as a PNG, and a
// referral link made by one buyer that reaches the endpoint with another's order.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { readFileSync, writeFileSync } from 'node:fs';
import { phoneContext, sharedShop, startServer, watchErrors } from './harness.mjs';
import { orders } from './db.mjs';
import { Shop } from './shop.mjs';
import { imageDecoded, shopShown, textIs } from './wait.mjs';

const CHECKOUT_KEY = 'microshop:v1:lantern-tea:checkout';
const WECHAT_UA = 'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
// Headless Chromium on Linux has no share sheet; these make that explicit either way.
const NO_SHARE = () => { delete Navigator.prototype.share; delete Navigator.prototype.canShare; };
const RECORD_SHARE = () => {
  window.__shares = [];
  Object.defineProperty(Navigator.prototype, 'share', {
    configurable: true,
    value: async function share(data) { window.__shares.push({ title: data.title, text: data.text, url: data.url }); },
  });
};

// Neither a share sheet nor a working clipboard (an in-app browser that refuses writes).
const NO_SHARE_NO_CLIPBOARD = () => {
  delete Navigator.prototype.share;
  delete Navigator.prototype.canShare;
  Object.defineProperty(Clipboard.prototype, 'writeText', {
    configurable: true,
    value: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')),
  });
};

describe('sharing', () => {
  const suite = sharedShop();

  async function buyer({ clipboard = false, share = NO_SHARE, userAgent } = {}) {
    const context = await phoneContext(suite.browser, userAgent ? { userAgent } : {});
    if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.url });
    await context.addInitScript(share);
    const page = await context.newPage();
    return { context, page, errors: watchErrors(page), shop: new Shop(page, suite.server.url) };
  }

  /** The text of the QR code drawn by `source` (an in-page function giving a canvas-drawable image and its box). */
  async function decodeQr(page, source, arg) {
    const { width, height, pixels } = await page.evaluate(async ([fn, a]) => {
      // eslint-disable-next-line no-new-func
      const { image, box } = await new Function(`return (${fn})`)()(a);
      const canvas = document.createElement('canvas');
      canvas.width = box.w; canvas.height = box.h;
      const g = canvas.getContext('2d');
      g.imageSmoothingEnabled = false;
      g.fillStyle = '#fff'; g.fillRect(0, 0, box.w, box.h);
      g.drawImage(image, box.x, box.y, box.w, box.h, 0, 0, box.w, box.h);
      const data = g.getImageData(0, 0, box.w, box.h).data;
      let bin = '';
      for (let i = 0; i < data.length; i += 0x8000) bin += String.fromCharCode(...data.subarray(i, i + 0x8000));
      return { width: box.w, height: box.h, pixels: btoa(bin) };
    }, [source.toString(), arg]);
    const code = jsQR(new Uint8ClampedArray(Buffer.from(pixels, 'base64')), width, height);
    assert.ok(code, 'a QR code was found');
    return code.data;
  }

  /** Decodes the SVG QR code shown in the open share panel. */
  async function shownQr(page, index = 0) {
    await page.locator('svg.qr').nth(index).waitFor();
    return decodeQr(page, async (i) => {
      const svg = document.querySelectorAll('svg.qr')[i];
      const image = new Image();
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
      await image.decode();
      // Drawn at 400 px square (the SVG's own size is 240).
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 400;
      canvas.getContext('2d').drawImage(image, 0, 0, 400, 400);
      return { image: canvas, box: { x: 0, y: 0, w: 400, h: 400 } };
    }, index);
  }

  it('copies the link with a visible confirmation where there is no share sheet: shop, product, cart', async () => {
    const { page, shop, errors } = await buyer({ clipboard: true });
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    const url = suite.server.url;

    // The shop, from its feed, in the language the buyer chose in the address.
    await page.goto(`${url}/?lang=en`);
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const status = page.getByRole('status').filter({ hasText: 'Link copied' });
    await status.waitFor();
    assert.equal(await page.locator('.share__status').getAttribute('aria-live'), 'polite');
    assert.equal(await clipboard(), `${url}/?lang=en`);

    // A product, by its id (not its place in the feed), without a language when none was chosen.
    await shop.openProduct('jasmine-pearls');
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
    assert.equal(await clipboard(), `${url}/p/jasmine-pearls/`);

    // The cart, as a shared-cart link.
    await shop.addToCart();
    await shop.openCart();
    const sku = await page.locator('.line').first().getAttribute('data-sku');
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
    assert.equal(await clipboard(), `${url}/cart/?cart=1.${sku}`);
    assert.deepEqual(errors, []);
  });

  it('shows the link to copy by hand, read-only and selectable, where neither sharing nor copying works', async () => {
    const { page, shop, errors } = await buyer({ share: NO_SHARE_NO_CLIPBOARD });
    const url = suite.server.url;
    const copyByHand = async (expected) => {
      await page.getByRole('button', { name: 'Share', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Copy this link to share it:' }).waitFor();
      const box = page.getByRole('textbox', { name: 'Copy this link to share it:' });
      await box.waitFor();
      assert.equal(await box.inputValue(), expected);
      assert.equal(await box.getAttribute('readonly'), '', 'read-only');
      assert.equal(await page.locator('.share__said').filter({ hasText: 'Link copied' }).count(), 0, 'never says it copied');
      // Selectable: a tap or click in the box, then select-all, takes the whole link.
      await box.click();
      await page.keyboard.press('ControlOrMeta+A');
      const selected = await box.evaluate((el) => [el.selectionStart, el.selectionEnd, getComputedStyle(el).userSelect]);
      assert.deepEqual(selected.slice(0, 2), [0, expected.length], `the whole link is selected: ${selected}`);
      assert.notEqual(selected[2], 'none');
      // Typing does not change it.
      await page.keyboard.type('x');
      assert.equal(await box.inputValue(), expected);
    };

    // A product, in the language the buyer chose.
    await page.goto(`${url}/p/jasmine-pearls/?lang=en`);
    await page.locator('.product__title').waitFor();
    await copyByHand(`${url}/p/jasmine-pearls/?lang=en`);
    // The cart, as a shared-cart link.
    await shop.addToCart();
    await shop.openCart();
    const sku = await page.locator('.line').first().getAttribute('data-sku');
    await copyByHand(`${url}/cart/?cart=1.${sku}`);
    assert.deepEqual(errors, []);
  });

  it('opens the share sheet with the page link where the browser has one', async () => {
    const { page, shop } = await buyer({ share: RECORD_SHARE });
    await page.goto(`${suite.server.url}/p/jasmine-pearls/?lang=en`);
    await page.locator('.product__title').waitFor();
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.waitForFunction(() => window.__shares.length === 1);
    const [shared] = await page.evaluate(() => window.__shares);
    assert.equal(shared.url, `${suite.server.url}/p/jasmine-pearls/?lang=en`);
    assert.equal(shared.title, 'Jasmine pearls');
    assert.equal(shared.text, 'Jasmine pearls');
    // Nothing to confirm: the system's sheet did the talking.
    assert.equal((await page.locator('.share__status').innerText()).trim(), '');
    void shop;
  });

  it("tells a buyer in WeChat's browser how to share from its menu", async () => {
    const { page } = await buyer({ userAgent: WECHAT_UA });
    await page.goto(`${suite.server.url}/?lang=en`);
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'tap ··· at the top right' }).waitFor();
    await page.goto(`${suite.server.url}/?lang=zh-CN`);
    await page.getByRole('button', { name: '分享', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '点击右上角' }).waitFor();
  });

  it('shows QR codes that decode to the shop, a product and a shared cart', async () => {
    const { page, shop, errors } = await buyer();
    const url = suite.server.url;
    await page.goto(`${url}/`);
    await page.getByRole('button', { name: 'QR code' }).click();
    assert.equal(await shownQr(page), `${url}/`);

    await shop.openProduct('west-lake-longjing');
    await page.getByRole('button', { name: 'QR code' }).click();
    assert.equal(await shownQr(page), `${url}/p/west-lake-longjing/`);
    // Drawn as an SVG path with a quiet zone of 4 modules, never as markup from shop text.
    const svg = page.locator('svg.qr');
    assert.equal(await svg.getAttribute('role'), 'img');
    assert.match(await svg.locator('path').getAttribute('d'), /^M4 4h/);

    await shop.addToCart();
    await shop.openCart();
    const sku = await page.locator('.line').first().getAttribute('data-sku');
    await page.getByRole('button', { name: 'QR code' }).click();
    assert.equal(await shownQr(page), `${url}/cart/?cart=1.${sku}`);
    assert.deepEqual(errors, []);
  });

  it('makes a product poster: a PNG of the expected size whose QR code opens the product', async () => {
    const { page, shop, errors } = await buyer();
    await shop.openProduct('jasmine-pearls');
    await page.getByRole('button', { name: 'Poster' }).click();
    const image = page.locator('img.poster__image');
    // Decoded, not only `complete` (which a broken image is too).
    const { width, height } = await imageDecoded(image);
    assert.deepEqual([width, height], [720, 1080]);
    const src = await image.getAttribute('src');
    assert.match(src, /^data:image\/png;base64,/);
    assert.match(await image.getAttribute('alt'), /Poster: Jasmine pearls/);
    const download = page.getByRole('link', { name: 'Download poster' });
    assert.equal(await download.getAttribute('href'), src);
    assert.equal(await download.getAttribute('download'), 'jasmine-pearls-poster.png');
    // The code on the poster (bottom right) opens the product.
    const text = await decodeQr(page, async () => {
      const img = document.querySelector('img.poster__image');
      return { image: img, box: { x: 450, y: 740, w: 270, h: 310 } };
    });
    assert.equal(text, `${suite.server.url}/p/jasmine-pearls/`);
    // The seller's colour is the shop's accent token: the top band's pixel.
    const band = await image.evaluate((img) => {
      const c = document.createElement('canvas');
      c.width = 720; c.height = 1080;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const [r, gr, b] = g.getImageData(700, 10, 1, 1).data;
      // The token as the canvas reads a colour (#rrggbb), whatever notation the theme uses.
      g.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--color-accent').trim();
      return { pixel: `#${[r, gr, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`, accent: g.fillStyle };
    });
    assert.equal(band.pixel, band.accent);
    assert.deepEqual(errors, []);
  });

  it("carries one buyer's referral link to another buyer's order, kept across a reload and for 30 days only", async () => {
    const url = suite.server.url;
    // Buyer A makes a link for a product: bad codes are refused with a reason.
    const a = await buyer({ clipboard: true });
    await a.shop.openProduct('biluochun');
    await a.page.getByRole('button', { name: 'Referral link' }).click();
    const field = a.page.getByLabel(/Your code/);
    // Written as a number in the view (docs/performance.md, share): still the attribute "64".
    assert.equal(await field.getAttribute('maxlength'), '64');
    await field.fill('li wei');
    await a.page.getByRole('button', { name: 'Make link' }).click();
    await a.page.getByText('this cannot be in a code:').waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    await field.fill('ab');
    await a.page.getByRole('button', { name: 'Make link' }).click();
    await a.page.getByText('A code has 3 to 32 characters.').waitFor();
    // A generated code is valid.
    await a.page.getByRole('button', { name: 'Make one for me' }).click();
    await textIs(a.page.getByTestId('referral-link'), new RegExp(`^${url}/p/biluochun/\\?ref=[2-9a-z]{8}$`));
    // Their own.
    await field.fill('mei-2026');
    await a.page.getByRole('button', { name: 'Make link' }).click();
    const link = a.page.getByTestId('referral-link');
    await link.filter({ hasText: 'mei-2026' }).waitFor();
    assert.equal(await link.innerText(), `${url}/p/biluochun/?ref=mei-2026`);
    assert.equal(await field.getAttribute('aria-invalid'), 'false');
    await a.page.locator('.referral').getByRole('button', { name: 'Share', exact: true }).click();
    await a.page.getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
    const copied = await a.page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, `${url}/p/biluochun/?ref=mei-2026`);
    assert.equal(await shownQr(a.page), copied);

    // Buyer B, in another browser profile, opens it, comes back later (a reload without
    // the code in the address) and orders.
    const b = await buyer();
    await b.page.goto(copied);
    await b.page.locator('.product__title').waitFor();
    await b.shop.addToCart();
    await b.page.goto(`${url}/`);
    await b.page.reload();
    await shopShown(b.page);
    await b.page.goto(`${url}/checkout`);
    await b.shop.fillCheckout();
    await b.shop.placeOrder();
    const id = await b.shop.expectConfirmation();
    const order = orders(suite.server.db).find((o) => o.order_id === id);
    assert.equal(order.referral, 'mei-2026');
    assert.equal(order.lines[0].product_id, 'biluochun');

    // Buyer C opened the link 31 days ago: the code is no longer kept.
    const c = await buyer();
    await c.page.goto(copied);
    await c.page.locator('.product__title').waitFor();
    await c.page.waitForFunction((key) => JSON.parse(localStorage.getItem(key))?.referral === 'mei-2026', CHECKOUT_KEY);
    const stored = await c.page.evaluate((key) => JSON.parse(localStorage.getItem(key)), CHECKOUT_KEY);
    assert.ok(Math.abs(stored.referral_at - Date.now()) < 60_000, 'the time the link was opened is kept');
    await c.page.evaluate(([key, value]) => localStorage.setItem(key, JSON.stringify(value)),
      [CHECKOUT_KEY, { ...stored, referral_at: Date.now() - 31 * 24 * 3600 * 1000 }]);
    await c.page.goto(`${url}/`);
    await shopShown(c.page);
    await c.page.waitForFunction((key) => JSON.parse(localStorage.getItem(key)).referral == null, CHECKOUT_KEY);
    // Opened 29 days ago: still kept.
    await c.page.evaluate(([key, value]) => localStorage.setItem(key, JSON.stringify(value)),
      [CHECKOUT_KEY, { ...stored, referral_at: Date.now() - 29 * 24 * 3600 * 1000 }]);
    // Read once the app has started: it is what would drop an expired code.
    await c.page.reload();
    await shopShown(c.page);
    assert.equal(await c.page.evaluate((key) => JSON.parse(localStorage.getItem(key)).referral, CHECKOUT_KEY), 'mei-2026');
    // A link with a code that is not one (spaces, markup, too long) changes nothing.
    for (const bad of ['bad%20code', '%3Cb%3Ex%3C%2Fb%3E', 'x'.repeat(65)]) {
      await c.page.goto(`${url}/?ref=${bad}`);
      await shopShown(c.page);
      assert.equal(await c.page.evaluate((key) => JSON.parse(localStorage.getItem(key)).referral, CHECKOUT_KEY), 'mei-2026', bad);
    }
    // A later valid link wins.
    await c.page.goto(`${url}/?ref=amy-2026`);
    await shopShown(c.page);
    await c.page.waitForFunction((key) => JSON.parse(localStorage.getItem(key)).referral === 'amy-2026', CHECKOUT_KEY);
  });

  it('still makes the poster when a picture cannot be loaded', async () => {
    const server = await startServer({ editable: true });
    try {
      const manifest = JSON.parse(readFileSync(server.manifest, 'utf8'));
      manifest.seller.avatar = 'images/missing-avatar.png';
      const product = manifest.catalog.products.find((p) => p.id === 'biluochun');
      product.images = ['images/missing-cover.png'];
      writeFileSync(server.manifest, JSON.stringify(manifest));
      const page = await (await phoneContext(suite.browser)).newPage();
      await page.goto(`${server.url}/p/biluochun/?lang=en`);
      await page.locator('.product__title').waitFor();
      await page.getByRole('button', { name: 'Poster' }).click();
      const image = page.locator('img.poster__image');
      const { width, height } = await imageDecoded(image);
      assert.match(await image.getAttribute('src'), /^data:image\/png;base64,/);
      assert.deepEqual([width, height], [720, 1080]);
    } finally {
      await server.stop();
    }
  });
});
