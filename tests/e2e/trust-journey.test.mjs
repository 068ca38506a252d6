// The whole trust journey of issue 18 ("Done when"), once, as a buyer and a seller
// live it: on phones (Chromium, 390x844, touch) against one real `microshop serve
// --manifest … --site … --receipt-key …`, which publishes its own site and publishes
// it again in the background when reviews change. The buyer orders in the storefront;
// the seller marks the order completed in the desk's inbox; the buyer reviews it from
// the order page under a name; the seller reads the name and replies in the desk; the
// republished product page shows the review, its name and the reply, with JSON-LD that
// says so; the buyer raises a problem, the
// seller answers and resolves it in the desk, the buyer reads both; the buyer saves
// the signed receipt, which `microshop receipt verify` and the storefront's check page
// both call genuine, and both refuse a copy with one digit of a price changed.
// Each part is tested on its own, with its refusals, in reviews.test.mjs,
// seller-trust.test.mjs and signed-receipt.test.mjs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, freePort, launchBrowser, phoneContext, watchErrors } from './harness.mjs';
import { Desk, signIn } from './desk.mjs';
import { Shop } from './shop.mjs';
import { oneDigitChanged, servedShop, shownReviews } from './trust.mjs';
import { textIs, until, valueIs } from './wait.mjs';

const REVIEW = 'Fragrant pearls that open slowly, 香气很好.';
const NAME = 'Lan from Fuzhou';
const REPLY = 'Thank you! The spring harvest is in next month.';
const PROBLEM = 'The second tin has not come after ten days.';
const ANSWER = 'Sorry! It left again today: SF Express SF5678.';
/** The shop's problems figures under the reviews, as the storefront says them in the published pages' language (the shop's first, zh-CN). */
const figuresSaid = (raised, resolved, open) =>
  `最近 90 天的订单问题：反馈 ${raised} 个，已解决 ${resolved} 个，已退款 0 个，处理中 ${open} 个。 数据来自卖家自己的记录，未经任何第三方核实。`;

