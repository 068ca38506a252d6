// What the offline shell's install fetches while a first visit's wasm is still on its
// way (docs/performance.md, "The offline shell after the app"): the demo shop published
// and served (`serve`: `microshop serve --site`; `static`: no compression), a product
// page opened in a fresh phone context throttled like `firstTap` (`throttledPage`), and
// per run the worker's requests finished before the page's wasm response, with their
// body bytes, and whether the worker answered the wasm.
// Usage: node scripts/sw-race.mjs [serve|static=static] [runs=3] (after scripts/build.sh;
// MICROSHOP_BIN / MICROSHOP_DIST choose the build).
import { launchBrowser } from '../tests/e2e/harness.mjs';
import { serveDemo } from './lib/demo-site.mjs';
import { throttledPage } from './lib/measure.mjs';

const host = process.argv[2] ?? 'static';
const runs = Number(process.argv[3] ?? 3);
const server = await serveDemo(host);
const browser = await launchBrowser();
try {
  for (let run = 0; run < runs; run++) {
    const { context, page } = await throttledPage(browser);
    const seen = { wasmDone: false, before: 0, bytes: 0, wasmFromWorker: false };
    context.on('requestfinished', async (request) => {
      if (request.serviceWorker()) {
        if (seen.wasmDone) return;
        seen.before++;
        seen.bytes += (await request.sizes().catch(() => ({ responseBodySize: 0 }))).responseBodySize;
      } else if (/_bg\.wasm(\.gz)?$/.test(request.url())) {
        seen.wasmDone = true;
        seen.wasmFromWorker = (await request.response())?.fromServiceWorker() ?? false;
      }
    });
    await page.goto(`${server.base}p/jasmine-pearls/`);
    await page.waitForFunction(() => window.wasmBindings !== undefined, null, { timeout: 60_000 });
    console.log(`${host} run ${run + 1}: the worker's requests finished before the wasm: ${seen.before} (${seen.bytes} B of bodies); the wasm answered by the worker: ${seen.wasmFromWorker}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
