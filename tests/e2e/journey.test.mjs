// The whole buyer's journey on a phone, checked against the endpoint's own database.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, phoneContext, sharedShop, watchErrors } from './harness.mjs';
import { orders } from './db.mjs';
import { Shop } from './shop.mjs';
import { countIs, shopShown, until, valueIs } from './wait.mjs';

const CARDS = 'main .card:not(.card--skeleton)';
const DEMO_TEAWARE = JSON.parse(readFileSync(join(ROOT, 'public', 'shop.json'), 'utf8'))
  .catalog.products.filter((p) => p.category === 'teaware').length;

describe('buyer journey', () => {
  const suite = sharedShop();

  it('search, category, product, variant, cart edit, checkout with bad then good fields, confirmation', async () => {
    const context = await phoneContext(suite.browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const shop = new Shop(page, suite.server.url);
    // The buyer came through a friend's referral link.
    await page.goto(`${suite.server.url}/?ref=amy-2026`);
    await shopShown(page);

    // Search finds the tea; the card leads to its page.
    await page.getByRole('searchbox', { name: 'Search' }).fill('jasmine');
    await page.waitForURL(/q=jasmine/);
    await page.locator(CARDS, { hasText: 'Jasmine pearls' }).click();
    await page.waitForURL(/\/p\/jasmine-pearls/);
    await page.locator('.product__title', { hasText: 'Jasmine pearls' }).waitFor();

    // The gallery swipes sideways; the dots follow the image in view.
    const gallery = page.locator('.gallery');
    assert.ok((await page.locator('.gallery__image').count()) > 1);
    await gallery.evaluate((el) => el.scrollTo({ left: el.clientWidth, behavior: 'instant' }));
    await page.locator('.gallery__dot').nth(1).and(page.locator('.gallery__dot--current')).waitFor();

    // Choose the 100g weight: the URL names the variant, the price follows.
    const before = await page.locator('.product__price').innerText();
    await page.getByRole('button', { name: '100g', exact: true }).click();
    await page.waitForURL(/\?v=/);
    await page.getByRole('button', { name: '100g', exact: true, pressed: true }).waitFor();
    await until(async () => (await page.locator('.product__price').innerText()) !== before, { what: 'the price to follow the weight' });
    const quantity = page.getByRole('spinbutton', { name: 'Quantity' });
    await page.getByRole('button', { name: 'Increase quantity' }).click();
    await valueIs(() => quantity.inputValue(), '2', 'the quantity');
    await shop.addToCart();
    await shop.cartCountIs(2);
    // The variant link opens the same choice in a new tab.
    const shared = await (await phoneContext(suite.browser)).newPage();
    await shared.goto(page.url());
    await shared.locator('.product__title').waitFor();
    assert.equal(await shared.getByRole('button', { name: '100g', exact: true }).getAttribute('aria-pressed'), 'true');

    // A second product from a category, then removed again in the cart.
    await shop.openFeed();
    await page.getByRole('button', { name: 'Teaware' }).click();
    await page.waitForURL(/cat=teaware/);
    await countIs(page.locator(CARDS), DEMO_TEAWARE);
    await page.locator(`${CARDS}:not(.card--sold-out)`).first().click();
    await page.waitForURL(/\/p\//);
    await page.locator('.product__title').waitFor();
    const secondTitle = await page.locator('.product__title').innerText();
    await shop.addToCart();
    await shop.cartCountIs(3);

    await page.getByRole('link', { name: /View cart/ }).click();
    await page.getByRole('heading', { name: 'Cart' }).waitFor();
    await countIs(page.locator('.line'), 2);
    await page.locator('.line', { hasText: secondTitle }).getByRole('button', { name: /Remove/ }).click();
    await countIs(page.locator('.line'), 1);
    await page.getByRole('button', { name: 'Increase quantity' }).click();
    await valueIs(() => page.locator('.line .stepper__input').inputValue(), '3', 'the line\'s quantity');
    await page.getByLabel('Pick up in Fuzhou').check();
    const cartTotal = await page.getByTestId('total').innerText();

    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    // Fields have labels, phone keyboards and autocomplete.
    const phone = page.getByLabel('Phone');
    assert.equal(await phone.getAttribute('type'), 'tel');
    assert.equal(await phone.getAttribute('autocomplete'), 'tel');
    assert.equal(await page.getByLabel(/E-mail/).getAttribute('type'), 'email');

    // Submitting empty shows errors tied to the fields, and nothing is sent.
    await shop.placeOrder();
    await page.getByText('Please check the highlighted fields.').waitFor();
    assert.equal(await page.getByLabel('Full name').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#field-name-error').innerText(), 'Please fill this in.');
    assert.equal(await page.getByLabel('Full name').getAttribute('aria-describedby'), 'field-name-error');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-name');

    await shop.fillCheckout({ phone: '12', email: 'not-an-email' });
    await shop.placeOrder();
    await page.getByText('Enter a phone number: digits, optionally starting with +.').waitFor();
    await page.getByText('Enter an e-mail address such as name@example.com.').waitFor();
    assert.equal(orders(suite.server.db).length, 0, 'invalid forms send nothing');

    await shop.fillCheckout({ email: 'li.wei@example.com', note: 'Please wrap as a gift' });
    assert.equal(await page.getByTestId('total').innerText(), cartTotal);
    await shop.placeOrder();
    const id = await shop.expectConfirmation();

    // The receipt survives a reload, and the cart is empty now.
    await page.reload();
    await page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor();
    assert.match(await page.getByTestId('order-number').innerText(), new RegExp(id));
    assert.match(await page.locator('.receipt__lines').innerText(), /3 × Jasmine pearls/);
    await shop.cartCountIs(0);

    // Exactly one order arrived, with the lines and totals the buyer saw.
    const stored = orders(suite.server.db);
    assert.equal(stored.length, 1);
    const [order] = stored;
    assert.equal(order.order_id, id);
    assert.equal(order.lines.length, 1);
    assert.equal(order.lines[0].product_id, 'jasmine-pearls');
    assert.equal(order.lines[0].quantity, 3);
    assert.deepEqual(order.lines[0].options, { Weight: '100g' });
    assert.equal(order.shipping.id, 'pickup');
    assert.equal(order.customer.name, 'Li Wei');
    assert.equal(order.customer.email, 'li.wei@example.com');
    assert.equal(order.note, 'Please wrap as a gift');
    assert.equal(order.referral, 'amy-2026');
    assert.equal(Number(order.total), Number(cartTotal.replace(/[^\d.]/g, '')));
    assert.equal(Number(order.lines[0].line_total), Number(order.lines[0].unit_price) * 3);
    assert.deepEqual(errors, []);
  });

  it('a double tap on "Place order" makes one order', async () => {
    const page = await (await phoneContext(suite.browser)).newPage();
    const shop = new Shop(page, suite.server.url);
    const before = orders(suite.server.db).length;
    await shop.openProduct('glass-fair-cup');
    await shop.addToCart();
    await page.goto(`${suite.server.url}/checkout`);
    await shop.fillCheckout();
    await page.getByRole('button', { name: 'Place order' }).dblclick();
    await shop.expectConfirmation();
    // allow-sleep: proves no second order follows the first
    await page.waitForTimeout(500);
    assert.equal(orders(suite.server.db).length, before + 1);
  });
});
