// What the benchmark scripts (lighthouse.mjs: the demo shop on two hosts; bench.mjs: any
// storefront, side by side) measure, written once. Benchmarks, not tests: timings on a
// shared machine are noisy, so the scripts print medians and the load average.
import lighthouse from 'lighthouse';
import { loadavg } from 'node:os';

/** Chromium's flags for measuring: no background traffic of its own. */
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The Lighthouse timings reported, in this order. */
export const AUDITS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'interactive'];

/** What a tap on "Add to cart" is and how a page shows it worked, on a microshop page. */
export const MICROSHOP_TAP = { tap: 'button.buy__add:not([disabled])', tapped: '[data-testid=cart-count]' };

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A timing for people: milliseconds, except the layout shift score. */
export const shown = (audit, v) => (audit === 'cumulative-layout-shift' ? v.toFixed(3) : String(Math.round(v)));

/** The 1-minute load average, for the note next to the figures. */
export const load = () => loadavg()[0].toFixed(2);

/** One Lighthouse run (mobile preset, simulated slow 4G and 4x CPU) in the Chromium on `port`. */
export async function lighthouseRun(url, port) {
  const { lhr } = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
  });
  return lhr;
}

/**
 * The bytes a page transferred, by resource type, as served (compressed when the host
 * compresses), from Lighthouse's network requests: `{ total, requests, types: { Script:
 * { bytes, requests }, … }, list: [{ url, type, bytes }] }`, types ordered by bytes. Requests the page's own origin did
 * not make (a data: URL) carry no transfer and are left out.
 */
export function bytesByType(requests) {
  const types = {};
  let total = 0;
  let count = 0;
  const list = [];
  for (const r of requests) {
    if (!/^https?:/.test(r.url ?? '')) continue;
    const type = r.resourceType ?? 'Other';
    const bytes = Number.isFinite(r.transferSize) ? r.transferSize : 0;
    const row = (types[type] ??= { bytes: 0, requests: 0 });
    row.bytes += bytes;
    row.requests += 1;
    list.push({ url: r.url, type, bytes });
    total += bytes;
    count += 1;
  }
  const ordered = Object.fromEntries(Object.entries(types).sort(([, a], [, b]) => b.bytes - a.bytes));
  return { total, requests: count, types: ordered, list };
}

/** The network requests in a Lighthouse result. */
export const requestsOf = (lhr) => lhr.audits['network-requests']?.details?.items ?? [];

/**
 * A fresh phone-sized context and page whose network is throttled like Lighthouse's
 * mobile preset through DevTools (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up; a
 * service worker's own fetches are not throttled by it). Close `context` when done.
 */
export async function throttledPage(browser, { serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, locale: 'en-US', serviceWorkers });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  return { context, page, cdp };
}

/**
 * Sets `page` (from `throttledPage`) to Lighthouse's 4x CPU and, from its first script
 * on, to tap `tap` every 50 ms until `tapped` is there, noting the moment in
 * `window.__firstTap` (ms since navigation).
 */
export async function armFirstTap(page, cdp, { tap, tapped } = MICROSHOP_TAP) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(([tap, tapped]) => {
    const look = setInterval(() => {
      if (document.querySelector(tapped)) {
        window.__firstTap = performance.now();
        clearInterval(look);
        return;
      }
      document.querySelector(tap)?.click();
    }, 50);
  }, [tap, tapped]);
}

/**
 * Milliseconds from navigation until a tap on `tap` (a selector) is answered by
 * `tapped` (a selector that appears), throttled like Lighthouse's mobile preset through
 * DevTools (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, 4x CPU): a tap is tried every
 * 50 ms from the first script on. A fresh context each time: nothing cached, like a
 * first visit. Service workers are blocked: the throttling set here is the page's, and
 * a worker's fetches are not throttled by it, so a worker that installed during the
 * visit answered the page's later requests (the app's parts, or its wasm when it
 * registered before the wasm was fetched) from a cache filled at full speed: the
 * figure came out faster than any phone network allows. Resolves with null when
 * nothing answered within `timeout`.
 */
export async function firstTap(browser, url, { tap, tapped } = MICROSHOP_TAP, timeout = 60_000) {
  const { context, page, cdp } = await throttledPage(browser, { serviceWorkers: 'block' });
  try {
    await armFirstTap(page, cdp, { tap, tapped });
    await page.goto(url);
    try {
      await page.waitForFunction(() => window.__firstTap !== undefined, null, { timeout });
    } catch {
      return null;
    }
    return await page.evaluate(() => window.__firstTap);
  } finally {
    await context.close();
  }
}
