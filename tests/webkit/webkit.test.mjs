// iPhone buyers all use WebKit, whose storage rules for frames are the strictest. The
// buyer's journey and the embed handoff, in WebKitGTK (the engine Safari is built on)
// driven through WebKitWebDriver under a virtual display, against a real
// `microshop serve` and its SQLite database.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startServer } from '../e2e/harness.mjs';
import { orders } from '../e2e/db.mjs';
import { Session, poll, startDriver, webkitAvailable } from './webdriver.mjs';

describe('in WebKit', () => {
  let server, driver, blog, blogPort;
  before(async () => {
    // Never skipped: a machine without the engine fails here, so CI cannot pass without
    // running these (scripts/setup.sh installs them).
    assert.ok(webkitAvailable(), 'WebKitWebDriver, MiniBrowser or xvfb-run missing: run scripts/setup.sh');
    server = await startServer();
    driver = await startDriver();
    // Another site's page (another origin: localhost, not 127.0.0.1) that embeds a product.
    blog = createServer(async (req, res) => {
      const { html } = await (await fetch(`${server.url}/oembed?url=${encodeURIComponent(`${server.url}/p/jasmine-pearls/`)}`)).json();
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><meta charset="utf-8"><title>A tea blog</title><h1>My favourite tea</h1>${html}<p>The end.</p>`);
    });
    await new Promise((ok) => blog.listen(0, '127.0.0.1', ok));
    blogPort = blog.address().port;
  });
  after(async () => {
    blog?.close();
    await driver?.stop();
    await server?.stop();
  });

  /**
   * On the checkout a link led to: fills it and places the order; returns the order id
   * from the receipt's address. Typing waits until the page has taken the focus to its
   * heading: keys typed before that went to the heading (a field kept "+" of a phone).
   */
  async function placeOrder(s) {
    await s.arrivedAt(/\/checkout\/$/);
    await s.type(await s.waitFor('#field-name'), 'Li Wei', { what: 'the name' });
    await s.type(await s.find('#field-phone'), '+86 138 0000 0000', { what: 'the phone' });
    await s.type(await s.find('#field-address'), '1 Tea Street, Fuzhou', { what: 'the address' });
    await s.clickOn('button[type=submit]');
    return s.waitUntil(
      "return location.pathname.endsWith('/order/') && new URLSearchParams(location.search).get('id')",
      { what: 'the receipt' },
    );
  }

  it("the buyer's journey: feed, product, cart, checkout, order stored", async () => {
    const s = await Session.start(driver);
    try {
      await s.goto(`${server.url}/`);
      await s.clickOn('.card a[href$="/p/glass-fair-cup/"]');
      await s.waitFor('.product__title');
      await s.clickOn('.buy__add');
      await s.waitFor('[data-testid=cart-count]', { text: '1' });
      await s.clickOn('.cart-bar__link');
      await s.waitFor('.line[data-sku="GL-FC-250"]');
      await s.clickOn('main a[href$="/checkout/"]');
      const id = await placeOrder(s);
      assert.match(id, /^ord_[0-9a-f]{32}$/);
      // The receipt (in the shop's language: this browser asks for none).
      await s.waitFor('main h1');
      const stored = orders(server.db).find((o) => o.order_id === id);
      assert.ok(stored, 'the order is in the database');
      assert.deepEqual(stored.lines.map((l) => [l.sku, l.quantity]), [['GL-FC-250', 1]]);
    } finally {
      await s.close();
    }
  });

  it('the embed sizes itself on another origin and hands off to a top-level tab with the cart', async () => {
    const s = await Session.start(driver);
    try {
      await s.goto(`http://localhost:${blogPort}/`);
      // The frame's content said its height (WebKit gives ancestorOrigins), and the page
      // sized the frame to it: the frame fits its content, not the reserved 560 px.
      const height = await s.enterFrame('iframe[src*="embed=card"]', { ready: '.buy__add' });
      assert.ok(height > 200 && height !== 560, `the frame is as tall as its content (${height} px)`);
      await s.clickOn('.buy__add');
      // The content grew by the cart bar: the frame follows before its link can be
      // tapped (until then the link is below the frame's bottom edge).
      const handoff = await s.waitFor('.cart-bar a[target=_blank]');
      assert.ok(await s.frameSettled() > height, 'the frame grew with its content');
      assert.equal(await s.attribute(handoff, 'href'), `${server.url}/cart/?cart=1.JP-50`);
      const before = await s.windows();
      await s.click(handoff, { what: 'the handoff link' });
      await s.switchToWindow(await s.newWindow(before));
      assert.equal(await s.run('return window.top === window && window.opener === null'), true);
      await s.waitFor('[data-testid=shared-cart]');
      // Usually the tab's cart is empty and takes the shared one; else the buyer replaces
      // theirs. The offer is decided as it is drawn, so reading it at once is safe.
      if (await s.run("const c = document.querySelector('.shared__choices'); return !!c && !c.hidden")) {
        await s.clickOn('.shared__choices .button:nth-child(2)');
      }
      await s.waitFor('.line[data-sku="JP-50"]');
      assert.equal(await s.run("return document.querySelectorAll('.line').length"), 1);
      assert.equal(await s.run("return new URLSearchParams(location.search).get('cart')"), null);
      // And the order goes through from the tab.
      await s.clickOn('main a[href$="/checkout/"]');
      const id = await placeOrder(s);
      const stored = orders(server.db).find((o) => o.order_id === id);
      assert.deepEqual(stored?.lines.map((l) => [l.sku, l.quantity]), [['JP-50', 1]]);
    } finally {
      await s.close();
    }
  });
  // Runs after the journeys above: serve hears every violation (report-uri), so a
  // silent log means both journeys, the embed included, ran under the shop's policy.
  it('the shop runs under its Content-Security-Policy: nothing reported; an injected script is refused and reported', async () => {
    assert.ok(!server.logs.join('').includes('CSP violation reported'), server.logs.join(''));
    const s = await Session.start(driver);
    try {
      await s.goto(`${server.url}/`);
      await s.waitFor('.card a[href$="/p/glass-fair-cup/"]');
      // The control: an inline script the policy does not name is refused and reported.
      await s.run(`window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
        const el = document.createElement('script');
        el.textContent = 'window.__injected = true';
        document.head.append(el);`);
      await s.waitUntil('return window.__violations.length > 0', { what: 'a securitypolicyviolation event' });
      assert.equal(await s.run('return window.__injected === undefined'), true);
      await poll(() => server.logs.join('').includes('CSP violation reported'), { what: "serve's log to say the browser reported the violation" });
      assert.match(server.logs.join(''), /CSP violation reported by a browser \(#1\): script-src/);
    } finally {
      await s.close();
    }
  });
});
