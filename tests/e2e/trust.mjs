// Shared by the tests of issue 18's trust signals (reviews.test.mjs,
// signed-receipt.test.mjs, trust-journey.test.mjs): a served shop naming serve's
// buyer API, what a product page shows of its reviews, and a receipt's amount with
// one digit changed.
import { startDesk } from './desk.mjs';
import { LOCALES } from './looks.mjs';

/**
 * serve with the seller's desk, its shop naming serve's buyer API (`trust.api`) from
 * the start. `everyLanguage` adds every language the storefront ships to the shop (for
 * the pages' words in each, as a11y's looks do); the rest goes to `startServer`.
 */
export function servedShop({ trust = true, everyLanguage = true, ...options } = {}) {
  return startDesk({
    ...options,
    editable: true,
    edit: (doc) => {
      if (everyLanguage) doc.locales = [...new Set([...doc.locales, ...LOCALES])];
      if (trust) doc.trust = { api: '/api/' };
    },
  });
}

/** What a product page shows of its reviews, read from the page as it is now. */
export function shownReviews(page) {
  return page.evaluate(() => {
    const text = (el) => (el ? el.textContent : null);
    const section = document.querySelector('section.reviews');
    return {
      heading: text(section?.querySelector('h2')),
      summary: text(section?.querySelector('[data-testid=reviews-summary]')),
      hidden: text(section?.querySelector('[data-testid=reviews-hidden]')),
      reviews: [...(section?.querySelectorAll('li.review') ?? [])].map((li) => ({
        head: text(li.querySelector('.review__head')),
        stars: [...text(li.querySelector('.stars [aria-hidden=true]'))].filter((c) => c === '★').length,
        author: text(li.querySelector('.review__author')),
        verified: text(li.querySelector('.review__verified')),
        day: li.querySelector('time')?.getAttribute('datetime'),
        text: text(li.querySelector('.review__text')),
        lang: li.querySelector('.review__text')?.getAttribute('lang') ?? null,
        reply: text(li.querySelector('.review__reply .prose')),
      })),
      figures: text(section?.querySelector('[data-testid=problem-figures]')),
    };
  });
}

/** `amount` with its last digit changed ("68.00" -> "68.01"). */
export const oneDigitChanged = (amount) => amount.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
