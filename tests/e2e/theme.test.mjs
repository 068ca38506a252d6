// Theming in a real browser: presets, dark mode (fixed and the system's), the cascade
// (a manifest token never beats a dark palette or the seller's stylesheet), square
// corners everywhere, the seller's own font file, and the wide-screen product page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchBrowser, perTestShops, phoneContext, startServer, watchErrors } from './harness.mjs';
import { shopShown, stylesApplied } from './wait.mjs';

/** A private copy of the demo shop with `theme`, and `files` (path -> text or Buffer) beside it. */
async function themedShop(suite, theme, files = {}) {
  suite.server = await startServer({ editable: true });
  const doc = JSON.parse(readFileSync(suite.server.manifest, 'utf8'));
  doc.theme = theme;
  writeFileSync(suite.server.manifest, JSON.stringify(doc));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(suite.server.dir, path, '..'), { recursive: true });
    writeFileSync(join(suite.server.dir, path), content);
  }
  return suite.server;
}

/**
 * The computed value of `property` on the first `selector`, once the element is there
 * and the page's stylesheets (the seller's too) and fonts have loaded.
 */
async function computed(page, selector, property) {
  await page.locator(selector).first().waitFor();
  await stylesApplied(page);
  return page.locator(selector).first().evaluate((el, p) => getComputedStyle(el)[p], property);
}

async function feed(browser, url, options = {}) {
  const page = await (await phoneContext(browser, options)).newPage();
  const errors = watchErrors(page);
  await page.goto(url);
  await shopShown(page);
  await page.locator('.card__title').first().waitFor();
  return { page, errors };
}

const DARK_BG = 'rgb(23, 21, 19)'; // quiet's dark palette, #171513

