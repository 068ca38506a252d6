// The buyer's journey with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrow
// keys; no mouse, no element.click()), in the real browser against a real endpoint:
// focus is always visible and never hidden under the sticky bars, a new page puts
// the focus on its heading, cart changes are said by the live region, Escape closes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { phoneContext, sharedShop, watchErrors } from './harness.mjs';
import { orders } from './db.mjs';
import { countIs, shopShown, until, valueIs } from './wait.mjs';

/** What has the focus, and whether a sighted keyboard user can see it. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body' };
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const onTop = document.elementFromPoint(x, y);
    const bar = onTop?.closest('.cart-bar, .toolbar');
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.innerText || el.value || '').trim().replace(/\s+/g, ' '),
      label: el.getAttribute('aria-label') || (el.labels?.[0]?.innerText ?? '').trim(),
      href: el.getAttribute('href'),
      type: el.getAttribute('type'),
      className: el.className,
      ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      // Centre on screen and covered by a sticky bar the element is not part of.
      hidden: r.bottom > 0 && r.top < innerHeight && !!bar && !bar.contains(el),
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until `wanted(focused)` holds; asserts on the way that
 * every stop shows a focus ring and is not hidden under a sticky bar.
 */
async function tabTo(page, wanted, { back = false, max = 80, what = 'the wanted control' } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    seen.push(f.text || f.label || f.tag);
    if (f.tag !== 'body') {
      assert.ok(f.ring, `focus ring on ${JSON.stringify(f)}`);
      assert.ok(!f.hidden, `focused element hidden under a sticky bar: ${JSON.stringify(f)}`);
    }
    if (wanted(f)) return f;
  }
  throw new Error(`Tab never reached ${what}; stops: ${seen.join(' | ')}`);
}

/**
 * Waits for the focus to be on the page's own `h1`, on screen (and the page at its top
 * when `top`), and returns its text. What has the focus is read in the same look as its
 * box: a page loading on demand first shows a frame whose heading takes the focus; when
 * the page arrives the frame goes, the focus falls to the body for a frame or two and
 * then goes to the page's heading (src/on_demand.rs). A wait on one look and a read on
 * the next once read the body's box (1,258 px, the whole cart page) as the heading's
 * (docs/testing.md, "The focused heading's box"). A heading never on screen still fails,
 * with its box.
 */
async function headingFocused(page, { top = true } = {}) {
  const state = await until(async (note) => {
    const seen = await page.evaluate(() => {
      const el = document.activeElement;
      return {
        tag: el?.tagName, text: el?.innerText.slice(0, 80), y: scrollY, box: el?.getBoundingClientRect().toJSON(),
        // A frame drawn while its page loads on demand is busy; its heading is not the page's.
        loading: !!el?.closest('[aria-busy="true"]'),
      };
    });
    note(seen);
    return seen.tag === 'H1' && !seen.loading && seen.box.top >= 0 && seen.box.bottom <= 844 && (!top || seen.y === 0) && seen;
  }, { what: `the focus on the page's own h1, on screen${top ? ', the page at its top' : ''}` });
  return state.text;
}

const announced = (page) => page.getByTestId('announcer').innerText().then((t) => t.trim());

