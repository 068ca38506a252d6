// The buyer's way to checkout on a host that does not compress (docs/performance.md,
// "The parts' gzip copies on a host that does not compress"): the demo shop published
// and served by Python's http.server (`serveDemo('static')`), a product page opened in a
// fresh phone context throttled like `firstTap` (slow 4G, 4x CPU; service workers
// blocked unless `sw`), "Add to cart" tapped every 50 ms until the badge shows, then
// "View cart" and "Checkout" followed until the checkout form is there. Per run: the
// first tap and the checkout form in ms from the navigation, and every wasm file's
// bytes on the wire (the body as sent: the `.gz` copy's size when that was fetched),
// the page's and (with `sw`) the service worker's.
// Usage: node scripts/static-parts.mjs [runs=3] [sw] (after scripts/build.sh;
// MICROSHOP_BIN / MICROSHOP_DIST choose the build).
import { launchBrowser } from '../tests/e2e/harness.mjs';
import { serveDemo } from './lib/demo-site.mjs';
import { armFirstTap, load, throttledPage } from './lib/measure.mjs';

const runs = Number(process.argv[2] ?? 3);
const workers = process.argv.includes('sw') ? 'allow' : 'block';
const server = await serveDemo('static');
const browser = await launchBrowser();
const short = (url) => new URL(url).pathname.split('/').pop().replace(/-[0-9a-f]{16}/, '');
try {
  for (let run = 0; run < runs; run++) {
    const { context, page, cdp } = await throttledPage(browser, { serviceWorkers: workers });
    const wire = [];
    context.on('requestfinished', async (request) => {
      if (!/\.wasm(\.gz)?$/.test(request.url())) return;
      const sizes = await request.sizes().catch(() => ({ responseBodySize: 0 }));
      wire.push({ file: short(request.url()), bytes: sizes.responseBodySize, worker: Boolean(request.serviceWorker()) });
    });
    try {
      await armFirstTap(page, cdp);
      await page.goto(`${server.base}p/jasmine-pearls/`);
      await page.waitForFunction(() => window.__firstTap !== undefined, null, { timeout: 60_000 });
      await page.getByRole('link', { name: /View cart/ }).click();
      await page.getByRole('link', { name: 'Checkout' }).click();
      await page.getByLabel('Full name').waitFor({ timeout: 60_000 });
      const [tap, form] = await page.evaluate(() => [window.__firstTap, performance.now()]);
      const ofPage = wire.filter((w) => !w.worker);
      const sum = (list) => list.reduce((n, w) => n + w.bytes, 0);
      const main = ofPage.filter((w) => w.file.startsWith('microshop-storefront'));
      const parts = ofPage.filter((w) => !w.file.startsWith('microshop-storefront'));
      console.log(`run ${run + 1} (load ${load()}): first tap ${Math.round(tap)} ms, checkout form ${Math.round(form)} ms; `
        + `wasm on the wire: main ${sum(main)} B, parts ${sum(parts)} B (${parts.map((w) => `${w.file} ${w.bytes}`).join(', ')})`
        + (workers === 'allow' ? `; the worker's ${sum(wire.filter((w) => w.worker))} B (${wire.filter((w) => w.worker).map((w) => `${w.file} ${w.bytes}`).join(', ')})` : ''));
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.stop();
}
