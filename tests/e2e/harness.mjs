// Test harness: a real `microshop serve` (temporary SQLite, free port) and a real
// headless Debian Chromium driven by playwright-core at a phone viewport.
// Never downloads a browser.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { after, afterEach, before } from 'node:test';
import { chromium, devices } from 'playwright-core';
import { until } from './wait.mjs';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = process.env.MICROSHOP_BIN ?? join(ROOT, 'target', 'release', 'microshop');
export const DIST = process.env.MICROSHOP_DIST ?? join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Starts `microshop serve` on a free port; resolves with { url, db, dir, manifest, stop, logs }.
 * `editable: true` serves a private copy of the demo manifest that a test may change;
 * `edit(doc)` changes that copy before serve starts (a serve that publishes its site
 * at start must read the change then). `args` and `env` are added to serve's command
 * line and environment; `addr` is where it listens (a port known before the start,
 * for a site published for its own address).
 */
export async function startServer({ manifest, editable = false, edit, addr = '127.0.0.1:0', args: extra = [], env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'microshop-e2e-'));
  const db = join(dir, 'orders.sqlite');
  if (editable) {
    manifest = join(dir, 'shop.json');
    copyFileSync(join(ROOT, 'public', 'shop.json'), manifest);
    // Its pictures beside it, as in a seller's folder: `check` (and so a studio save)
    // refuses a shop whose images point at no file.
    cpSync(join(ROOT, 'public', 'images'), join(dir, 'images'), { recursive: true });
    if (edit) {
      const doc = JSON.parse(readFileSync(manifest, 'utf8'));
      edit(doc);
      writeFileSync(manifest, JSON.stringify(doc));
    }
  }
  const args = ['serve', '--dist', DIST, '--db', db, '--addr', addr];
  if (manifest) args.push('--manifest', manifest);
  args.push(...extra);
  const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const logs = [];
  child.stderr.on('data', (d) => logs.push(String(d)));
  const url = await new Promise((ok, fail) => {
    let out = '';
    // allow-sleep: a time limit on the start, which ends as soon as the server says its address
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out}${logs.join('')}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving the shop at (http:\/\/\S+?)\/?\s/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited ${code}: ${logs.join('')}`)); });
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGINT');
      // allow-sleep: a bound on waiting for the exit, which usually comes at once
      await new Promise((ok) => { child.once('exit', ok); setTimeout(ok, 5000); });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, db, dir, manifest, stop, logs };
}

/**
 * A port nothing listens on now, for a server whose address must be known before it
 * starts (a site is published for its address). Chosen by the system, never fixed.
 */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

/** Launches headless Chromium with the flags this offline machine needs, and `extraArgs`. */
export async function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** A phone-sized, touch-enabled browser context (390x844, like an iPhone 14). */
export async function phoneContext(browser, options = {}) {
  const { userAgent } = devices['Pixel 7'];
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    userAgent,
    locale: 'en-US',
    ...options,
  });
}

/**
 * Collects page errors and console errors so a test can assert there were none.
 * `except(url)` leaves out console errors from the addresses it accepts (a request a
 * test knows fails, named by its address: the console's text alone does not say).
 */
export function watchErrors(page, { except } = {}) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error' || except?.(m.location().url)) return;
    errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/**
 * For a suite that shares one demo server and one browser: registers the hooks that
 * start and stop them, and returns an object whose `server` and `browser` are set
 * once the suite runs.
 */
export function sharedShop(options) {
  const shared = {};
  before(async () => {
    shared.server = await startServer(options);
    shared.browser = await launchBrowser();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.stop();
  });
  return shared;
}

/**
 * For a suite whose tests each start their own server (and receiver): one browser for
 * the suite (launched with `browserArgs`), and after each test whatever it left in
 * `suite.server` and `suite.receiver` is stopped.
 */
export function perTestShops(browserArgs = []) {
  const suite = {};
  before(async () => {
    suite.browser = await launchBrowser(browserArgs);
  });
  after(async () => {
    await suite.browser?.close();
  });
  afterEach(async () => {
    await suite.server?.stop();
    await suite.receiver?.close();
    suite.server = suite.receiver = undefined;
  });
  return suite;
}

/**
 * Starts `command` and waits until it answers HTTP at `url`. With `log` (an array),
 * the lines it writes (Python's http.server: one a request, on stderr) go into it.
 */
export async function serving(command, args, url, { log } = {}) {
  const child = spawn(command, args, { stdio: log ? ['ignore', 'pipe', 'pipe'] : 'ignore' });
  for (const out of log ? [child.stdout, child.stderr] : []) {
    let rest = '';
    out.setEncoding('utf8');
    out.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      log.push(...lines);
    });
  }
  await until(async (note) => {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited ${child.exitCode}`);
    try { await fetch(url); return true; } catch (e) { return note(e.cause?.code ?? e.message), false; }
  }, { what: `a server answering at ${url}` });
  return child;
}

/**
 * An init script (`context.addInitScript`) that keeps every wasm memory the page's
 * modules export or import in `window.__memories`, by wrapping
 * `WebAssembly.instantiate*` (CDP's `Runtime.queryObjects` would find them, but crashes
 * this Chromium's renderer on the app's page). Used by large-shop-memory.test.mjs and
 * scripts/bench-memory.mjs.
 */
export const WATCH_MEMORIES = () => {
  window.__memories = new Set();
  const keep = (instance, imports) => {
    for (const x of Object.values(instance?.exports ?? {})) if (x instanceof WebAssembly.Memory) window.__memories.add(x);
    for (const m of Object.values(imports ?? {})) {
      for (const x of Object.values(m ?? {})) if (x instanceof WebAssembly.Memory) window.__memories.add(x);
    }
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async function (source, imports, ...rest) {
      const result = await original.call(this, source, imports, ...rest);
      keep(result.instance ?? result, imports);
      return result;
    };
  }
};

/**
 * An init script (`page.addInitScript`): each service worker registration notes in
 * `window.__registrations` whether the app had started (`wasmBindings`, which the
 * loader sets once the wasm is instantiated) and taken over the prerendered screen
 * (`#boot` gone). Used by offline.test.mjs and static-host.test.mjs.
 */
export const NOTE_REGISTRATIONS = () => {
  const register = ServiceWorkerContainer.prototype.register;
  window.__registrations = [];
  ServiceWorkerContainer.prototype.register = function (...args) {
    window.__registrations.push(window.wasmBindings !== undefined && document.getElementById('boot') === null);
    return register.apply(this, args);
  };
};
