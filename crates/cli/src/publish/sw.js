// The shop's offline shell. `microshop publish` writes this file as sw.js with SCOPE,
// BUILD and PRECACHE above this line; docs/publishing.md ("Offline") says why it
// works this way. Rules, in order:
// - Only GET requests to this shop's own folder are answered here; orders, the
//   endpoint's answers and other sites' files always go to the network, and so does
//   everything of `microshop serve`'s own (SERVER): at base `/` the seller's desk,
//   its one-time sign-in links and the APIs are inside the shop's folder.
// - Hashed files (the app's wasm, scripts, styles, words) never change: from the cache,
//   else the network (kept).
// - Installing keeps the shop's first page, its data, the first screen's pictures and
//   every hashed file a buyer needs to order (publish lists them in PRECACHE).
// - Pages and the shop's data (shop.json, data/): the network first, so a seller's
//   new prices show at once; the cached copy when the network fails, answers 5xx or is
//   slower than SLOW_MS (then the network's answer still updates the cache for the next
//   visit).
//   A page never visited offline is answered with the shop's first page: the app
//   reads the address and shows the right one.
// - Pictures: the cached copy at once, refreshed from the network in the background.
// - A new build installs beside the old one and takes over at the next visit (no
//   skipWaiting): a page and the files it names always come from one build.
const SLOW_MS = 3000;
const CACHE = `microshop-${BUILD}`;
const PAGES = `microshop-pages-${BUILD}`;
const HASHED = new Set(PRECACHE.filter(isHashed));
/** serve's paths (the seller's desk, the APIs, health checks, oEmbed), after SCOPE: never the shop's pages. */
const SERVER = /^(_seller(\/|$)|api\/|healthz$|readyz$|oembed$)/;

/** The kept copy of `key`: this build's pages and data first, then what it installed with. */
async function keptCopy(key) {
  return (await (await caches.open(PAGES)).match(key)) ?? (await (await caches.open(CACHE)).match(key));
}

/**
 * Whether the host does not compress: the shop's first page, as kept, came without a
 * Content-Encoding (undefined while it is not kept). The page's loader reads the same
 * from its own navigation (crates/cli/src/publish/loader.rs).
 */
async function plainHost() {
  const page = await (await caches.open(CACHE)).match(SCOPE);
  return page && !page.headers.has('content-encoding');
}

/**
 * Keeps `path`. A wasm file is kept from its gzip copy, inflated: on a host that does
 * not compress (`plain`), the copy the page's loader fetched (from the HTTP cache, so
 * it crosses the network once) or else fetched here, 2.5 times smaller than the plain
 * file; elsewhere only a copy the page fetched (`only-if-cached`). Otherwise (no copy,
 * a host that answered with something else, not a valid module) the plain file from
 * the network.
 */
async function keep(cache, path, plain) {
  if (path.endsWith('.wasm') && typeof DecompressionStream === 'function') {
    try {
      const copy = `${path}.gz`;
      const cached = await fetch(copy, { cache: 'only-if-cached', mode: 'same-origin' }).catch(() => undefined);
      const packed = cached?.ok ? cached : (await plain) ? await fetch(copy) : undefined;
      if (packed?.ok && packed.body) {
        const body = packed.headers.has('content-encoding') ? packed.body : packed.body.pipeThrough(new DecompressionStream('gzip'));
        const bytes = await new Response(body).arrayBuffer();
        if (WebAssembly.validate(bytes)) {
          await cache.put(path, new Response(bytes, { headers: { 'content-type': 'application/wasm' } }));
          return;
        }
      }
    } catch {}
  }
  await cache.add(path);
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => {
    // The first page first: whether it came compressed says how to keep the wasm.
    const page = cache.add(SCOPE);
    const plain = page.then(plainHost);
    return Promise.all([page, ...PRECACHE.filter((path) => path !== SCOPE).map((path) => keep(cache, path, plain))]);
  }));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith('microshop-') && name !== CACHE && name !== PAGES)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const path = url.pathname;
  if (url.origin !== self.location.origin || !path.startsWith(SCOPE) || SERVER.test(path.slice(SCOPE.length))) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(event, url.origin + path, true));
  } else if (HASHED.has(path) || isHashed(path)) {
    event.respondWith(cacheFirst(request));
  } else if (path === `${SCOPE}shop.json` || path.startsWith(`${SCOPE}data/`)) {
    event.respondWith(networkFirst(event, url.origin + path, false));
  } else if (request.destination === 'image') {
    event.respondWith(staleWhileRevalidate(event));
  }
});

/** A file name with a build hash (`app-0123456789abcdef.css`, `x_bg.wasm`), as serve reads it. */
function isHashed(path) {
  const [stem, extension] = path.slice(path.lastIndexOf('/') + 1).split(/\.(.*)/s);
  return ['wasm', 'js', 'css', 'txt'].includes(extension) && /-[0-9a-f]{10,16}$/.test(stem.replace(/_bg$/, ''));
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  // A part not kept at install (share, trust, ...): from its gzip copy on a host that
  // does not compress, as the page would have fetched it without the worker.
  const path = new URL(request.url).pathname;
  if (path.endsWith('.wasm') && await plainHost()) {
    await keep(cache, path, true).catch(() => {});
    const kept = await cache.match(request);
    if (kept) return kept;
  }
  const answer = await fetch(request);
  if (answer.ok) await cache.put(request, answer.clone());
  return answer;
}

/**
 * The network's answer, kept under `key`; the kept copy when the network fails,
 * answers with a server error (5xx: a host's outage or maintenance, a proxy whose
 * origin is down; a 4xx is the host's answer and passes) or takes longer than SLOW_MS
 * (the network's late answer still refreshes it). A page with no copy of its own
 * falls back to the shop's first page.
 */
async function networkFirst(event, key, isPage) {
  const pages = await caches.open(PAGES);
  const fromNetwork = fetch(event.request).then(async (answer) => {
    if (answer.ok) await pages.put(key, answer.clone());
    return answer;
  });
  event.waitUntil(fromNetwork.catch(() => {}));
  const kept = async () => (await keptCopy(key)) ?? (isPage ? keptCopy(self.location.origin + SCOPE) : undefined);
  const answered = fromNetwork.then(async (answer) => (answer.status >= 500 && await kept()) || answer);
  let timer;
  const slow = new Promise((resolve) => { timer = setTimeout(resolve, SLOW_MS); }).then(kept);
  try {
    return await Promise.race([answered, slow.then((copy) => copy ?? answered)]);
  } catch (error) {
    const copy = await kept();
    if (copy) return copy;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function staleWhileRevalidate(event) {
  const pages = await caches.open(PAGES);
  const copy = await keptCopy(event.request);
  const fresh = fetch(event.request).then(async (answer) => {
    if (answer.ok) await pages.put(event.request, answer.clone());
    return answer;
  });
  if (!copy) return fresh;
  event.waitUntil(fresh.catch(() => {}));
  return copy;
}
