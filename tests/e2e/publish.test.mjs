// A published shop (`microshop publish`) on a plain static host: pages that paint
// before the wasm arrives, that the app takes over without a jump, and deep links
// that work on a host with no fallback at all, under a sub-path too.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DIST, ROOT, launchBrowser, phoneContext, watchErrors } from './harness.mjs';
import { orders } from './db.mjs';
import { Shop } from './shop.mjs';
import { networkWatch, shopShown, until, visibleAndEnabled } from './wait.mjs';

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Waits until something answers HTTP at `url` (a server just started by `child`). */
async function answering(url, child) {
  await until(async (note) => {
    if (child.exitCode !== null) throw new Error(`${child.spawnargs.join(' ')} exited ${child.exitCode}`);
    try { await fetch(url); return true; } catch (e) { return note(e.cause?.code ?? e.message), false; }
  }, { what: `a server answering at ${url}` });
}

/** Python's http.server on `root` at `port`: a static host with no fallback, no rewrites. */
async function staticHost(root, port) {
  const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', root], { stdio: 'ignore' });
  try {
    await answering(`http://127.0.0.1:${port}/`, child);
  } catch (e) {
    child.kill();
    throw e;
  }
  return { stop: () => child.kill() };
}

/**
 * Notes every layout shift from the first paint on and each largest-paint candidate
 * (and whether it was part of the prerendered screen). `__shiftsNow()` also takes the
 * shifts the observer has not been told of yet (its callback comes in a later task).
 * Every shift counts, whatever `hadRecentInput` says: the tests read them before the
 * buyer's first tap, and Chromium also sets that flag for 500 ms after a viewport
 * resize, which Playwright's phone emulation fires at a moment that varies from run
 * to run (the same shift counted or not by chance made this test flaky).
 */
const CLS_OBSERVER = () => {
  window.__shifts = [];
  window.__lcp = [];
  const note = (entries) => {
    for (const e of entries) {
      const moved = e.sources.map((s) => `${s.node?.nodeName?.toLowerCase()}.${s.node?.className ?? ''} ${Math.round(s.previousRect.y)}->${Math.round(s.currentRect.y)}`);
      window.__shifts.push(`${e.value.toFixed(4)} at ${Math.round(e.startTime)} ms: ${moved.join(', ')}`);
    }
  };
  const observer = new PerformanceObserver((list) => note(list.getEntries()));
  observer.observe({ type: 'layout-shift', buffered: true });
  window.__shiftsNow = () => { note(observer.takeRecords()); return window.__shifts; };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__lcp.push({ tag: e.element?.tagName ?? '(removed)', prerendered: Boolean(e.element?.closest('#boot')) });
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
};

