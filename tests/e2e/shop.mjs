// Page object for the storefront: the steps a buyer takes, by role and label.
import assert from 'node:assert/strict';
import { shopShown, valueIs } from './wait.mjs';

export class Shop {
  constructor(page, url) {
    this.page = page;
    this.url = url;
  }

  async openProduct(id) {
    await this.page.goto(`${this.url}/p/${id}`);
    // A published product page has a prerendered title before the app takes over.
    await shopShown(this.page);
    await this.page.locator('.product__title').waitFor();
  }

  async addToCart() {
    await this.page.getByRole('button', { name: 'Add to cart' }).click();
    // The page's live region says it ("Added Jasmine pearls to cart").
    await this.page.getByRole('status').filter({ hasText: /^Added .+ to cart/ }).waitFor();
  }

  /** Opens the feed and waits until the app has drawn it (not index.html's skeleton cards). */
  async openFeed(query = '') {
    await this.page.goto(`${this.url}/${query}`);
    await shopShown(this.page);
  }

  /** The cart badge's number now (0 without a badge). */
  async cartCount() {
    const badge = this.page.getByTestId('cart-count');
    return (await badge.count()) ? Number(await badge.innerText()) : 0;
  }

  /** Waits until the cart badge says `n` (no badge for 0). */
  async cartCountIs(n) {
    return valueIs(() => this.cartCount(), n, 'the cart badge');
  }

  async openCart() {
    await this.page.goto(`${this.url}/cart`);
    await this.page.getByRole('heading', { name: 'Cart' }).waitFor();
  }

  /** Puts one product in the cart and walks to the filled checkout by links (no reload). */
  async checkoutWith(productId, details = {}) {
    await this.openProduct(productId);
    await this.addToCart();
    await this.page.getByRole('link', { name: /View cart/ }).click();
    await this.page.getByRole('link', { name: 'Checkout' }).click();
    await this.fillCheckout(details);
  }

  async fillCheckout({ name = 'Li Wei', phone = '+86 138 0000 0000', address = '1 Tea Street\nGulou, Fuzhou', email = '', note = '' } = {}) {
    const p = this.page;
    await p.getByLabel('Full name').fill(name);
    await p.getByLabel('Phone').fill(phone);
    if (email) await p.getByLabel(/E-mail/).fill(email);
    await p.getByLabel('Delivery address').fill(address);
    if (note) await p.getByLabel(/Note to the seller/).fill(note);
  }

  async placeOrder() {
    await this.page.getByRole('button', { name: 'Place order' }).click();
  }

  async expectConfirmation() {
    await this.page.waitForURL(/\/order\/\?id=ord_[0-9a-f]{32}$/);
    await this.page.getByRole('heading', { name: 'Thank you! Your order is placed.' }).waitFor();
    const id = new URL(this.page.url()).searchParams.get('id');
    assert.match(id, /^ord_[0-9a-f]{32}$/);
    return id;
  }
}
