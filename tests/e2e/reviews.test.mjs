// Verified-buyer reviews and problems, the buyer's browser half (issue 18 items 1 and
// 3; docs/trust.md): on a real `microshop serve`, an order the seller marks completed
// through the desk's API invites a review on the order page; the review shows on the
// product page as a verified purchase, its markup as text; hidden by the seller with a
// reason it is counted as hidden. A problem raised with a photo (an oversized one is
// refused before anything is sent) gets the seller's answer in its thread. A shop that
// does not name serve's API fetches none of it. axe finds nothing on either page, with
// the new parts shown, in every language. Published with `--reviews-from`, the product
// page carries the reviews as text and as JSON-LD that parses and says what the page
// shows, with the shop's problems figures under the reviews, and the app, taking over,
// shows the same, the published reviews never leaving the page until the part's take
// their place. A problem's thread full (20 of the buyer's messages): the next is
// refused and the page says so in the buyer's words, keeping what they wrote.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { valueIs } from './wait.mjs';
import { BIN, DIST, ROOT, freePort, launchBrowser, phoneContext, watchErrors } from './harness.mjs';
import { buyerFiles } from '../../scripts/parts.mjs';
import { violations } from './axe.mjs';
import { signIn } from './desk.mjs';
import { LOCALES } from './looks.mjs';
import { Shop } from './shop.mjs';
import { servedShop, shownReviews } from './trust.mjs';
import { countIs, shopShown, textIs, until } from './wait.mjs';

const { parts } = buyerFiles(DIST);
// The trust part's own module (its first file; chunks it shares with other parts name none).
const isTrustFile = (url) => Boolean(parts.trust) && url.endsWith(`/${parts.trust[0]}`);
const PHOTO = readFileSync(join(ROOT, 'tests', 'e2e', 'fixtures', 'phone-photo.jpg'));
const MARKUP = '<b>Lovely</b> <script>window.__x = 1</script> tea & "pearls"';
// A review's name (the display name its writer may give): shown on the product page as
// text, markup too; taken away by its writer; in the seller's list; and the published
// page's JSON-LD has a Review only for a named review, its author that name. 36
// characters: the form takes 40.
const NAME = '<i>Mei</i> <img src=x onerror=__y=1>';

/** The seller's signed-in page, calling the desk's API as the seller app does. */
async function sellerDesk(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, url);
  const call = async (path, body) => {
    const answer = await page.evaluate(async ([p, b]) => {
      const res = await fetch(p, b === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b) });
      return { status: res.status, body: await res.text() };
    }, [path, body]);
    assert.equal(answer.status, 200, `${path}: ${answer.body}`);
    return JSON.parse(answer.body);
  };
  const mark = async (id, change) => {
    const { order } = await call(`/_seller/api/orders/${id}`);
    await call(`/_seller/api/orders/${id}/status`, { ...change, version: order.version });
  };
  const complete = async (id) => {
    for (const change of [{ to: 'paid' }, { to: 'shipped', tracking_note: 'SF Express SF1234567890' }, { to: 'completed' }]) await mark(id, change);
  };
  return { context, call, complete, confirm: (id) => mark(id, { to: 'paid' }) };
}