describe('a published shop on a static host', () => {
  let browser, dir, host, base;
  before(async () => {
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), 'microshop-site-'));
    // Published under a sub-path, as on a pages service: http://host/teashop/
    const port = await freePort();
    base = `http://127.0.0.1:${port}/teashop/`;
    const site = join(dir, 'teashop');
    mkdirSync(site);
    execFileSync(BIN, ['publish', join(ROOT, 'public', 'shop.json'), site, '--base-url', base, '--dist', DIST], { stdio: 'pipe' });
    host = await staticHost(dir, port);
  });
  after(async () => {
    host?.stop();
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the product, its title and price, with JavaScript off', async () => {
    const context = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}p/glass-fair-cup/`);
    assert.match(await page.locator('.product__title').innerText(), /Heat-proof glass pitcher|耐热玻璃公道杯/);
    assert.match(await page.locator('.product__price').innerText(), /39\.90/);
    // Plain links work before any script: back to the shop, under the sub-path.
    const home = await page.locator('a[href$="/teashop/"]').first().getAttribute('href');
    assert.ok(home, 'a link back to the shop');
    await context.close();
  });

  it('the app takes over the prerendered page without a layout shift, and the buyer can add to cart', async () => {
    // A browser asking for the page's own language (the shop's default, zh-CN).
    const context = await phoneContext(browser, { locale: 'zh-CN' });
    await context.addInitScript(CLS_OBSERVER);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const network = networkWatch(page, new URL(base).origin);
    await page.goto(`${base}p/glass-fair-cup/`);
    // Prerendered first, then the app's own page (the prerendered #boot is gone).
    const add = page.getByRole('button', { name: '加入购物车' });
    await visibleAndEnabled(add);
    await page.waitForFunction(() => !document.getElementById('boot'));
    await network.idle();
    assert.deepEqual(await page.evaluate(() => window.__shiftsNow()), [], 'no layout shift');
    await add.click();
    await page.getByTestId('cart-count').filter({ hasText: '1' }).waitFor();
    assert.deepEqual(errors, []);
    // The feed too, in the buyer's language at once (English here).
    const en = await (await phoneContext(browser)).newPage();
    await en.context().addInitScript(CLS_OBSERVER);
    const enNetwork = networkWatch(en, new URL(base).origin);
    await en.goto(base);
    await en.locator('main .card').first().waitFor();
    await en.waitForFunction(() => !document.getElementById('boot') && document.documentElement.lang === 'en');
    // Whatever could still move the feed has arrived (its pictures, the fonts) and been
    // laid out, before the shifts are counted.
    await enNetwork.idle();
    await en.evaluate(() => document.fonts.ready);
    assert.deepEqual(await en.evaluate(() => window.__shiftsNow()), [], 'no layout shift on the feed');
    await context.close();
    await en.context().close();
  });

  it('the app builds the feed behind the prerendered screen in steps, then shows it in a step that adds nothing', async () => {
    // The takeover was one long task (docs/performance.md, "Where the feed's boot time
    // goes"); src/app.rs now builds the footer, then the page, hidden behind #boot, and
    // shows them by removing #boot. A mutation observer's callback gets what one
    // microtask checkpoint changed: the one that sees #boot go must add no element, with
    // the page's cards already in, and the footer and the cards come in different ones.
    const context = await phoneContext(browser);
    await context.addInitScript(() => {
      const count = (nodes, selector) => [...nodes].filter((n) => n.nodeType === 1)
        .reduce((s, n) => s + (n.matches(selector) ? 1 : 0) + n.querySelectorAll(selector).length, 0);
      // The app's, not the prerendered screen's (which the parser adds).
      const ours = (nodes, selector) => [...nodes].filter((n) => n.nodeType === 1)
        .flatMap((n) => [...(n.matches(selector) ? [n] : []), ...n.querySelectorAll(selector)])
        .filter((e) => !e.closest('#boot')).length;
      window.__steps = [];
      new MutationObserver((records) => {
        const added = records.flatMap((r) => [...r.addedNodes]);
        const removed = records.flatMap((r) => [...r.removedNodes]);
        window.__steps.push({
          elements: count(added, '*'),
          cards: count(added, '.card'),
          footers: count(added, '.site-footer'),
          toolbars: ours(added, '.toolbar'),
          chips: ours(added, '.chips'),
          mastheads: ours(added, '.masthead'),
          shown: removed.some((n) => n.id === 'boot'),
          cardsIn: [...document.querySelectorAll('main .card')].filter((c) => !c.closest('#boot')).length,
          chipsIn: [...document.querySelectorAll('main .chips')].filter((c) => !c.closest('#boot')).length,
          mastheadsIn: [...document.querySelectorAll('.masthead')].filter((c) => !c.closest('#boot')).length,
        });
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(base);
    await page.waitForFunction(() => !document.getElementById('boot'));
    const steps = await page.evaluate(() => window.__steps);
    const shown = steps.find((s) => s.shown);
    assert.ok(shown, JSON.stringify(steps));
    assert.equal(shown.elements, 0, `the step that shows the app only removes #boot: ${JSON.stringify(steps)}`);
    assert.equal(shown.cardsIn, 6, 'the first screen\'s cards were built before it');
    assert.ok(!steps.some((s) => s.footers > 0 && s.cards > 0), `the footer and the cards in different steps: ${JSON.stringify(steps)}`);
    // The page itself in two steps (session 12): the toolbar with the page, the share bar
    // and the chips in a step of their own, before the one that shows.
    assert.equal(shown.chipsIn, 1, 'the chips were built before the step that shows');
    assert.ok(!steps.some((s) => s.toolbars > 0 && s.chips > 0), `the page and its chips in different steps: ${JSON.stringify(steps)}`);
    // The seller's header in a step of its own too (session 14): with it, the page's step
    // was the feed's longest task in Lighthouse's runs (docs/performance.md).
    assert.equal(shown.mastheadsIn, 1, 'the seller\'s header was built before the step that shows');
    assert.ok(!steps.some((s) => s.mastheads > 0 && (s.toolbars > 0 || s.chips > 0)),
      `the seller's header, the page and its chips in different steps: ${JSON.stringify(steps)}`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a card tapped the moment the app shows the feed opens its product, while the feed was still adding cards', async () => {
    // The first feed adds its cards a few a task, each task queueing the next
    // (src/catalog/feed.rs); a buyer who leaves the feed before the last one (a card
    // tapped as the app takes over) must not meet a task reading the feed that is gone
    // (a disposed signal's read panics: the app would stop). The tap comes in the
    // mutation observer's callback that sees #boot go: the feed then has 6 of its 29
    // cards, and the rest still to come.
    const context = await phoneContext(browser);
    await context.addInitScript(() => {
      new MutationObserver((records, observer) => {
        if (!records.some((r) => [...r.removedNodes].some((n) => n.id === 'boot'))) return;
        observer.disconnect();
        window.__cardsAtTap = document.querySelectorAll('main .card').length;
        const link = document.querySelector('main .card a.card__link');
        window.__tapped = link?.textContent.trim() ?? '';
        link?.click();
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(base);
    await page.waitForFunction(() => window.__tapped !== undefined);
    const [cards, tapped] = await page.evaluate(() => [window.__cardsAtTap, window.__tapped]);
    assert.ok(cards < 29, `the tap came before the feed's last cards (${cards} of 29 in)`);
    assert.ok(tapped, 'a card was tapped');
    await page.locator('.product__title').waitFor();
    // Ten tasks more, so every batch the feed had queued (one a task, at most four left)
    // has run: none may have failed.
    await page.evaluate(() => new Promise((resolve) => {
      let n = 0;
      // allow-sleep: proves a failure does NOT come (a gone feed's batches change no state to wait for)
      const tick = () => (++n > 10 ? resolve() : setTimeout(tick, 0));
      tick();
    }));
    assert.deepEqual(errors, []);
    await page.getByRole('button', { name: /add to cart/i }).click();
    await page.getByTestId('cart-count').filter({ hasText: '1' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('in a browser asking for another language the largest paint stays the prerendered screen\'s', async () => {
    const context = await phoneContext(browser);
    await context.addInitScript(CLS_OBSERVER);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}p/glass-fair-cup/`);
    // Taken over in the page's language, then switched to the buyer's (English here).
    await visibleAndEnabled(page.getByRole('button', { name: 'Add to cart' }));
    await page.waitForFunction(() => !document.getElementById('boot') && document.documentElement.lang === 'en');
    // The app's takeover (in a browser asking for English, while the page is
    // prerendered in Chinese) adds no larger element, so the largest paint never waits
    // for the wasm.
    const candidates = await page.evaluate(() => window.__lcp);
    assert.ok(candidates.length > 0);
    assert.deepEqual(candidates.filter((c) => !c.prerendered), [], JSON.stringify(candidates));
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByTestId('cart-count').filter({ hasText: '1' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  // Was a known fault (the share bar moved 24 px, CLS 0.032), counted before only when
  // it came more than 500 ms after the emulated resize; the app now shows the share bar
  // once the page has switched (docs/performance.md), so every run asserts it.
  it('switching a prerendered product page to the buyer\'s language moves nothing', async () => {
    const context = await phoneContext(browser);
    await context.addInitScript(CLS_OBSERVER);
    const page = await context.newPage();
    await page.goto(`${base}p/glass-fair-cup/`);
    await page.waitForFunction(() => !document.getElementById('boot') && document.documentElement.lang === 'en');
    // The share bar comes once the page has switched: the shifts are read after it
    // is there, laid out and painted (two frames), with the fonts loaded.
    await page.locator('main .share').first().waitFor();
    await page.evaluate(() => document.fonts.ready);
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    try {
      assert.deepEqual(await page.evaluate(() => window.__shiftsNow()), []);
    } finally {
      await context.close();
    }
  });

  it("the prerendered first screen is the app's own: same elements, same words", async () => {
    // What each page must show the same way before and after the app starts.
    const selectors = [
      '.seller__name', '.seller__location', '.seller__bio', '.trust__summary', '.share__buttons', '.toolbar', '.chip',
      '.card__title', '.card__price', '.badge--sold-out',
      '.product__title', '.product__price', '.gallery__image', '.option__value', '.product__stock', '.buy__limit',
    ];
    const snapshot = async (page, root) => page.evaluate(([root, selectors]) => {
      const scope = document.querySelector(root);
      return Object.fromEntries(selectors.map((s) => {
        const found = [...scope.querySelectorAll(s)].slice(0, 6);
        return [s, found.map((e) => e.textContent.replace(/\s+/g, ' ').trim())];
      }));
    }, [root, selectors]);
    for (const path of ['', 'p/jasmine-pearls/', 'p/festival-gift-box/']) {
      const off = await (await phoneContext(browser, { javaScriptEnabled: false, locale: 'zh-CN' })).newPage();
      await off.goto(`${base}${path}`);
      const prerendered = await snapshot(off, '#boot .page');
      const on = await (await phoneContext(browser, { locale: 'zh-CN' })).newPage();
      await on.goto(`${base}${path}`);
      await on.waitForFunction(() => !document.getElementById('boot') && document.querySelector('main'));
      const app = await snapshot(on, '.page');
      for (const s of selectors) {
        assert.deepEqual(prerendered[s], app[s].slice(0, prerendered[s].length), `${path || 'feed'} ${s}`);
      }
      assert.ok(prerendered['.card__title'].length + prerendered['.product__title'].length > 0, 'something was prerendered');
    }
  });

  it("deep links and the app's own links stay under the sub-path on a host with no fallback", async () => {
    const page = await (await phoneContext(browser)).newPage();
    const errors = watchErrors(page);
    for (const path of ['', 'p/jasmine-pearls/', 'c/teaware/', 'cart/', 'checkout/']) {
      const response = await page.goto(`${base}${path}`);
      assert.equal(response.status(), 200, path);
    }
    await page.goto(`${base}c/teaware/`);
    await page.locator('main .card').first().waitFor();
    const href = await page.locator('main .card a').first().getAttribute('href');
    assert.match(href, /^\/teashop\/p\/[^/]+\/$/);
    await page.locator('main .card a').first().click();
    await page.waitForURL(/\/teashop\/p\/[^/]+\/$/);
    await page.reload();
    // While the app builds its page behind the prerendered one, both hold a `.product__title`.
    await shopShown(page);
    await page.locator('.product__title').waitFor();
    assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
  });

  it('a buyer orders from the published demo as the README serves it, and the order is in the database', async () => {
    // scripts/demo.sh: publish at the origin's root, then `microshop serve --site`.
    const port = await freePort();
    const site = join(dir, 'root-site');
    const db = join(dir, 'orders.sqlite');
    execFileSync(BIN, ['publish', join(ROOT, 'public', 'shop.json'), site, '--base-url', `http://127.0.0.1:${port}/`, '--dist', DIST], { stdio: 'pipe' });
    const child = spawn(BIN, ['serve', '--site', site, '--addr', `127.0.0.1:${port}`, '--db', db], { stdio: 'ignore' });
    try {
      await answering(`http://127.0.0.1:${port}/`, child);
      const page = await (await phoneContext(browser)).newPage();
      const shop = new Shop(page, `http://127.0.0.1:${port}`);
      await shop.checkoutWith('glass-fair-cup');
      await shop.placeOrder();
      const id = await shop.expectConfirmation();
      const stored = orders(db);
      assert.equal(stored.length, 1);
      assert.equal(stored[0].order_id, id);
      assert.equal(stored[0].lines[0].sku, 'GL-FC-250');
    } finally {
      child.kill();
    }
  });
});
