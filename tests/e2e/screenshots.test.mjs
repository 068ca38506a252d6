// A phone-sized (390x844) screenshot of the feed and a product page in each preset
// and each of the demo shop's languages, kept in test-results/screenshots/ as an
// artifact to look at (docs/theming.md shows them). Chinese and Japanese need a CJK
// font on the machine (scripts/setup.sh installs fonts-noto-cjk).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchBrowser, phoneContext } from './harness.mjs';
import { LOCALES, PRESETS, serveLook } from './looks.mjs';
import { networkWatch, shopShown } from './wait.mjs';

const OUT = join(ROOT, 'test-results', 'screenshots');

describe('preset screenshots', () => {
  let browser;
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchBrowser();
  });
  after(async () => { await browser?.close(); });

  it('the machine has a CJK font, so Chinese and Japanese show real glyphs', () => {
    const fonts = execFileSync('fc-list', [':lang=zh-cn', 'family'], { encoding: 'utf8' });
    assert.match(fonts, /Noto Sans CJK/, 'no Noto Sans CJK: run scripts/setup.sh');
  });

  for (const preset of PRESETS) {
    it(`${preset}: feed and product page at 390x844 in ${LOCALES.join(', ')}`, async () => {
      const server = await serveLook({ preset, locales: LOCALES });
      try {
        for (const locale of LOCALES) {
          const context = await phoneContext(browser, { locale, reducedMotion: 'reduce' });
          const page = await context.newPage();
          const network = networkWatch(page, server.url);
          for (const [name, path, ready] of [
            ['feed', '/', '.card img'],
            ['product', '/p/ru-kiln-teacup/', '.gallery__image'],
          ]) {
            await page.goto(`${server.url}${path}?lang=${locale}`);
            await shopShown(page);
            await page.locator(ready).first().waitFor();
            // The pictures in view are in and decoded, the fonts loaded: what a buyer sees.
            await network.idle();
            await page.evaluate(() => Promise.all([...document.images].filter((i) => i.loading !== 'lazy').map((i) => i.decode().catch(() => {}))));
            await page.evaluate(() => document.fonts.ready);
            const file = join(OUT, `${preset}-${locale}-${name}.png`);
            await page.screenshot({ path: file });
            assert.ok(statSync(file).size > 10_000, `${file} has a picture in it`);
          }
          await context.close();
        }
      } finally {
        await server.stop();
      }
    });
  }
});