describe('the trust journey: an order, its review and reply on the republished page, a problem resolved, the receipt checked', () => {
  let browser;
  let server;
  let dir;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'microshop-trust-journey-'));
    execFileSync(BIN, ['receipt-key', 'new', join(dir, 'key.json')]);
    // The site is published for the address serve then listens at.
    const port = await freePort();
    server = await servedShop({
      everyLanguage: false,
      addr: `127.0.0.1:${port}`,
      args: ['--site', join(dir, 'site'), '--base-url', `http://127.0.0.1:${port}/`, '--receipt-key', join(dir, 'key.json')],
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('goes from an order to a verified receipt, through completion, a review, a reply, the republished page and a problem resolved', async () => {
    const { url } = server;
    const buyerContext = await phoneContext(browser, { acceptDownloads: true });
    const buyer = await buyerContext.newPage();
    const buyerErrors = watchErrors(buyer);
    const sellerContext = await phoneContext(browser);
    const seller = await sellerContext.newPage();
    // No exception: the desk's pages name their own icon, so the browser never asks
    // serve's published site for a /favicon.ico it does not have (a 404 here fails).
    const sellerErrors = watchErrors(seller);
    const desk = new Desk(seller, url);

    // 1. The buyer orders Jasmine pearls in the storefront; the shop signs the order.
    const shop = new Shop(buyer, url);
    await shop.checkoutWith('jasmine-pearls', { name: 'Mei Journey', phone: '+86 139 0000 2222', address: '8 Trust Lane\nGulou, Fuzhou' });
    await shop.placeOrder();
    const orderId = await shop.expectConfirmation();
    const reference = (await buyer.getByTestId('order-ref').innerText()).trim();
    await textIs(buyer.getByTestId('receipt-seal'), 'Receipt signed by Lantern Tea House');
    // Before completion: a problem may be raised, no review written.
    await buyer.getByText('Report a problem').waitFor();
    assert.equal(await buyer.getByTestId('review-form').count(), 0, 'no review before the order is completed');

    // 2. The seller marks it paid, shipped and completed in the desk's inbox.
    await signIn(seller, url);
    await desk.openInbox();
    await desk.openOrder(reference);
    await seller.getByRole('button', { name: 'Mark paid' }).click();
    await desk.status().filter({ hasText: 'Paid' }).waitFor();
    await seller.getByRole('button', { name: 'Mark shipped…' }).click();
    await seller.getByLabel('Tracking note (carrier and number)').fill('SF Express SF1234');
    await seller.getByRole('button', { name: 'Mark shipped', exact: true }).click();
    await desk.status().filter({ hasText: 'Shipped' }).waitFor();
    await seller.getByRole('button', { name: 'Mark completed' }).click();
    await desk.status().filter({ hasText: 'Completed' }).waitFor();

    // 3. The buyer's order page invites a review; the buyer gives 4 stars and words.
    await buyer.reload();
    const form = buyer.getByTestId('review-form');
    await form.getByRole('heading', { name: 'Jasmine pearls' }).waitFor();
    await form.getByRole('radio', { name: '4 of 5 stars' }).check();
    await form.getByLabel('Your review (optional)').fill(REVIEW);
    await form.getByLabel('Your name as shown (optional)').fill(NAME);
    await form.getByRole('button', { name: 'Publish the review' }).click();
    await textIs(form.getByTestId('review-said'), 'Thank you: your review is published.');

    // 4. The seller replies in public from the desk's reviews page.
    await seller.getByRole('link', { name: 'Reviews' }).click();
    await seller.getByRole('heading', { level: 1, name: 'Reviews' }).waitFor();
    const review = seller.locator('.review').filter({ hasText: `order ${reference}` });
    assert.equal(await review.locator('.review__text').innerText(), REVIEW);
    await textIs(review.locator('.review__author'), `Shown as “${NAME}” (the buyer's choice, not checked)`);
    await review.getByRole('button', { name: 'Reply publicly…' }).click();
    await review.getByLabel('Public reply (buyers read it under the review)').fill(REPLY);
    await review.getByRole('button', { name: 'Publish reply' }).click();
    await seller.getByRole('status').filter({ hasText: 'Reply published.' }).waitFor();

    // 5. serve publishes its site again in the background: the product's page, as a
    // crawler reads it (no JavaScript), shows the review and the reply once it has.
    const productPage = `${url}/p/jasmine-pearls/`;
    await until(async (note) => {
      const res = await fetch(productPage);
      const html = await res.text();
      note(`${res.status}, review ${html.includes('香气很好')}, reply ${html.includes(REPLY)}`);
      return res.status === 200 && html.includes(REPLY);
    }, { what: 'the republished product page with the review and its reply', timeout: 120_000 });
    const crawlerContext = await phoneContext(browser, { javaScriptEnabled: false });
    const crawler = await crawlerContext.newPage();
    await crawler.goto(productPage);
    const shown = await shownReviews(crawler);
    assert.equal(shown.reviews.length, 1, JSON.stringify(shown));
    assert.equal(shown.reviews[0].text, REVIEW);
    assert.equal(shown.reviews[0].reply, REPLY);
    assert.equal(shown.reviews[0].stars, 4);
    assert.equal(shown.reviews[0].author, NAME);
    const scripts = await crawler.locator('script[type="application/ld+json"]').allTextContents();
    assert.equal(scripts.length, 1);
    const data = JSON.parse(scripts[0]);
    assert.equal(data['@type'], 'Product');
    assert.equal(data.aggregateRating['@type'], 'AggregateRating');
    assert.equal(data.aggregateRating.ratingValue, '4.00');
    assert.equal(data.aggregateRating.reviewCount, 1);
    assert.equal(data.review.length, 1);
    assert.equal(data.review[0]['@type'], 'Review');
    assert.deepEqual(data.review[0].author, { '@type': 'Person', name: NAME });
    assert.equal(data.review[0].reviewRating.ratingValue, 4);
    assert.equal(data.review[0].reviewBody, REVIEW);
    assert.equal(data.review[0].datePublished, shown.reviews[0].day);
    assert.equal(shown.figures, figuresSaid(0, 0, 0));
    await crawlerContext.close();

    // 6. The buyer raises a problem from the order page.
    await buyer.getByText('Report a problem').click();
    const problemForm = buyer.getByTestId('problem-form');
    await problemForm.getByRole('radio', { name: 'Not received' }).check();
    await problemForm.getByLabel('Tell the seller what happened').fill(PROBLEM);
    await problemForm.getByRole('button', { name: 'Send to the seller' }).click();
    await textIs(problemForm.getByTestId('problem-said'), 'Sent to the seller. Their answer shows here.');
    const problem = buyer.getByTestId('problem');
    await textIs(problem.getByTestId('problem-state'), 'Open');

    // 7. The seller sees it in the inbox, answers and marks it resolved in the desk.
    await desk.openInbox();
    await textIs(desk.row(reference).locator('.badge--problem'), '1 open problem');
    await desk.openOrder(reference);
    const thread = seller.locator('.buyer-problem').filter({ has: seller.getByRole('heading', { name: /Not received/ }) });
    await thread.getByText(PROBLEM).waitFor();
    await thread.getByLabel('Your answer (the buyer reads it on their order page)').fill(ANSWER);
    await thread.getByRole('button', { name: 'Send answer' }).click();
    await seller.getByRole('status').filter({ hasText: 'Answer sent.' }).waitFor();
    await thread.getByRole('button', { name: 'Mark resolved' }).click();
    await thread.getByRole('heading', { name: 'Not received Resolved' }).waitFor();

    // 8. The buyer reads the answer, and that it is resolved.
    await buyer.getByRole('button', { name: 'Check for answers' }).click();
    await textIs(problem.getByTestId('problem-state'), 'Resolved');
    const answer = problem.getByTestId('problem-message').nth(1);
    await answer.getByText('The seller').waitFor();
    await textIs(answer.locator('.prose'), ANSWER);

    // 8b. serve published its site again when the problem was raised and when it was
    // resolved: the product page's figures under the review say so without JavaScript.
    await until(async (note) => {
      const html = await (await fetch(productPage)).text();
      note(html.match(/data-testid="problem-figures">[^<]*/)?.[0]);
      return html.includes(figuresSaid(1, 1, 0).split('。')[0]);
    }, { what: 'the republished product page with the problem resolved in its figures', timeout: 120_000 });
    const readerContext = await phoneContext(browser, { javaScriptEnabled: false });
    const reader = await readerContext.newPage();
    await reader.goto(productPage);
    assert.equal((await shownReviews(reader)).figures, figuresSaid(1, 1, 0));
    await readerContext.close();

    // 9. The buyer saves the signed receipt (the download).
    const [download] = await Promise.all([buyer.waitForEvent('download'), buyer.getByTestId('save-receipt').click()]);
    const saved = join(dir, 'receipt.json');
    await download.saveAs(saved);
    const receipt = JSON.parse(readFileSync(saved, 'utf8'));
    assert.equal(receipt.terms.order_id, orderId);

    // 10. The CLI says it is genuine and what was promised; a copy with one digit of
    // the price changed is refused as altered.
    const verified = spawnSync(BIN, ['receipt', 'verify', saved], { encoding: 'utf8' });
    assert.equal(verified.status, 0, verified.stderr);
    assert.match(verified.stdout, /^Valid receipt for the key list published by [^\n]*, signed by Lantern Tea House/);
    assert.match(verified.stdout, new RegExp(`Order ${orderId}: placed `));
    assert.match(verified.stdout, new RegExp(`1 × Jasmine pearls .*at ${receipt.terms.lines[0].unit_price.replace('.', '\\.')}`));
    assert.match(verified.stdout, new RegExp(`^Total: ${receipt.terms.total.replace('.', '\\.')} CNY$`, 'm'));
    assert.match(verified.stdout, /^Promised: ships within 2 days$/m);
    const altered = structuredClone(receipt);
    altered.terms.lines[0].unit_price = oneDigitChanged(altered.terms.lines[0].unit_price);
    const alteredFile = join(dir, 'altered.json');
    writeFileSync(alteredFile, JSON.stringify(altered));
    const refused = spawnSync(BIN, ['receipt', 'verify', alteredFile], { encoding: 'utf8' });
    assert.notEqual(refused.status, 0, 'an altered copy exits non-zero');
    assert.match(refused.stderr, /ALTERED: .*altered\.json was altered after it was signed/);

    // 11. The storefront's check page says the same of both files.
    await buyer.getByRole('link', { name: 'Check a receipt' }).click();
    await buyer.getByRole('heading', { name: 'Check a receipt' }).waitFor();
    const verdict = buyer.getByTestId('receipt-verdict').locator('[data-verdict]');
    await buyer.getByTestId('receipt-file').setInputFiles(saved);
    await valueIs(() => verdict.getAttribute('data-verdict'), 'genuine', 'the saved receipt\'s verdict');
    await textIs(verdict, /^Genuine: signed by Lantern Tea House/);
    await buyer.getByTestId('receipt-terms').getByText(orderId).waitFor();
    await buyer.getByTestId('receipt-file').setInputFiles(alteredFile);
    await valueIs(() => verdict.getAttribute('data-verdict'), 'altered', 'the altered copy\'s verdict');
    await textIs(verdict, /^Altered: this receipt was changed after the shop signed it\./);

    assert.deepEqual(buyerErrors, []);
    assert.deepEqual(sellerErrors, []);
    await sellerContext.close();
    await buyerContext.close();
  });
});