describe('theming', () => {
  const suite = perTestShops();

  it('each preset gives the page its own colours, keyed on <html data-preset>', async () => {
    const seen = new Map();
    for (const preset of ['quiet', 'bold', 'handmade', 'contrast']) {
      const server = await themedShop(suite, { preset });
      const { page, errors } = await feed(suite.browser, server.url, { colorScheme: 'light' });
      assert.equal(await page.locator('html').getAttribute('data-preset'), preset);
      assert.equal(await page.locator('html').getAttribute('style'), null, 'no inline tokens on <html>');
      const look = [
        await computed(page, 'body', 'backgroundColor'),
        await computed(page, 'body', 'color'),
        await computed(page, '.card', 'backgroundColor'),
        await computed(page, '.seller__name', 'fontFamily'),
      ].join(' | ');
      for (const [other, was] of seen) assert.notEqual(look, was, `${preset} looks like ${other}`);
      seen.set(preset, look);
      assert.deepEqual(errors, []);
      await page.context().close();
      await server.stop();
      suite.server = undefined;
    }
    assert.match(seen.get('bold'), /^rgb\(14, 15, 19\)/);
    assert.match(seen.get('contrast'), /^rgb\(255, 255, 255\) \| rgb\(0, 0, 0\)/);
  });

  it('dark mode: the system\'s unless the theme fixes it, with the seller\'s dark tokens', async () => {
    const server = await themedShop(suite, { tokens: { 'color-bg': '#fff8ee' } });
    // The system is dark: the dark palette wins over the manifest's (light) colour token.
    let { page } = await feed(suite.browser, server.url, { colorScheme: 'dark' });
    assert.equal(await computed(page, 'body', 'backgroundColor'), DARK_BG);
    await page.context().close();
    // The system is light: the manifest's token.
    ({ page } = await feed(suite.browser, server.url, { colorScheme: 'light' }));
    assert.equal(await computed(page, 'body', 'backgroundColor'), 'rgb(255, 248, 238)');
    await page.context().close();
    await server.stop();

    // scheme: dark on a light system, and the seller's dark token.
    const fixed = await themedShop(suite, { scheme: 'dark', tokens: { 'color-bg': '#fff8ee' }, dark: { 'color-text': '#ffeecc' } });
    ({ page } = await feed(suite.browser, fixed.url, { colorScheme: 'light' }));
    assert.equal(await page.locator('html').getAttribute('data-scheme'), 'dark');
    assert.equal(await computed(page, 'body', 'backgroundColor'), DARK_BG);
    assert.equal(await computed(page, 'body', 'color'), 'rgb(255, 238, 204)');
    await page.context().close();
    await fixed.stop();

    // scheme: light on a dark system stays light.
    suite.server = await themedShop(suite, { scheme: 'light' });
    ({ page } = await feed(suite.browser, suite.server.url, { colorScheme: 'dark' }));
    assert.equal(await computed(page, 'body', 'backgroundColor'), 'rgb(250, 247, 242)');
  });

  it('the seller\'s stylesheet wins over manifest tokens, and loads after the app\'s CSS', async () => {
    const server = await themedShop(
      suite,
      { tokens: { 'color-bg': '#fff8ee', 'color-accent': '#9a3412' }, stylesheet: 'theme/extra.css' },
      { 'theme/extra.css': ':root { --color-bg: rgb(1, 2, 3); }\n.seller__name { letter-spacing: 3px; }\nfooter { padding-block-end: 7px; }\n' },
    );
    const { page, errors } = await feed(suite.browser, server.url, { colorScheme: 'light' });
    assert.equal(await computed(page, 'body', 'backgroundColor'), 'rgb(1, 2, 3)');
    assert.equal(await computed(page, '.seller__name', 'letterSpacing'), '3px');
    // Even a plain element selector wins: every app rule is in a layer (style/app.css).
    assert.equal(await computed(page, '.site-footer', 'paddingBottom'), '7px');
    // The manifest token the stylesheet leaves alone still applies.
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--color-accent').trim()), '#9a3412');
    const order = await page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet], style')].map((e) => e.id || e.getAttribute('href')));
    assert.equal(order.at(-1), 'microshop-stylesheet', `the seller's stylesheet comes last: ${order}`);
    assert.equal(new URL(await page.locator('#microshop-stylesheet').getAttribute('href')).origin, new URL(server.url).origin);
    assert.deepEqual(errors, []);
  });

  it('square corners reach the avatar, cards, buttons and gallery dots', async () => {
    const server = await themedShop(suite, { layout: { corners: 'square' } });
    const { page } = await feed(suite.browser, server.url);
    assert.equal(await computed(page, '.seller__avatar', 'borderRadius'), '0px');
    assert.equal(await computed(page, '.card', 'borderRadius'), '0px');
    assert.equal(await computed(page, '.chip', 'borderRadius'), '0px');
    await page.goto(`${server.url}/p/jasmine-pearls`);
    assert.equal(await computed(page, '.gallery__dot', 'borderRadius'), '0px');
    assert.equal(await computed(page, '.buy__add', 'borderRadius'), '0px');
    assert.equal(await computed(page, '.gallery__image', 'borderRadius'), '0px');
    await page.context().close();
    // Without the option they are round.
    await server.stop();
    suite.server = await themedShop(suite, {});
    const round = (await feed(suite.browser, suite.server.url)).page;
    assert.equal(await computed(round, '.seller__avatar', 'borderRadius'), '50%');
  });

  it('a heading font from the seller\'s own file loads from the shop\'s origin', async () => {
    const font = readFileSync('/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf');
    const server = await themedShop(
      suite,
      { fonts: [{ family: 'Roaster Slab', src: 'fonts/roaster-slab.ttf', weight: 700 }], tokens: { 'font-heading': '"Roaster Slab", Georgia, serif' } },
      { 'fonts/roaster-slab.ttf': font },
    );
    const page = await (await phoneContext(suite.browser)).newPage();
    const fonts = [];
    page.on('response', (r) => { if (r.url().includes('/fonts/')) fonts.push([r.url(), r.status()]); });
    await page.goto(server.url);
    await page.locator('.seller__name').waitFor();
    assert.match(await computed(page, '.seller__name', 'fontFamily'), /^"Roaster Slab"/);
    const loaded = await page.evaluate(async () => {
      await document.fonts.load('700 20px "Roaster Slab"');
      return [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Roaster Slab').map((f) => f.status);
    });
    assert.deepEqual(loaded, ['loaded']);
    assert.deepEqual(fonts, [[`${server.url}/fonts/roaster-slab.ttf`, 200]]);
  });

  it('on a 1440x900 screen the product page shows the gallery beside the buy box, buy button in view', async () => {
    suite.server = await startServer();
    const page = await (await suite.browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(`${suite.server.url}/p/jasmine-pearls`);
    await page.locator('.buy__add').waitFor();
    const box = async (s) => page.locator(s).first().boundingBox();
    const [gallery, title, price, buy] = [await box('.gallery'), await box('.product__title'), await box('.product__price'), await box('.buy__add')];
    for (const [name, b] of [['title', title], ['price', price], ['buy button', buy]]) {
      assert.ok(b.y + b.height <= 900, `${name} is above the fold: ${JSON.stringify(b)}`);
      assert.ok(b.x >= gallery.x + gallery.width, `${name} is beside the gallery: ${JSON.stringify(b)} vs ${JSON.stringify(gallery)}`);
    }
    assert.ok(title.y < gallery.y + gallery.height, 'the title starts level with the gallery');
    // The feed uses the width: more than four cards a row.
    await page.goto(suite.server.url);
    await shopShown(page);
    await page.locator('.card').nth(5).waitFor();
    const tops = await page.locator('.card').evaluateAll((cards) => cards.slice(0, 8).map((c) => c.getBoundingClientRect().top));
    assert.ok(tops.filter((t) => t === tops[0]).length >= 5, `cards in the first row: ${tops}`);
  });
});

describe('the theming guide\'s worked example', () => {
  const suite = perTestShops();

  it('the coffee roaster\'s theme from docs/theming.md works as the guide says', async () => {
    const guide = readFileSync(join(ROOT, 'docs', 'theming.md'), 'utf8');
    const example = guide.slice(guide.indexOf('## 7. Worked example'));
    const theme = JSON.parse(`{${example.match(/```json\n([\s\S]*?)\n```/)[1]}}`).theme;
    const css = guide.match(/```css\n([\s\S]*?)\n```/)[1];
    const font = readFileSync('/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf');
    const server = await themedShop(suite, theme, { 'fonts/roaster-slab.woff2': font, 'theme.css': css });
    // Light: the readable button colour, square corners, the heading font, the stylesheet.
    let { page, errors } = await feed(suite.browser, server.url, { colorScheme: 'light' });
    assert.equal(await computed(page, 'body', 'backgroundColor'), 'rgb(255, 248, 238)');
    assert.equal(await computed(page, '.seller__avatar', 'borderRadius'), '0px');
    assert.equal(await computed(page, '.seller__name', 'textTransform'), 'uppercase');
    assert.match(await computed(page, '.seller__name', 'fontFamily'), /^"Roaster Slab"/);
    assert.equal(await page.evaluate(async () => (await document.fonts.load('700 20px "Roaster Slab"')).length), 1);
    await page.goto(`${server.url}/p/jasmine-pearls`);
    assert.equal(await computed(page, '.buy__add', 'backgroundColor'), 'rgb(154, 52, 18)');
    assert.deepEqual(errors, []);
    await page.context().close();
    // Dark: the seller's dark tokens.
    ({ page } = await feed(suite.browser, server.url, { colorScheme: 'dark' }));
    assert.equal(await computed(page, 'body', 'backgroundColor'), 'rgb(23, 18, 14)');
    await page.goto(`${server.url}/p/jasmine-pearls`);
    assert.equal(await computed(page, '.buy__add', 'backgroundColor'), 'rgb(232, 116, 59)');
  });
});

/** A page of a shop with `theme` at `viewport` (a laptop-ish screen unless told), on the feed. */
async function layoutPage(suite, theme, viewport = { width: 800, height: 900 }) {
  const server = await themedShop(suite, theme);
  const page = await (await suite.browser.newContext({ viewport, colorScheme: 'light' })).newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  // Not index.html's four skeleton cards: the app's, in the theme's layout.
  await shopShown(page);
  await page.locator('.card').nth(3).waitFor();
  return { server, page, errors };
}

/** How many cards sit in the feed's first row. */
async function columns(page) {
  const tops = await page.locator('.card').evaluateAll((cards) => cards.map((c) => Math.round(c.getBoundingClientRect().top)));
  return tops.filter((t) => t === tops[0]).length;
}

/** Closes `page` and stops its shop, so the next one can start. */
async function done(suite, page, server) {
  await page.context().close();
  await server.stop();
  suite.server = undefined;
}

describe('layout options change the page as docs/theming.md says', () => {
  const suite = perTestShops();

  it('feed: grid, a denser grid with more cards a row, and a list with one card a row, picture beside text', async () => {
    const seen = {};
    for (const feedOption of ['grid', 'dense', 'list']) {
      const { server, page, errors } = await layoutPage(suite, { layout: { feed: feedOption } });
      if (feedOption !== 'grid') assert.equal(await page.locator('html').getAttribute('data-feed'), feedOption);
      seen[feedOption] = await columns(page);
      if (feedOption === 'list') {
        const image = await page.locator('.card__image').first().boundingBox();
        const title = await page.locator('.card__title').first().boundingBox();
        assert.ok(image.x + image.width <= title.x, `the picture is beside the title: ${JSON.stringify([image, title])}`);
        assert.ok(title.y < image.y + image.height, 'the title starts level with the picture');
      }
      assert.deepEqual(errors, []);
      await done(suite, page, server);
    }
    assert.ok(seen.grid >= 2, `a grid has several cards a row: ${JSON.stringify(seen)}`);
    assert.ok(seen.dense > seen.grid, `dense fits more cards a row: ${JSON.stringify(seen)}`);
    assert.equal(seen.list, 1, `a list has one card a row: ${JSON.stringify(seen)}`);
  });

  it('cards: raised has a shadow, flat has no surface, outlined has a border instead of a shadow', async () => {
    const card = async (page) => {
      await stylesApplied(page);
      return page.locator('.card').first().evaluate((el) => {
        const s = getComputedStyle(el);
        return { shadow: s.boxShadow, background: s.backgroundColor, border: `${s.borderTopWidth} ${s.borderTopStyle}` };
      });
    };
    const seen = {};
    for (const cards of ['raised', 'flat', 'outlined']) {
      const { server, page } = await layoutPage(suite, { preset: 'quiet', layout: { cards } });
      seen[cards] = await card(page);
      await done(suite, page, server);
    }
    assert.notEqual(seen.raised.shadow, 'none', JSON.stringify(seen.raised));
    assert.equal(seen.raised.border.split(' ')[1], 'none', JSON.stringify(seen.raised));
    assert.equal(seen.flat.shadow, 'none', JSON.stringify(seen.flat));
    assert.equal(seen.flat.background, 'rgba(0, 0, 0, 0)', JSON.stringify(seen.flat));
    assert.equal(seen.outlined.shadow, 'none', JSON.stringify(seen.outlined));
    assert.match(seen.outlined.border, /^[1-9][\d.]*px solid$/, JSON.stringify(seen.outlined));
  });

  it('header: full shows the bio and place, compact only a small avatar and the name, centered a larger avatar in the middle', async () => {
    const seen = {};
    for (const header of ['full', 'compact', 'centered']) {
      const { server, page } = await layoutPage(suite, { layout: { header } });
      const avatar = await page.locator('.seller__avatar').boundingBox();
      const seller = await page.locator('.seller').boundingBox();
      const name = await page.locator('.seller__name').boundingBox();
      seen[header] = {
        avatar: avatar.width,
        bio: await page.locator('.seller__bio').isVisible(),
        place: await page.locator('.seller__location').isVisible(),
        avatarCentre: avatar.x + avatar.width / 2 - (seller.x + seller.width / 2),
        nameBelowAvatar: name.y >= avatar.y + avatar.height,
      };
      await done(suite, page, server);
    }
    assert.equal(seen.full.bio, true, JSON.stringify(seen));
    assert.equal(seen.full.place, true, JSON.stringify(seen));
    assert.equal(seen.compact.bio, false, 'compact hides the bio');
    assert.equal(seen.compact.place, false, 'compact hides the place');
    assert.ok(seen.compact.avatar < seen.full.avatar, `a smaller avatar: ${JSON.stringify(seen)}`);
    assert.ok(seen.centered.avatar > seen.full.avatar, `a larger avatar: ${JSON.stringify(seen)}`);
    assert.ok(Math.abs(seen.centered.avatarCentre) <= 1, `the avatar is centred: ${JSON.stringify(seen.centered)}`);
    assert.equal(seen.centered.nameBelowAvatar, true, 'the name is under the avatar');
    assert.equal(seen.full.nameBelowAvatar, false, 'full puts the name beside the avatar');
  });

  it('corners: round keeps the preset\'s radii, soft makes them small, square removes them', async () => {
    const radii = async (page) => ({
      card: await computed(page, '.card', 'borderTopLeftRadius'),
      chip: await computed(page, '.chip', 'borderTopLeftRadius'),
      avatar: await computed(page, '.seller__avatar', 'borderTopLeftRadius'),
    });
    const seen = {};
    for (const corners of ['round', 'soft', 'square']) {
      const { server, page } = await layoutPage(suite, { preset: 'quiet', layout: { corners } });
      seen[corners] = await radii(page);
      await done(suite, page, server);
    }
    assert.equal(seen.round.avatar, '50%', JSON.stringify(seen));
    assert.deepEqual(seen.soft, { card: '6px', chip: '8px', avatar: '8px' });
    assert.deepEqual(seen.square, { card: '0px', chip: '0px', avatar: '0px' });
    assert.ok(parseFloat(seen.round.card) > parseFloat(seen.soft.card), `round is rounder than soft: ${JSON.stringify(seen)}`);
  });

  it('every preset on 1024 and 1440 px screens: gallery beside the buy box, buy button above the fold', async () => {
    for (const preset of ['quiet', 'bold', 'handmade', 'contrast']) {
      const server = await themedShop(suite, { preset });
      for (const viewport of [{ width: 1024, height: 768 }, { width: 1440, height: 900 }]) {
        const page = await (await suite.browser.newContext({ viewport })).newPage();
        const errors = watchErrors(page);
        await page.goto(`${server.url}/p/jasmine-pearls`);
        await page.locator('.buy__add').waitFor();
        const box = async (s) => page.locator(s).first().boundingBox();
        const [gallery, title, price, buy] = [await box('.gallery'), await box('.product__title'), await box('.product__price'), await box('.buy__add')];
        const at = `${preset} at ${viewport.width}x${viewport.height}`;
        for (const [name, b] of [['title', title], ['price', price], ['buy button', buy]]) {
          assert.ok(b.y + b.height <= viewport.height, `${at}: the ${name} is above the fold: ${JSON.stringify(b)}`);
          assert.ok(b.x >= gallery.x + gallery.width, `${at}: the ${name} is beside the gallery: ${JSON.stringify(b)} vs ${JSON.stringify(gallery)}`);
        }
        assert.ok(gallery.width >= viewport.width / 4, `${at}: the gallery is not squeezed: ${JSON.stringify(gallery)}`);
        assert.deepEqual(errors, [], at);
        await page.context().close();
      }
      await server.stop();
      suite.server = undefined;
    }
  });
});
