// Contrast of every text/background token pair in every look (tests/e2e/looks.mjs),
// computed from the tokens as the browser resolves them (presets, dark mode, the
// theme's own values), so it holds whichever file a token is defined in.
// The pairs come from the stylesheets themselves: a rule that sets `color:
// var(--a)` and a background `var(--b)` pairs a with b; a rule that sets only the
// colour pairs it with the page and card backgrounds. Text needs 4.5:1 (WCAG 1.4.3);
// the focus ring and form-field borders 3:1 against both backgrounds (1.4.11).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { launchBrowser, phoneContext } from './harness.mjs';
import { LOOKS, serveLook } from './looks.mjs';
import { shopShown } from './wait.mjs';

/** Contrast ratio of two sRGB colours [r, g, b] (0-255). */
export function contrast(a, b) {
  const lum = ([r, g, b]) => {
    const lin = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const BACKGROUNDS = ['--color-bg', '--color-surface'];
const UI = ['--color-focus', '--color-field-border'];

/** In the page: the token pairs the stylesheets use, and every token's colour as sRGB bytes. */
function readPairs() {
  const pairs = new Map();
  const add = (fg, bg, min, where) => {
    const key = `${fg} on ${bg}`;
    if (!pairs.has(key)) pairs.set(key, { fg, bg, min, where });
  };
  const token = (value) => value?.match(/var\((--color-[a-z0-9-]+)/)?.[1];
  const rules = [];
  const collect = (list) => {
    for (const rule of list) {
      if (rule.style) rules.push(rule);
      if (rule.cssRules) collect(rule.cssRules); // @media, @layer, @supports
    }
  };
  for (const sheet of document.styleSheets) collect(sheet.cssRules);
  for (const rule of rules) {
    const fg = token(rule.style.getPropertyValue('color'));
    if (!fg) continue;
    const bg = token(rule.style.getPropertyValue('background-color')) ?? token(rule.style.getPropertyValue('background'));
    const where = rule.selectorText;
    if (bg) add(fg, bg, 4.5, where);
    else for (const b of ['--color-bg', '--color-surface']) add(fg, b, 4.5, where);
  }
  // What the tokens resolve to here, painted to a canvas: any CSS colour syntax becomes sRGB.
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const probe = document.createElement('span');
  document.body.append(probe);
  const rgb = (name, under) => {
    probe.style.color = `var(${name})`;
    const css = getComputedStyle(probe).color;
    ctx.fillStyle = under ?? '#ffffff';
    ctx.fillRect(0, 0, 1, 1);
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    return { css, bytes: [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)] };
  };
  const defined = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() !== '';
  const out = [];
  for (const { fg, bg, min, where } of pairs.values()) {
    if (!defined(fg) || !defined(bg)) { out.push({ fg, bg, min, where, missing: true }); continue; }
    const back = rgb(bg, rgb('--color-bg').css);
    out.push({ fg, bg, min, where, fgColor: rgb(fg, back.css), bgColor: back });
  }
  for (const ui of ['--color-focus', '--color-field-border']) {
    for (const bg of ['--color-bg', '--color-surface']) {
      if (!defined(ui)) { out.push({ fg: ui, bg, min: 3, where: 'UI', missing: true }); continue; }
      const back = rgb(bg, rgb('--color-bg').css);
      out.push({ fg: ui, bg, min: 3, where: 'UI', fgColor: rgb(ui, back.css), bgColor: back });
    }
  }
  probe.remove();
  return out;
}

/** The pairs below their minimum on the page now loaded, as messages. */
async function lowPairs(page) {
  const pairs = await page.evaluate(readPairs);
  assert.ok(pairs.length >= 15, `found the pairs: ${pairs.length}`);
  const low = [];
  for (const p of pairs) {
    if (p.missing) { low.push(`${p.fg} on ${p.bg}: a token is not defined`); continue; }
    const ratio = contrast(p.fgColor.bytes, p.bgColor.bytes);
    if (ratio < p.min) low.push(`${p.fg} (${p.fgColor.css}) on ${p.bg} (${p.bgColor.css}): ${ratio.toFixed(2)}:1, needs ${p.min}:1 (${p.where})`);
  }
  return low;
}

describe('contrast of token pairs', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  it('the ratio is computed right (WCAG examples)', () => {
    assert.equal(contrast([0, 0, 0], [255, 255, 255]).toFixed(1), '21.0');
    assert.equal(contrast([119, 119, 119], [255, 255, 255]).toFixed(2), '4.48');
    assert.equal(contrast([255, 255, 255], [181, 72, 42]).toFixed(2), '5.35');
  });

  it('catches a pale token: muted text from the manifest at 2.2:1, a pale focus ring', async () => {
    const server = await serveLook({ preset: 'quiet' });
    try {
      const doc = JSON.parse(readFileSync(server.manifest, 'utf8'));
      doc.theme.tokens = { 'color-muted': '#aaa39a', 'color-focus': '#d8e4f4' };
      writeFileSync(server.manifest, JSON.stringify(doc));
      const page = await (await phoneContext(browser)).newPage();
      await page.goto(server.url);
      // The shop's theme is applied as the app replaces the skeleton: read after that.
      await shopShown(page);
      const low = await lowPairs(page);
      assert.ok(low.some((l) => l.startsWith('--color-muted (rgb(170, 163, 154)) on --color-bg')), low.join('\n'));
      assert.ok(low.some((l) => l.startsWith('--color-focus (rgb(216, 228, 244)) on --color-surface')), low.join('\n'));
      await page.context().close();
    } finally {
      await server.stop();
    }
  });

  for (const look of LOOKS) {
    it(`${look.name}: every text pair at least 4.5:1, focus ring and field borders 3:1`, async () => {
      const server = await serveLook(look);
      try {
        const context = await phoneContext(browser, { colorScheme: look.colorScheme });
        const page = await context.newPage();
        await page.goto(server.url);
        await shopShown(page);
        assert.deepEqual(await lowPairs(page), []);
        await context.close();
      } finally {
        await server.stop();
      }
    });
  }
});
