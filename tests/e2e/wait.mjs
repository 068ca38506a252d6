// "Wait until" primitives for the end-to-end tests (docs/testing.md). playwright-core
// has no auto-retrying `expect`: a value read once right after an action (a count, a
// text, `img.complete`) is whatever the page had reached by then, which on a busy
// machine is often not yet the state the assertion is about. These wait for that
// state, and fail after a time limit saying what they waited for and what they saw.
import assert from 'node:assert/strict';

/** How long a wait lasts before it fails (Playwright's own default for actions). */
export const WAIT_MS = 30_000;

/** The pauses between two looks at a state that is not there yet: quick first, then calmer. */
const LOOKS = [0, 20, 50, 100, 100, 250, 250, 500];

/**
 * Calls `check(note)` until it returns something truthy, and returns that. `note(x)`
 * records what the check saw last (shown when the wait fails). Failing after
 * `timeout` ms, the error names `what` was awaited.
 */
export async function until(check, { what, timeout = WAIT_MS } = {}) {
  const end = Date.now() + timeout;
  let last;
  const note = (seen) => { last = seen; };
  for (let i = 0; ; i++) {
    const value = await check(note);
    if (value) return value;
    if (Date.now() > end) {
      const seen = last === undefined ? '' : ` (last seen: ${typeof last === 'string' ? last : JSON.stringify(last)})`;
      throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}${seen}`);
    }
    const pause = LOOKS[Math.min(i, LOOKS.length - 1)];
    await new Promise((ok) => setTimeout(ok, pause)); // allow-sleep: poll interval of until()
  }
}

/**
 * Waits until the app has drawn the shop (or the page saying why it cannot): the page's
 * own first screen (`#boot`: index.html's skeleton cards, or the screen `microshop
 * publish` prerendered) is gone and nothing is marked busy. Waiting for `.card` alone
 * is not that: index.html's four skeleton cards are `.card`s too. `target` is a page
 * or a frame.
 */
export async function shopShown(target, { timeout = WAIT_MS } = {}) {
  await target.waitForFunction(
    () => !document.getElementById('boot') && !document.querySelector('[aria-busy="true"]') && document.querySelector('main'),
    null,
    { timeout },
  );
}

/** Waits until `read()` (a value from the page) deep-equals `expected`; returns it. */
export async function valueIs(read, expected, what) {
  await until(async (note) => {
    const value = await read();
    note(value);
    try { assert.deepEqual(value, expected); return true; } catch { return false; }
  }, { what: `${what} to be ${JSON.stringify(expected)}` });
  return expected;
}

/** Waits until `locator` matches exactly `n` elements. */
export async function countIs(locator, n) {
  return valueIs(() => locator.count(), n, `the count of ${locator}`);
}

/** Waits until `locator`'s text (innerText, trimmed) equals `expected` or matches it (a RegExp); returns the text. */
export async function textIs(locator, expected) {
  const ok = (t) => (expected instanceof RegExp ? expected.test(t) : t === expected);
  let text;
  await until(async (note) => {
    text = (await locator.innerText({ timeout: WAIT_MS })).trim();
    note(text);
    return ok(text);
  }, { what: `the text of ${locator} to ${expected instanceof RegExp ? 'match' : 'be'} ${expected}` });
  return text;
}

/** Waits until `locator` is visible and enabled (not `disabled`, not `aria-disabled="true"`). */
export async function visibleAndEnabled(locator, { timeout = WAIT_MS } = {}) {
  await locator.waitFor({ state: 'visible', timeout });
  await until(async (note) => {
    const state = await locator.evaluate((el) => ({
      disabled: el.matches(':disabled'),
      aria: el.getAttribute('aria-disabled') === 'true',
    }));
    note(state);
    return !state.disabled && !state.aria;
  }, { what: `${locator} to be enabled`, timeout });
}

/**
 * Waits until the image `locator` has loaded and is decoded (`img.decode()`, scrolled
 * into view first so a lazy image starts loading); returns its natural size. An image
 * that cannot load fails here, naming its address. Unlike `img.complete`, which is
 * also true for an image that has not started or has failed, this is the state a
 * buyer sees a picture in.
 */
export async function imageDecoded(locator, { timeout = WAIT_MS } = {}) {
  await locator.waitFor({ timeout });
  await locator.scrollIntoViewIfNeeded({ timeout });
  let timer;
  const decoded = await Promise.race([
    locator.evaluate(async (img) => {
      try {
        await img.decode();
      } catch (e) {
        return { error: `${e.name}: ${e.message}`, src: img.currentSrc || img.src };
      }
      return { width: img.naturalWidth, height: img.naturalHeight };
    }),
    // allow-sleep: a time limit on decode(), not a wait for the app
    new Promise((ok) => { timer = setTimeout(() => ok({ error: `not decoded within ${timeout / 1000} s` }), timeout); }),
  ]).finally(() => clearTimeout(timer));
  if (decoded.error) throw new Error(`the image ${locator} did not load: ${decoded.error} (${decoded.src ?? ''})`.slice(0, 300));
  assert.ok(decoded.width > 0, `the image ${locator} has a size`);
  return decoded;
}

/**
 * Waits until the iframe `iframe` (a locator) is as tall as its content (the frame's
 * body, as the shop measures it) within `slack` px, the same on two looks in a row:
 * the embedding page has taken the frame's last size message. Returns the height.
 */
export async function frameSettled(iframe, { slack = 1, timeout = WAIT_MS } = {}) {
  const frame = await (await iframe.elementHandle({ timeout })).contentFrame();
  let previous;
  return until(async (note) => {
    const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    const box = await iframe.evaluate((el) => el.getBoundingClientRect().height);
    const now = `${content}/${box}`;
    const same = now === previous;
    previous = now;
    note(`content ${content} px in a ${box} px frame`);
    return same && Math.abs(content - box) <= slack && content;
  }, { what: `${iframe} to fit its content`, timeout });
}

/**
 * Follows the requests `page` makes to `origin` (the app's own: the shop, its files,
 * its endpoint). `idle()` waits until none is in flight, and none started in the two
 * animation frames after that (a fetch that leads to another fetch).
 */
export function networkWatch(page, origin) {
  const inFlight = new Set();
  const ours = (request) => request.url().startsWith(origin);
  page.on('request', (r) => { if (ours(r)) inFlight.add(r); });
  page.on('requestfinished', (r) => inFlight.delete(r));
  page.on('requestfailed', (r) => inFlight.delete(r));
  const frames = () => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  return {
    inFlight: () => [...inFlight].map((r) => r.url()),
    async idle({ timeout = WAIT_MS } = {}) {
      await until(async (note) => {
        if (inFlight.size) return note([...inFlight].map((r) => r.url())), false;
        await frames();
        return inFlight.size === 0;
      }, { what: `no request to ${origin} in flight`, timeout });
    },
  };
}

/**
 * Waits until the page's styles are in force: every `<link rel=stylesheet>` has loaded
 * (the seller's stylesheet is added by the app after the first screen, and a link added
 * that way does not hold the page back: a computed style read before it arrives is the
 * app's alone) and the fonts the page uses have loaded. A stylesheet that cannot load
 * fails here, naming it. `target` is a page or a frame.
 */
export async function stylesApplied(target, { timeout = WAIT_MS } = {}) {
  await until(async (note) => {
    const pending = await target.evaluate(() => [
      ...[...document.querySelectorAll('link[rel=stylesheet]')].filter((l) => !l.sheet).map((l) => l.href),
      ...(document.fonts.status === 'loaded' ? [] : ['fonts']),
    ]);
    note(`not loaded yet: ${pending.join(', ')}`);
    return pending.length === 0;
  }, { what: 'the stylesheets and fonts to load', timeout });
}
