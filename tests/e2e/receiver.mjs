// Fake seller endpoint for end-to-end tests: a real HTTP server (node:http only) that
// records every order POST and can be told, per URL, to misbehave the ways real
// endpoints do (errors, lost answers, hangs, rate limits, captive portals, no CORS).
// Tests assert against its own records, never against what the page claims happened.
import { createServer } from 'node:http';

const LIMIT = 1024 * 1024; // bodies beyond 1 MiB get 413: the shop must never send that much
const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After' };
const JSON_422 = {
  error: 'invalid_fields', message: 'Phone is not valid',
  problems: [{ code: 'field', path: 'customer.phone', field: 'phone', message: 'is not a phone number' }],
};

function json(res, status, obj, extraHeaders = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...extraHeaders });
  res.end(JSON.stringify(obj));
}
function text(res, status, body, type = 'text/plain') {
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8` });
  res.end(body);
}
function parse(body, contentType = '') {
  let parsed = null;
  try { parsed = body ? JSON.parse(body) : null; } catch { /* not JSON: json stays null */ }
  const form = /application\/x-www-form-urlencoded/i.test(contentType)
    ? Object.fromEntries(new URLSearchParams(body)) : null;
  return { json: parsed, form };
}

export async function startReceiver() {
  const requests = [];
  const preflights = [];
  const orders = new Map();
  const orderIds = new Map(); // key -> "R-n", so a retried order gets the same id back, as a real idempotent seller would
  const custom = new Map();
  const customNoCors = new Set(); // custom behaviours that answer like chat webhooks: no CORS
  const waiters = new Set();
  const hangTimers = new Set();
  let stored = 0;
  let storeCalls = 0;

  // Store-once: a repeat of an already stored key is acknowledged but never stored twice.
  function store(rec) {
    storeCalls++;
    if (!orders.has(rec.orderKey)) {
      orders.set(rec.orderKey, rec.json ?? rec.form ?? rec.body);
      orderIds.set(rec.orderKey, `R-${++stored}`);
      notify();
    }
    return orderIds.get(rec.orderKey);
  }
  const ok = (rec, res, status = 201) => json(res, status, { order_id: store(rec), status: 'received' });

  // Built-in behaviours. `n` is the number in names like fail-3 / hang-5000 / rate-2.
  const builtins = {
    ok: (rec, res) => ok(rec, res),
    'ok-empty': (rec, res) => { store(rec); res.writeHead(204).end(); },
    fail: (rec, res, n = 1) => (rec.attempt <= n ? json(res, 500, { error: 'boom' }) : ok(rec, res)),
    // Processed, but the answer was lost: the client must retry and must not double-order.
    flaky: (rec, res) => {
      if (rec.attempt === 1) { store(rec); return json(res, 500, { error: 'boom' }); }
      ok(rec, res, 200);
    },
    // The first attempt answers only after the client has given up; it does not count as stored.
    hang: (rec, res, ms = 30000) => {
      if (rec.attempt > 1) return ok(rec, res);
      // allow-sleep: the endpoint's own slowness is the behaviour under test
      const timer = setTimeout(() => {
        hangTimers.delete(timer);
        if (!res.destroyed && !res.headersSent) json(res, 201, { status: 'received', late: true });
      }, ms);
      hangTimers.add(timer);
      res.on('close', () => { clearTimeout(timer); hangTimers.delete(timer); });
    },
    rate: (rec, res, s = 1) => (rec.attempt === 1
      ? json(res, 429, { error: 'slow down' }, { 'Retry-After': String(s) }) : ok(rec, res)),
    // A captive portal answered, not the shop: 200 but the order went nowhere.
    garbage: (rec, res) => text(res, 200, '<html><body>Welcome to hotel wifi</body></html>', 'text/html'),
    'nobody-422': (rec, res) => { res.writeHead(422, { 'Content-Type': 'text/plain', 'Content-Length': '0' }); res.end(); },
    'json-422': (rec, res) => json(res, 422, JSON_422),
    redirect: (rec, res) => { res.writeHead(302, { Location: `${receiver.url}/landing` }); res.end(); },
    // The browser hides this answer from the page, so for the tests it is never stored.
    nocors: (rec, res) => json(res, 201, { order_id: 'R-nocors', status: 'received' }),
    'text-ok': (rec, res) => { store(rec); text(res, 200, 'ok'); },
    // A chat webhook: takes every message it gets (no deduplication), answers without CORS.
    'chat-nocors': (rec, res) => { store(rec); text(res, 200, 'ok'); },
  };
  const PARAMETRIC = new Set(['fail', 'hang', 'rate']);

  function lookup(name) {
    if (custom.has(name)) return { fn: custom.get(name), custom: true };
    if (Object.hasOwn(builtins, name)) return { fn: builtins[name] };
    const m = /^([a-z]+)-(\d+)$/.exec(name);
    if (m && PARAMETRIC.has(m[1])) return { fn: builtins[m[1]], n: Number(m[2]) };
    return null;
  }
  const behaviourOf = (path) => (path.startsWith('/orders/') ? decodeURIComponent(path.slice(8)) : null);

  function notify() { for (const w of waiters) w(); }
  function waitFor(what, ready, want, timeoutMs) {
    return new Promise((resolve, reject) => {
      const check = () => { if (ready()) { done(); resolve(); } };
      // allow-sleep: a time limit on the wait, which ends as soon as the requests arrive
      const timer = setTimeout(() => {
        done();
        const last = requests.slice(-5).map((r) => `${r.method} ${r.path} -> ${r.status ?? 'pending'}`);
        reject(new Error(`receiver: wanted ${want} ${what} within ${timeoutMs}ms, have ${what === 'orders' ? orders.size : requests.length}; `
          + `last requests: ${last.length ? last.join(', ') : '(none)'}`));
      }, timeoutMs);
      const done = () => { clearTimeout(timer); waiters.delete(check); };
      waiters.add(check);
      check();
    });
  }

  async function handle(req, res) {
    const path = new URL(req.url, 'http://x').pathname;
    const name = behaviourOf(path);
    // These answer like chat webhooks: no CORS headers at all.
    const cors = !['nocors', 'chat-nocors'].includes(name) && !customNoCors.has(name);
    if (req.method === 'OPTIONS') {
      // Kept apart from `requests`, whose counts tests read as attempts.
      preflights.push({ path, at: Date.now() });
      const headers = cors ? {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || '*',
        'Access-Control-Max-Age': '600',
        // Chromium's Private Network Access preflight: harmless when not asked for.
        ...(req.headers['access-control-request-private-network'] === 'true'
          ? { 'Access-Control-Allow-Private-Network': 'true' } : {}),
      } : {};
      res.writeHead(204, headers).end();
      return;
    }
    if (cors) for (const [k, v] of Object.entries(CORS)) res.setHeader(k, v);
    if (name !== null && req.method !== 'POST') {
      // No order: the storefront asks with a HEAD whether a host answers at all after a
      // send saw a network error. Recorded, answered 405 as webhooks do, never stored.
      requests.push({ path, url: req.url, method: req.method, headers: { ...req.headers }, body: '', at: Date.now(), behaviour: name, orderKey: null, attempt: 0, status: 405 });
      res.writeHead(405, { Allow: 'POST' }).end();
      notify();
      return;
    }

    // Keep draining past the limit instead of cutting the socket, so the client reads a clean 413.
    const chunks = [];
    let size = 0;
    for await (const chunk of req) { size += chunk.length; if (size <= LIMIT) chunks.push(chunk); }
    const body = size > LIMIT ? '' : Buffer.concat(chunks).toString('utf8');
    const { json: parsed, form } = parse(body, req.headers['content-type']);
    const header = req.headers['idempotency-key'] ?? null;
    const rec = {
      path, url: req.url, method: req.method, headers: { ...req.headers }, body, json: parsed, form,
      key: header, at: Date.now(), behaviour: name, orderKey: null, attempt: 0, status: undefined,
    };
    if (name !== null) {
      rec.orderKey = header ?? parsed?.order_id ?? form?.order_id ?? body;
      rec.attempt = requests.filter((r) => r.orderKey === rec.orderKey).length + 1;
    }
    requests.push(rec);
    res.on('finish', () => { rec.status = res.statusCode; notify(); });
    res.on('close', () => { rec.status ??= 'aborted'; });
    notify();

    if (size > LIMIT) return json(res, 413, { error: 'body too large' });
    if (path === '/landing') return text(res, 200, 'ok');
    const found = name !== null && lookup(name);
    if (!found) return json(res, 404, { error: 'unknown behaviour', name, path });
    if (found.custom) {
      return found.fn(rec, res, { store: () => { store(rec); }, attempt: rec.attempt, json });
    }
    return found.n === undefined ? found.fn(rec, res) : found.fn(rec, res, found.n);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      // A broken custom behaviour should fail the test loudly, not hang it.
      console.error('receiver: behaviour failed:', err);
      if (!res.headersSent) json(res, 500, { error: 'receiver_bug', message: String(err) });
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });

  const receiver = {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    /** CORS preflights (`OPTIONS`) received. */
    preflights,
    orders,
    get stored() { return stored; }, // new keys stored; equals orders.size by construction
    get storeCalls() { return storeCalls; }, // every 2xx acceptance, repeats included
    endpoint: (behaviour) => `${receiver.url}/orders/${encodeURIComponent(behaviour)}`,
    /** A custom behaviour; `{ cors: false }` answers like a chat webhook, with no CORS headers. */
    behave(name, fn, { cors = true } = {}) {
      custom.set(name, fn);
      if (!cors) customNoCors.add(name);
      return receiver.endpoint(name);
    },
    attempts: (key) => requests.filter((r) => r.orderKey === key).length,
    waitForOrders: (n, timeoutMs = 20000) => waitFor('orders', () => orders.size >= n, n, timeoutMs),
    waitForRequests: (n, timeoutMs = 20000) => waitFor('requests', () => requests.length >= n, n, timeoutMs),
    close() {
      for (const t of hangTimers) clearTimeout(t);
      hangTimers.clear();
      // Hung and keep-alive sockets would otherwise hold the test process open.
      const closed = new Promise((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
  return receiver;
}
