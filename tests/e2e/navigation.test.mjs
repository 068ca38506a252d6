// Moving around the shop (src/web/address.rs): links to the shop's pages are followed
// in the app, without a reload; a new page starts at the top with the focus on its
// heading; Back and Forward return to the same place; the clicks a browser keeps for
// itself (another tab, a download, another site, a modifier key) are left to it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { phoneContext, sharedShop, watchErrors } from './harness.mjs';
import { valueIs } from './wait.mjs';

/** An init script: the page's frames are held while `window.__held` is a list (a tap's
 * history entry waits for a task after the next frame, src/web/address.rs). */
function holdableFrames() {
  const frame = window.requestAnimationFrame.bind(window);
  window.__held = null;
  window.requestAnimationFrame = (f) => (window.__held ? window.__held.push(f) : frame(f));
}

/** Runs the frames held, and holds no more. */
function releaseFrames() {
  const held = window.__held;
  window.__held = null;
  held.forEach((f) => requestAnimationFrame(f));
}

describe('navigation', () => {
  const suite = sharedShop();

  it('a product link is followed in the app, and Back returns to the same place in the feed', async () => {
    const context = await phoneContext(suite.browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(suite.server.url);
    const cards = page.locator('main .card a');
    await cards.nth(12).waitFor();
    // Marks this document: a reload would lose it.
    await page.evaluate(() => { window.__sameDocument = true; });
    await cards.nth(12).scrollIntoViewIfNeeded();
    const y = await page.evaluate(() => scrollY);
    assert.ok(y > 300, `scrolled down the feed (${y} px)`);
    const href = await cards.nth(12).getAttribute('href');
    await cards.nth(12).click();
    await page.waitForURL((url) => url.pathname === href);
    await page.locator('.product__title').waitFor();
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'followed in the app, not reloaded');
    await page.waitForFunction(() => scrollY === 0 && document.activeElement?.tagName === 'H1');
    assert.match(await page.title(), / · Lantern Tea House$/);

    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/');
    await cards.nth(12).waitFor();
    await page.waitForFunction((y) => Math.abs(scrollY - y) <= 1, y);
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'Back stays in the app');

    await page.goForward();
    await page.waitForURL((url) => url.pathname === href);
    await page.locator('.product__title').waitFor();
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'Forward stays in the app');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('leaves to the browser the clicks it keeps for itself', async () => {
    const context = await phoneContext(suite.browser);
    const page = await context.newPage();
    await page.goto(suite.server.url);
    await page.locator('main .card').first().waitFor();
    // Whether the app took a click on a link like `attrs` (with `keys` held): a listener
    // added after the app's sees the click last, and stops the browser from following it.
    const taken = (attrs, keys = {}) => page.evaluate(([attrs, keys]) => new Promise((done) => {
      const link = Object.assign(document.createElement('a'), { textContent: 'link' });
      for (const [name, value] of Object.entries(attrs)) link.setAttribute(name, value);
      document.querySelector('main').append(link);
      window.addEventListener('click', (ev) => { done(ev.defaultPrevented); ev.preventDefault(); link.remove(); }, { once: true });
      link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ...keys }));
    }), [attrs, keys]);
    const cart = { href: '/cart/' };
    assert.equal(await taken(cart, { ctrlKey: true }), false, 'Ctrl: a new tab');
    assert.equal(await taken(cart, { metaKey: true }), false, 'Cmd: a new tab');
    assert.equal(await taken(cart, { shiftKey: true }), false, 'Shift: a new window');
    assert.equal(await taken({ ...cart, target: '_blank' }), false, 'a target of its own');
    assert.equal(await taken({ ...cart, download: 'cart.html' }), false, 'a download');
    assert.equal(await taken({ ...cart, rel: 'noopener external' }), false, 'rel=external');
    assert.equal(await taken({ href: 'https://example.com/cart/' }), false, 'another site');
    assert.equal(await taken({ href: 'mailto:seller@example.com' }), false, 'e-mail');
    assert.equal(new URL(page.url()).pathname, '/', 'none of them navigated');
    // A plain click on the same link is the app's: the cart page, in this document.
    assert.equal(await taken(cart), true, 'a plain click');
    await page.waitForURL((url) => url.pathname === '/cart/');
    await page.getByRole('heading', { level: 1, name: 'Cart' }).waitFor();
    await context.close();
  });

  it('an address still waiting to be written (a search, a tap) is written when the page is hidden: Back after leaving finds it', async () => {
    const context = await phoneContext(suite.browser);
    // The browser's idle callbacks and frames held while `__held` is a list: the app
    // writes a search's address when the browser is idle, a tap's in a task after the
    // next frame (src/web/address.rs). A page hidden and then discarded (a phone
    // switching apps) never runs them.
    await context.addInitScript(() => {
      const idle = window.requestIdleCallback.bind(window);
      const frame = window.requestAnimationFrame.bind(window);
      window.__held = null;
      window.requestIdleCallback = (f, options) => (window.__held ? window.__held.push(f) : idle(f, options));
      window.requestAnimationFrame = (f) => (window.__held ? window.__held.push(f) : frame(f));
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const hideThenLeave = async () => {
      await page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await page.goto(`${suite.server.url}/cart/`);
      await page.getByRole('heading', { level: 1, name: 'Cart' }).waitFor();
      // Back loads the feed's entry as it was written.
      await page.goBack();
      return new URL(page.url());
    };

    await page.goto(suite.server.url);
    const box = page.getByRole('searchbox', { name: 'Search' });
    await page.locator('main .card').first().waitFor();
    const all = await page.locator('main .card').count();
    await page.evaluate(() => { window.__held = []; });
    await box.fill('jasmine');
    await page.waitForFunction((all) => document.querySelectorAll('main .card').length < all, all);
    assert.equal(await page.evaluate(() => location.search), '', 'the search\'s address still waits');
    const back = await hideThenLeave();
    assert.equal(`${back.pathname}${back.search}`, '/?q=jasmine', 'Back to the search');
    await valueIs(() => box.inputValue(), 'jasmine', 'the search box after Back');

    await page.locator('main .card').first().waitFor();
    await page.evaluate(() => { window.__held = []; });
    await page.getByRole('button', { name: 'Oolong' }).click();
    await page.locator('button[aria-pressed=true]', { hasText: 'Oolong' }).waitFor();
    assert.equal(await page.evaluate(() => location.search), '?q=jasmine', 'the tap\'s entry still waits');
    const again = await hideThenLeave();
    assert.equal(`${again.pathname}${again.search}`, '/?q=jasmine&cat=oolong', 'Back to the tapped category');
    assert.deepEqual(errors, []);
    await context.close();
  });

  /** A phone page whose frames can be held (`holdableFrames`), on the feed with Oolong
   * tapped and its entry written: `{ context, page, errors }`. */
  async function feedOnOolong() {
    const context = await phoneContext(suite.browser);
    await context.addInitScript(holdableFrames);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(suite.server.url);
    await page.locator('main .card').first().waitFor();
    await page.getByRole('button', { name: 'Oolong' }).click();
    await page.waitForURL((url) => url.search === '?cat=oolong');
    return { context, page, errors };
  }

  it('Back before a tap\'s entry is written returns to the entry the tap was made on, not one further', async () => {
    // Frames held while `__held` is a list, as above: a tap's entry waits for a task
    // after the next frame (src/web/address.rs), and a Back pressed before it came
    // left the entry the tap was made on, landing one entry further back.
    const { context, page, errors } = await feedOnOolong();
    await page.evaluate(() => { window.__sameDocument = true; window.__held = []; });
    await page.getByRole('button', { name: 'Green' }).click();
    await page.locator('button[aria-pressed=true]', { hasText: 'Green' }).waitFor();
    assert.equal(await page.evaluate(() => location.search), '?cat=oolong', 'the tap\'s entry still waits');
    await page.goBack();
    // Back undoes the tap: the Oolong entry, drawn, in the same document.
    await page.locator('button[aria-pressed=true]', { hasText: 'Oolong' }).waitFor();
    await page.waitForURL((url) => url.search === '?cat=oolong');
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'Back stays in the app');
    // And one more Back is the feed before the first tap.
    await page.evaluate(releaseFrames);
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/' && url.search === '');
    await page.getByRole('button', { name: 'All', exact: true, pressed: true }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('Forward to an entry the browser made (a fragment), before a tap\'s entry is written, draws that entry', async () => {
    const { context, page, errors } = await feedOnOolong();
    // The browser's own entry (no state of the app's), then back to the tap's entry.
    await page.evaluate(() => { location.hash = 'x'; });
    await page.waitForURL((url) => url.hash === '#x');
    await page.goBack();
    await page.waitForURL((url) => url.hash === '' && url.search === '?cat=oolong');
    await page.evaluate(() => { window.__sameDocument = true; window.__held = []; });
    await page.getByRole('button', { name: 'Green' }).click();
    await page.locator('button[aria-pressed=true]', { hasText: 'Green' }).waitFor();
    // Forward within the tap's frame: to the fragment's entry, which is Oolong's feed.
    await page.goForward();
    await page.waitForURL((url) => url.hash === '#x' && url.search === '?cat=oolong');
    await page.locator('button[aria-pressed=true]', { hasText: 'Oolong' }).waitFor();
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'Forward stays in the app');
    await page.evaluate(releaseFrames);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('an address the shop does not have says so, with a way back to the feed', async () => {
    const context = await phoneContext(suite.browser);
    const page = await context.newPage();
    for (const path of ['/nowhere/', '/p/', '/p/jasmine-pearls/more/', '/cart/x/']) {
      await page.goto(`${suite.server.url}${path}`);
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    }
    await page.getByRole('link', { name: 'Continue shopping' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.locator('main .card').first().waitFor();
    await context.close();
  });
});