/** A buyer's phone with one order placed of Jasmine pearls; counts the POSTs it makes to serve's buyer API. */
async function buyerWithOrder(browser, url) {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const writes = [];
  page.on('request', (r) => { if (r.method() === 'POST' && /\/api\/orders\/ord_[^/]+\//.test(r.url())) writes.push(r); });
  const shop = new Shop(page, url);
  await shop.checkoutWith('jasmine-pearls');
  await shop.placeOrder();
  const id = await shop.expectConfirmation();
  return { context, page, errors, writes, shop, id };
}

/** `microshop serve --site SITE` on `db` at `port`, once it answers; stop() ends it. */
async function serveSite(site, db, port) {
  const child = spawn(BIN, ['serve', '--site', site, '--db', db, '--addr', `127.0.0.1:${port}`], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  try {
    await until(async (note) => {
      if (child.exitCode !== null) throw new Error(`serve --site exited ${child.exitCode}`);
      try { await fetch(`${url}/`); return true; } catch (e) { return note(e.cause?.code ?? e.message), false; }
    }, { what: `the published site answering at ${url}` });
  } catch (e) {
    child.kill();
    throw e;
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGINT');
    // allow-sleep: a bound on waiting for the exit, which usually comes at once
    await new Promise((ok) => { child.once('exit', ok); setTimeout(ok, 5000); });
  };
  return { url, stop };
}

describe('verified-buyer reviews and problems in the storefront', () => {
  let browser;
  before(async () => { browser = await launchBrowser(); });
  after(async () => { await browser?.close(); });

  it('a completed order invites a review; it shows on the product page as a verified purchase, markup as text; hidden, it is counted', async () => {
    const server = await servedShop();
    try {
      const buyer = await buyerWithOrder(browser, server.url);
      const { page } = buyer;
      // Before completion: the problem form, no review form.
      await page.getByText('Report a problem').waitFor();
      assert.equal(await page.getByTestId('review-form').count(), 0, 'no review before the order is completed');

      const seller = await sellerDesk(browser, server.url);
      await seller.complete(buyer.id);
      await page.reload();
      const form = page.getByTestId('review-form');
      await form.waitFor();
      await form.getByRole('heading', { name: 'Jasmine pearls' }).waitFor();
      // Sent without stars: said, and nothing sent.
      await form.getByRole('button', { name: 'Publish the review' }).click();
      await textIs(form.getByTestId('review-said'), 'Choose 1 to 5 stars first.');
      assert.equal(buyer.writes.length, 0);

      await form.getByRole('radio', { name: '4 of 5 stars' }).check();
      await form.getByLabel('Your review (optional)').fill(MARKUP);
      await form.getByLabel('Your name as shown (optional)').fill(`  ${NAME} `);
      await form.getByRole('button', { name: 'Publish the review' }).click();
      await textIs(form.getByTestId('review-said'), 'Thank you: your review is published.');
      const sent = buyer.writes[0];
      assert.equal(JSON.parse(sent.postData()).display_name, NAME, 'sent trimmed');
      assert.match(sent.headers()['order-secret'], /^[0-9a-f]{32}$/);
      assert.match(sent.headers()['request-nonce'], /^[0-9a-f]{32}$/);
      await form.getByText(/^You can change it until /).waitFor();

      // Changed within the window: the same form, a new nonce.
      await form.getByRole('radio', { name: '5 of 5 stars' }).check();
      await form.getByRole('button', { name: 'Change the review' }).click();
      await textIs(form.getByTestId('review-said'), 'Your review is changed.');
      assert.equal(buyer.writes.length, 2);
      assert.notEqual(buyer.writes[1].headers()['request-nonce'], sent.headers()['request-nonce']);

      // Serve's own record: one review, five stars, the text as written.
      const own = await fetch(`${server.url}/api/products/jasmine-pearls/reviews`).then((r) => r.json());
      assert.equal(own.count, 1);
      assert.equal(own.reviews[0].rating, 5);
      assert.equal(own.reviews[0].text, MARKUP);
      assert.equal(own.reviews[0].display_name, NAME);

      await buyer.shop.openProduct('jasmine-pearls');
      const review = page.getByTestId('review');
      await review.waitFor();
      await textIs(page.getByTestId('reviews-summary'), '5.00 of 5 · 1 review');
      await review.getByText('Verified purchase').waitFor();
      assert.equal(await review.locator('.review__author').innerText(), NAME, "the writer's name, its markup as text");
      assert.equal(await review.locator('.review__author i, .review__author img').count(), 0);
      assert.equal(await page.evaluate(() => window.__y), undefined, 'no handler ran');
      assert.equal(await review.locator('.review__text').innerText(), MARKUP, 'markup shown as text');
      assert.equal(await review.locator('.review__text b, .review__text script').count(), 0);
      assert.equal(await page.evaluate(() => window.__x), undefined, 'no script ran');
      await review.getByText('5 of 5 stars').waitFor();
      const date = await review.locator('time').getAttribute('datetime');
      assert.match(date, /^\d{4}-\d{2}-\d{2}$/);
      await page.getByTestId('problem-figures').getByText("From the seller's own records, not checked by anyone else.").waitFor();
      assert.match(await page.getByTestId('problem-figures').innerText(), /^Problems with orders in the last 90 days: 0 reported, 0 resolved, 0 refunded, 0 open\./);

      // Its writer takes the name away: shown with none.
      await page.goto(`${server.url}/order/?id=${buyer.id}`);
      const again = page.getByTestId('review-form');
      await valueIs(() => again.getByLabel('Your name as shown (optional)').inputValue(), NAME, 'the name kept in the form');
      await again.getByLabel('Your name as shown (optional)').fill('');
      await again.getByRole('button', { name: 'Change the review' }).click();
      await textIs(again.getByTestId('review-said'), 'Your review is changed.');
      await buyer.shop.openProduct('jasmine-pearls');
      await review.waitFor();
      await review.getByText('Verified purchase').waitFor();
      assert.equal(await review.locator('.review__author').count(), 0, 'no name');

      // The seller replies in public, then hides it with a reason.
      const { reviews } = await seller.call('/_seller/api/reviews');
      await seller.call(`/_seller/api/reviews/${reviews[0].id}/reply`, { reply: 'Thank you <i>so</i> much' });
      await page.reload();
      await textIs(page.locator('.review__reply .prose'), 'Thank you <i>so</i> much');
      await seller.call(`/_seller/api/reviews/${reviews[0].id}/hide`, { reason: 'Names another shop' });
      await page.reload();
      await textIs(page.getByTestId('reviews-hidden'), '1 review hidden by the seller');
      assert.equal(await page.getByTestId('review').count(), 0);
      assert.equal(await page.getByTestId('reviews-summary').count(), 0);

      // The writer reads the reason on the order page.
      await page.goto(`${server.url}/order/?id=${buyer.id}`);
      await textIs(page.getByTestId('hidden-reason'), 'The seller hid this review. Their reason: Names another shop');
      assert.deepEqual(buyer.errors, []);
      await seller.context.close();
      await buyer.context.close();
    } finally {
      await server.stop();
    }
  });

  it('a problem raised with a photo gets the seller\'s answer in its thread; an oversized photo is refused before sending', async () => {
    const server = await servedShop();
    try {
      const buyer = await buyerWithOrder(browser, server.url);
      const { page } = buyer;
      // An order the seller has not confirmed (paid) takes words alone: serve
      // refuses its photos, so the form offers none.
      await page.getByText('Report a problem').click();
      let form = page.getByTestId('problem-form');
      await form.getByLabel('Tell the seller what happened').waitFor();
      assert.equal(await form.getByLabel(/^A photo/).isVisible(), false, 'no photo field before the seller confirms');
      const seller = await sellerDesk(browser, server.url);
      await seller.confirm(buyer.id);
      await page.reload();
      await page.getByText('Report a problem').click();
      form = page.getByTestId('problem-form');
      await form.getByLabel(/^A photo/).waitFor();
      await form.getByRole('radio', { name: 'Damaged' }).check();
      await form.getByLabel('Tell the seller what happened').fill('The cup came <b>cracked</b>');
      await form.getByLabel(/^A photo/).setInputFiles({ name: 'big.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(2 * 1024 * 1024 + 1, 0xff) });
      await form.getByRole('button', { name: 'Send to the seller' }).click();
      await textIs(form.getByTestId('problem-said'), /^This photo is larger than 2 MB/);
      assert.equal(buyer.writes.length, 0, 'nothing sent');

      await form.getByLabel(/^A photo/).setInputFiles({ name: 'cup.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
      await form.getByRole('button', { name: 'Send to the seller' }).click();
      await textIs(form.getByTestId('problem-said'), 'Sent to the seller. Their answer shows here.');
      const problem = page.getByTestId('problem');
      await textIs(problem.getByTestId('problem-state'), 'Open');
      await textIs(problem.getByTestId('problem-message').locator('.prose'), 'The cup came <b>cracked</b>');
      await problem.getByText('Photo sent').waitFor();

      // serve has the photo as sent.
      const { problems } = await seller.call('/_seller/api/problems?state=all');
      assert.equal(problems.length, 1);
      assert.equal(problems[0].kind, 'damaged');
      const photo = problems[0].messages[0].photo;
      const bytes = await (await seller.context.request.get(`${server.url}/_seller/api/photos/${photo}`)).body();
      assert.ok(bytes.equals(PHOTO), 'the photo arrived byte for byte');

      await seller.call(`/_seller/api/problems/${problems[0].id}`, { answer: 'Sorry! A new cup <i>ships</i> today.', mark: 'refunded' });
      await page.getByRole('button', { name: 'Check for answers' }).click();
      await textIs(problem.getByTestId('problem-state'), 'Refunded');
      const answer = problem.getByTestId('problem-message').nth(1);
      await answer.getByText('The seller').waitFor();
      await textIs(answer.locator('.prose'), 'Sorry! A new cup <i>ships</i> today.');
      assert.equal(await problem.locator('form').count(), 0, 'a closed problem takes no more messages');

      // The answer in the buyer's language: the page's words change, the seller's stay.
      await page.goto(`${server.url}/order/?id=${buyer.id}&lang=zh-CN`);
      await textIs(page.getByTestId('problem-state'), '已退款');
      await page.getByText('卖家', { exact: true }).waitFor();
      assert.deepEqual(buyer.errors, []);
      await seller.context.close();
      await buyer.context.close();
    } finally {
      await server.stop();
    }
  });

  it('a problem\'s thread full (20 of the buyer\'s messages): the next is refused, the page says so in the buyer\'s words and keeps what they wrote', async () => {
    const server = await servedShop({ args: ['--buyer-writes-per-minute', '0'] });
    try {
      const buyer = await buyerWithOrder(browser, server.url);
      const { page } = buyer;
      await page.getByText('Report a problem').click();
      const form = page.getByTestId('problem-form');
      await form.getByRole('radio', { name: 'Not received' }).check();
      await form.getByLabel('Tell the seller what happened').fill('Nothing came, message 1');
      await form.getByRole('button', { name: 'Send to the seller' }).click();
      const problem = page.getByTestId('problem');
      await countIs(problem.getByTestId('problem-message'), 1);
      for (let n = 2; n <= 20; n += 1) {
        await problem.getByLabel('Add to this problem').fill(`Still nothing, message ${n}`);
        await problem.getByRole('button', { name: 'Send', exact: true }).click();
        await countIs(problem.getByTestId('problem-message'), n);
      }
      await problem.getByLabel('Add to this problem').fill('One more');
      await problem.getByRole('button', { name: 'Send', exact: true }).click();
      await textIs(problem.locator('form [role=status]'), /^This problem has 20 of your messages, the most the shop takes\./);
      await valueIs(() => problem.getByLabel('Add to this problem').inputValue(), 'One more', 'the words the buyer wrote');
      assert.equal(await problem.getByTestId('problem-message').count(), 20, 'nothing added');
      assert.equal(buyer.writes.length, 21, 'each sent once');
      // The refusal is the answer the page expects (422), nothing else went wrong.
      assert.deepEqual(buyer.errors.filter((e) => !/422/.test(e)), []);
      await buyer.context.close();
    } finally {
      await server.stop();
    }
  });

  it('an order whose buyer was erased takes no new problem, and the page says why', async () => {
    const server = await servedShop();
    try {
      const buyer = await buyerWithOrder(browser, server.url);
      const { page } = buyer;
      // The seller erases the buyer's data beside the running server (a buyer's request).
      const said = execFileSync(BIN, ['buyer', 'erase', '--phone', '+86 138 0000 0000', '--db', server.db], { encoding: 'utf8' });
      assert.match(said, /from 1 order/);
      await page.getByText('Report a problem').click();
      const form = page.getByTestId('problem-form');
      await form.getByRole('radio', { name: 'Not received' }).check();
      await form.getByLabel('Tell the seller what happened').fill('Nothing came.');
      await form.getByRole('button', { name: 'Send to the seller' }).click();
      await textIs(form.getByTestId('problem-said'), /^This order's details were cleared/);
      assert.equal(buyer.writes.length, 1, 'sent once, refused');
      // The refusal is the answer the page expects (410), nothing else went wrong.
      assert.deepEqual(buyer.errors.filter((e) => !/410/.test(e)), []);
      await buyer.context.close();
    } finally {
      await server.stop();
    }
  });

  it('a shop that does not name serve\'s API fetches no trust part and asks nothing, on the product page and the order page', async () => {
    const server = await servedShop({ trust: false });
    try {
      const context = await phoneContext(browser);
      const page = await context.newPage();
      const errors = watchErrors(page);
      const asked = [];
      page.on('request', (r) => { if (isTrustFile(r.url()) || /\/api\/(products|trust)/.test(r.url())) asked.push(r.url()); });
      const shop = new Shop(page, server.url);
      await shop.openProduct('jasmine-pearls');
      await page.getByRole('button', { name: 'Add to cart' }).waitFor();
      // An idle-time fetch would have started by now.
      await page.evaluate(async () => {
        for (let i = 0; i < 2; i++) await new Promise((r) => (window.requestIdleCallback ?? setTimeout)(r, { timeout: 5000 }));
      });
      assert.deepEqual(asked, []);
      assert.equal(await page.getByTestId('reviews').count(), 0);
      // Its order page neither: the status shows, no review or problem panel, no part.
      await shop.addToCart();
      await page.getByRole('link', { name: /View cart/ }).click();
      await page.getByRole('link', { name: 'Checkout' }).click();
      await shop.fillCheckout();
      await shop.placeOrder();
      await shop.expectConfirmation();
      await page.getByTestId('order-progress').filter({ hasText: /^Received by the seller$/ }).waitFor();
      assert.equal(await page.getByText('Report a problem').count(), 0);
      assert.deepEqual(asked, []);
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await server.stop();
    }
  });

  it('published with --reviews-from, the product page carries the reviews as text and as JSON-LD that says what it shows; the app shows the same', async () => {
    const server = await servedShop();
    let site;
    try {
      const buyer = await buyerWithOrder(browser, server.url);
      const { page } = buyer;
      const seller = await sellerDesk(browser, server.url);
      await seller.complete(buyer.id);
      await page.reload();
      const form = page.getByTestId('review-form');
      await form.getByRole('radio', { name: '4 of 5 stars' }).check();
      await form.getByLabel('Your review (optional)').fill(MARKUP);
      await form.getByLabel('Your name as shown (optional)').fill(NAME);
      await form.getByRole('button', { name: 'Publish the review' }).click();
      await textIs(form.getByTestId('review-said'), 'Thank you: your review is published.');
      const { reviews } = await seller.call('/_seller/api/reviews');
      assert.equal(reviews[0].display_name, NAME, "the seller's list has the name");
      await seller.call(`/_seller/api/reviews/${reviews[0].id}/reply`, { reply: 'Thank you <i>so</i> much' });

      // Published from serve's database, for the address it is then served at (the
      // shop's first language, zh-CN, is the pages' language).
      const port = await freePort();
      const out = join(server.dir, 'site');
      execFileSync(BIN, ['publish', server.manifest, out, '--base-url', `http://127.0.0.1:${port}/`, '--dist', DIST, '--reviews-from', server.db], { stdio: 'pipe' });
      site = await serveSite(out, server.db, port);

      // As a crawler reads it: no JavaScript.
      const crawler = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
      const raw = await crawler.newPage();
      await raw.goto(`${site.url}/p/jasmine-pearls/`);
      const prerendered = await shownReviews(raw);
      assert.equal(prerendered.summary, '4.00 / 5 · 1 条评价');
      assert.equal(prerendered.hidden, null);
      assert.equal(prerendered.reviews.length, 1);
      const [shown] = prerendered.reviews;
      assert.equal(shown.text, MARKUP, 'markup as text');
      assert.equal(shown.reply, 'Thank you <i>so</i> much');
      assert.equal(shown.verified, '已验证购买');
      assert.equal(shown.author, NAME, 'the name as text');
      assert.equal(await raw.locator('section.reviews script, section.reviews b, section.reviews i, section.reviews img').count(), 0);
      const scripts = await raw.locator('script[type="application/ld+json"]').allTextContents();
      assert.equal(scripts.length, 1);
      const data = JSON.parse(scripts[0]);
      assert.equal(data['@type'], 'Product');
      assert.deepEqual(data.aggregateRating, { '@type': 'AggregateRating', ratingValue: '4.00', bestRating: 5, worstRating: 1, ratingCount: 1, reviewCount: 1 });
      assert.equal(data.review.length, prerendered.reviews.length, 'the reviews the page shows');
      assert.equal(data.review[0].reviewRating.ratingValue, shown.stars);
      assert.equal(data.review[0].reviewBody, shown.text);
      assert.equal(data.review[0].datePublished, shown.day);
      assert.equal(data.review[0].inLanguage, shown.lang);
      assert.deepEqual(data.review[0].author, { '@type': 'Person', name: NAME }, "the writer's name, not a label");
      // A product without reviews: none on its page, no rating in its JSON-LD.
      await raw.goto(`${site.url}/p/west-lake-longjing/`);
      assert.equal(await raw.locator('section.reviews').count(), 0);
      const plain = JSON.parse(await raw.locator('script[type="application/ld+json"]').textContent());
      assert.equal(plain.aggregateRating, undefined);
      assert.equal(plain.review, undefined);
      await crawler.close();

      // The app takes over and its `trust` part reads serve: the same words, stars,
      // day, order and figures (Intl writes the day as publish did).
      assert.equal(prerendered.figures, '最近 90 天的订单问题：反馈 0 个，已解决 0 个，已退款 0 个，处理中 0 个。 数据来自卖家自己的记录，未经任何第三方核实。');
      const context = await phoneContext(browser, { locale: 'zh-CN' });
      const app = await context.newPage();
      const errors = watchErrors(app);
      await app.goto(`${site.url}/p/jasmine-pearls/`);
      await shopShown(app);
      await app.getByTestId('review').waitFor();
      await until(() => app.evaluate(() => document.documentElement.lang === 'zh-CN'), { what: 'the page in zh-CN' });
      assert.deepEqual(await shownReviews(app), prerendered);
      assert.equal(await app.evaluate(() => window.__x ?? window.__y), undefined, 'no script ran');
      // The days publish writes for the shipped languages are what this browser's Intl writes.
      const days = await app.evaluate(() => Object.fromEntries(['en', 'zh-CN', 'ja', 'ar'].map((l) => [l,
        new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date('2026-12-05T00:00:00Z'))])));
      assert.deepEqual(days, { en: 'Dec 5, 2026', 'zh-CN': '2026年12月5日', ja: '2026/12/05', ar: '05\u200f/12\u200f/2026' });
      assert.deepEqual(errors, []);
      await context.close();
      await seller.context.close();
      await buyer.context.close();
    } finally {
      await site?.stop();
      await server.stop();
    }
  });

  it('axe finds nothing on the order and product pages with reviews and problems, in every language', async () => {
    const server = await servedShop();
    try {
      const buyer = await buyerWithOrder(browser, server.url);
      const { page } = buyer;
      const seller = await sellerDesk(browser, server.url);
      await seller.complete(buyer.id);
      await page.reload();
      const form = page.getByTestId('review-form');
      await form.getByRole('radio', { name: '3 of 5 stars' }).check();
      await form.getByRole('button', { name: 'Publish the review' }).click();
      await textIs(form.getByTestId('review-said'), 'Thank you: your review is published.');
      await page.getByText('Report a problem').click();
      const problemForm = page.getByTestId('problem-form');
      await problemForm.getByLabel('Tell the seller what happened').fill('Two cups, one box');
      await problemForm.getByRole('button', { name: 'Send to the seller' }).click();
      await page.getByTestId('problem').waitFor();
      const { reviews } = await seller.call('/_seller/api/reviews');
      await seller.call(`/_seller/api/reviews/${reviews[0].id}/reply`, { reply: 'Thanks!' });
      for (const lang of LOCALES) {
        await page.goto(`${server.url}/order/?id=${buyer.id}&lang=${lang}`);
        await page.getByTestId('own-review').waitFor();
        await page.getByTestId('problem').waitFor();
        await page.locator('.problem-form summary').click();
        await page.locator('#problem-text').waitFor();
        assert.deepEqual(await violations(page), [], `order page, ${lang}`);
        await page.goto(`${server.url}/p/jasmine-pearls?lang=${lang}`);
        await page.getByTestId('review').waitFor();
        await page.getByTestId('problem-figures').waitFor();
        await until(() => page.evaluate((l) => document.documentElement.lang === l, lang), { what: `the page in ${lang}` });
        assert.deepEqual(await violations(page), [], `product page, ${lang}`);
      }
      await countIs(page.getByTestId('review'), 1);
      assert.deepEqual(buyer.errors, []);
      await seller.context.close();
      await buyer.context.close();
    } finally {
      await server.stop();
    }
  });
});