describe('keyboard only', () => {
  const suite = sharedShop();

  it('feed, product, options, add, cart, shipping, checkout, order: the order is in the database', async () => {
    const page = await (await phoneContext(suite.browser, { hasTouch: false, isMobile: false })).newPage();
    const errors = watchErrors(page);
    await page.goto(suite.server.url);
    await shopShown(page);

    // Feed: to the first card, past the search, sort and chips; back with Shift+Tab once.
    await tabTo(page, (f) => /\/p\/jasmine-pearls\/$/.test(f.href ?? ''), { what: 'the Jasmine pearls card' });
    await page.keyboard.press('Tab');
    await tabTo(page, (f) => /\/p\/jasmine-pearls\/$/.test(f.href ?? ''), { back: true, what: 'the card again' });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/p\/jasmine-pearls\/$/);
    assert.equal(await headingFocused(page), 'Jasmine pearls', 'the product page focuses its heading');

    // Options: 100g with Space; the URL names the variant.
    await tabTo(page, (f) => f.text === '100g', { what: '100g' });
    await page.keyboard.press('Space');
    await page.waitForURL(/\?v=JP-100/);
    assert.equal(await page.getByRole('button', { name: '100g', exact: true }).getAttribute('aria-pressed'), 'true');
    // Quantity: the arrow key steps the number field, Enter on "+" adds one more.
    await tabTo(page, (f) => f.tag === 'input' && f.label === 'Quantity', { what: 'the quantity field' });
    await page.keyboard.press('ArrowUp');
    assert.equal((await tabTo(page, () => true)).label, 'Increase quantity');
    const quantity = page.getByRole('spinbutton', { name: 'Quantity' });
    await valueIs(() => quantity.inputValue(), '2', 'the quantity after ArrowUp');
    await page.keyboard.press('Enter');
    await valueIs(() => quantity.inputValue(), '3', 'the quantity after "+"');
    await tabTo(page, (f) => f.text === 'Add to cart', { what: 'Add to cart' });
    await page.keyboard.press('Enter');
    await page.getByTestId('announcer').filter({ hasText: 'Added Jasmine pearls to cart' }).waitFor();
    assert.equal(await announced(page), 'Added Jasmine pearls to cart');

    // To the cart through the sticky bar.
    await tabTo(page, (f) => /View cart/.test(f.text), { what: 'View cart' });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cart\/$/);
    assert.equal(await headingFocused(page), 'Cart');

    // One fewer with "−" (Space), announced.
    await tabTo(page, (f) => f.label === 'Decrease quantity', { what: '−' });
    await page.keyboard.press('Space');
    await page.getByTestId('announcer').filter({ hasText: 'Jasmine pearls: quantity 2' }).waitFor();

    // Shipping with the arrow keys: to pickup and back to express.
    const express = await tabTo(page, (f) => f.type === 'radio', { what: 'the shipping choice' });
    assert.match(express.label, /SF Express/);
    await page.keyboard.press('ArrowDown');
    await page.getByRole('radio', { name: /Pick up/, checked: true }).waitFor();
    await page.keyboard.press('ArrowUp');
    await page.getByRole('radio', { name: /SF Express/, checked: true }).waitFor();

    await tabTo(page, (f) => f.text === 'Checkout', { what: 'Checkout' });
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/checkout\/$/);
    assert.equal(await headingFocused(page), 'Checkout');

    // Fields: typed into, one after the other.
    const typeInto = async (label, text) => {
      await tabTo(page, (f) => f.label.startsWith(label), { what: label });
      await page.keyboard.type(text);
    };
    await typeInto('Full name', 'Li Wei');
    await typeInto('Phone', '+86 138 0000 0000');
    await typeInto('Delivery address', '1 Tea Street');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Gulou, Fuzhou');
    await tabTo(page, (f) => f.text === 'Place order', { what: 'Place order' });
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/order\/\?id=ord_[0-9a-f]{32}$/);
    assert.equal(await headingFocused(page), 'Thank you! Your order is placed.');
    const id = new URL(page.url()).searchParams.get('id');
    const stored = orders(suite.server.db);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].order_id, id);
    assert.deepEqual(stored[0].lines.map((l) => [l.sku, l.quantity]), [['JP-100', 2]]);
    assert.equal(stored[0].customer.address, '1 Tea Street\nGulou, Fuzhou');
    assert.deepEqual(errors, []);
  });

  it('the live region says what was added, changed and removed; removing keeps the focus on the page', async () => {
    const page = await (await phoneContext(suite.browser)).newPage();
    for (const id of ['biluochun', 'taiping-houkui']) {
      await page.goto(`${suite.server.url}/p/${id}/`);
      await page.locator('.product__title').waitFor();
      await tabTo(page, (f) => f.text === 'Add to cart', { what: 'Add to cart' });
      await page.keyboard.press('Enter');
      await page.getByTestId('announcer').filter({ hasText: /^Added .+ to cart/ }).waitFor();
    }
    // The same words twice are still a change the screen reader hears.
    const first = await page.getByTestId('announcer').textContent();
    await page.keyboard.press('Enter');
    await page.waitForFunction((t) => document.querySelector('[data-testid=announcer]').textContent !== t, first);
    assert.equal((await announced(page)), 'Added Taiping Houkui to cart');

    await page.goto(`${suite.server.url}/cart/`);
    await page.getByRole('heading', { name: 'Cart' }).waitFor();
    await tabTo(page, (f) => f.label === 'Increase quantity', { what: '+' });
    await page.keyboard.press('Enter');
    await page.getByTestId('announcer').filter({ hasText: 'Dongting Biluochun: quantity 2' }).waitFor();
    await tabTo(page, (f) => /^Remove Dongting/.test(f.text), { what: 'Remove' });
    await page.keyboard.press('Enter');
    await page.getByTestId('announcer').filter({ hasText: 'Removed Dongting Biluochun from cart' }).waitFor();
    await countIs(page.locator('.line'), 1);
    // The removed button took the focus with it: the heading has it now, not the body.
    assert.equal(await headingFocused(page, { top: false }), 'Cart');
    // The region is polite and read whole.
    const region = page.getByTestId('announcer');
    assert.equal(await region.getAttribute('aria-live'), 'polite');
    assert.equal(await region.getAttribute('aria-atomic'), 'true');
  });

  it('a search says how many products it shows, not the whole grid', async () => {
    const page = await (await phoneContext(suite.browser)).newPage();
    await page.goto(suite.server.url);
    await shopShown(page);
    await tabTo(page, (f) => f.type === 'search', { what: 'the search field' });
    await page.keyboard.type('jasmine');
    await page.waitForURL(/q=jasmine/);
    await page.getByTestId('announcer').filter({ hasText: /^Products shown: \d+$/ }).waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=announcer]').textContent.trim() === `Products shown: ${document.querySelectorAll('.card').length}`);
    assert.equal(await page.locator('.grid').getAttribute('aria-live'), null);
  });

  it('Escape closes the policies strip and gives the focus back to its summary', async () => {
    const page = await (await phoneContext(suite.browser)).newPage();
    await page.goto(suite.server.url);
    await shopShown(page);
    await tabTo(page, (f) => f.tag === 'summary', { what: 'the policies summary' });
    await page.keyboard.press('Enter');
    await page.locator('details.trust[open]').waitFor();
    await tabTo(page, (f) => f.tag === 'a' && /^(tel|mailto):/.test(f.href ?? ''), { what: 'a contact link' });
    await page.keyboard.press('Escape');
    await page.locator('details.trust[open]').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.tagName === 'SUMMARY');
  });
});
