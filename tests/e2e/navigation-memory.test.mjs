// Memory per navigation in a small shop (issue 16 item 3, "memory bounded";
// docs/performance.md, "Memory per navigation"). The demo shop (its whole catalog in
// its manifest), in one page, with the app's own navigation:
// - a product page opened from a feed card, then Back, many times;
// - the feed's search typed and cleared, many times.
// Asserted, by bytes and counts (no timings): the wasm memory (it only grows: the
// allocator's high-water mark, read through the harness's WATCH_MEMORIES) grows by
// less than a stated bound after a warm-up, and the page's JS event listeners (CDP
// `Memory.getDOMCounters`, after a garbage collection) do not grow.
//
// What leaked: a Leptos signal forgets the views that read it only when it changes.
// Every card's and product page's effects stayed in the subscriber sets of the
// shop's locale, the cart, the address's query (signals of the page's life, which
// seldom change), each keeping its allocation, so every product page and Back kept
// about 11 KB for good (fixed by src/reactive.rs' `Lasting` and `ReadOnly`, and the
// address's query in src/web/address.rs).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, phoneContext, startServer, WATCH_MEMORIES, watchErrors } from './harness.mjs';
import { shopShown, textIs } from './wait.mjs';

/** Round trips before the first reading: every page and part has been seen. */
const WARM_UP = 10;
/** Product pages opened (card, then Back) after the warm-up. */
const TRIPS = 80;
/** Searches typed and cleared after the warm-up. */
const SEARCHES = 60;
/**
 * How much the wasm memory may grow over those (four 64 KiB pages). Measured on the
 * demo shop before the fix (integ ef4c68b): +1,048,576 to +1,114,112 B over 80 product
 * pages and Back (about 13 KB each), +327,680 B over 60 searches (about 5 KB each);
 * with it: nothing over either (docs/performance.md). A leak of 3.3 KB a product page
 * would cross the bound; the allocator's own rounding and a page of the memory's
 * growth fit well under it.
 */
const MAX_GROWTH = 4 * 65536;
const CARDS = 'main .card:not(.card--skeleton) a.card__link';

describe('the demo shop, navigated many times in one page', () => {
  let browser, server, page, cdp, errors;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const context = await phoneContext(browser);
    await context.addInitScript(WATCH_MEMORIES);
    page = await context.newPage();
    errors = watchErrors(page);
    cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await page.goto(`${server.url}/`);
    await shopShown(page);
    await page.locator(CARDS).first().waitFor();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const wasmBytes = () => page.evaluate(() => [...window.__memories].reduce((n, m) => n + m.buffer.byteLength, 0));
  const listeners = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Memory.getDOMCounters')).jsEventListeners;
  };
  const feedShown = () => page.waitForFunction(
    (selector) => !document.querySelector('.product__title') && document.querySelector(selector),
    CARDS,
  );

  it(`keeps no memory per product page and Back (${TRIPS} after ${WARM_UP})`, async (t) => {
    const count = await page.locator(CARDS).count();
    assert.ok(count > 4, `the demo shop's feed shows ${count} cards`);
    const trip = async (k) => {
      const card = page.locator(CARDS).nth(k % count);
      const title = await card.locator('.card__title').innerText();
      await card.click();
      await textIs(page.locator('.product__title'), title);
      await page.goBack();
      await feedShown();
    };
    for (let k = 0; k < WARM_UP; k++) await trip(k);
    const [bytes, heard] = [await wasmBytes(), await listeners()];
    for (let k = WARM_UP; k < WARM_UP + TRIPS; k++) await trip(k);
    const [grown, heardNow] = [(await wasmBytes()) - bytes, await listeners()];
    t.diagnostic(`wasm memory ${bytes} B after ${WARM_UP} product pages, grown by ${grown} B over ${TRIPS} more; JS event listeners ${heard} -> ${heardNow}`);
    assert.ok(grown <= MAX_GROWTH, `the wasm memory grew by ${grown} B over ${TRIPS} product pages and Back (bound ${MAX_GROWTH} B)`);
    assert.ok(heardNow <= heard, `JS event listeners ${heard} -> ${heardNow}`);
    assert.deepEqual(errors, []);
  });

  it(`keeps no memory per search typed and cleared (${SEARCHES} after ${WARM_UP})`, async (t) => {
    const search = page.getByRole('searchbox', { name: 'Search' });
    // Words that each find some products (a search that finds none shows another
    // view in the grid's place, which would drop what the grid held either way).
    const words = ['tea', 'jasmine', 'gongfu', 'cup'];
    const asked = (q) => page.waitForFunction((want) => (new URL(location.href).searchParams.get('q') ?? '') === want
      && document.querySelector('main .card:not(.card--skeleton)'), q);
    const round = async (k) => {
      const word = words[k % words.length];
      await search.fill(word);
      await asked(word);
      await search.fill('');
      await asked('');
    };
    for (let k = 0; k < WARM_UP; k++) await round(k);
    const [bytes, heard] = [await wasmBytes(), await listeners()];
    for (let k = WARM_UP; k < WARM_UP + SEARCHES; k++) await round(k);
    const [grown, heardNow] = [(await wasmBytes()) - bytes, await listeners()];
    t.diagnostic(`wasm memory ${bytes} B, grown by ${grown} B over ${SEARCHES} searches; JS event listeners ${heard} -> ${heardNow}`);
    assert.ok(grown <= MAX_GROWTH, `the wasm memory grew by ${grown} B over ${SEARCHES} searches (bound ${MAX_GROWTH} B)`);
    assert.ok(heardNow <= heard, `JS event listeners ${heard} -> ${heardNow}`);
    assert.deepEqual(errors, []);
  });
});
