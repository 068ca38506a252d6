// A small W3C WebDriver client (plain fetch) for WebKitGTK: Debian's WebKitWebDriver
// drives MiniBrowser, the engine Safari is built on, under a virtual X display
// (xvfb-run). Only the commands these tests need.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Whether WebKitWebDriver, MiniBrowser and xvfb-run are installed (scripts/setup.sh). */
export function webkitAvailable() {
  return existsSync('/usr/bin/WebKitWebDriver') && existsSync(MINIBROWSER) && existsSync('/usr/bin/xvfb-run');
}

async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Starts WebKitWebDriver under xvfb-run; resolves with { url, stop }. */
export async function startDriver() {
  const port = await freePort();
  // Its own process group, so stopping it also stops Xvfb and the browser.
  const child = spawn('xvfb-run', ['-a', '-s', '-screen 0 1280x2000x24', 'WebKitWebDriver', `--port=${port}`], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logs = [];
  child.stderr.on('data', (d) => logs.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const status = await (await fetch(`${url}/status`)).json();
      if (status.value?.ready) break;
    } catch { /* not listening yet */ }
    if (child.exitCode !== null || i > 300) throw new Error(`WebKitWebDriver did not start: ${logs.join('')}`);
    await sleep(100);
  }
  const stop = async () => {
    if (child.exitCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      await new Promise((ok) => { child.once('exit', ok); setTimeout(ok, 5000); });
    }
  };
  return { url, stop, logs };
}

/** One browser session: a MiniBrowser window driven through the driver at `driverUrl`. */
export class Session {
  static async start(driverUrl) {
    const answer = await call(driverUrl, 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        },
      },
    });
    const session = new Session(driverUrl, answer.sessionId);
    // Tall enough that an embedded frame's buttons are in view: WebKit's WebDriver does
    // not scroll a frame's element into view from the top page.
    await session.cmd('POST', '/window/rect', { width: 1024, height: 1800 }).catch(() => {});
    return session;
  }

  constructor(driverUrl, id) {
    this.base = `${driverUrl}/session/${id}`;
  }

  cmd(method, path, body) {
    return call(this.base, method, path, body);
  }

  goto(url) { return this.cmd('POST', '/url', { url }); }
  url() { return this.cmd('GET', '/url'); }
  close() { return this.cmd('DELETE', '').catch(() => {}); }
  windows() { return this.cmd('GET', '/window/handles'); }
  window() { return this.cmd('GET', '/window'); }
  switchToWindow(handle) { return this.cmd('POST', '/window', { handle }); }
  switchToFrame(element) { return this.cmd('POST', '/frame', { id: element === null ? null : { [ELEMENT]: element } }); }
  switchToParent() { return this.cmd('POST', '/frame/parent', {}); }
  run(script, ...args) { return this.cmd('POST', '/execute/sync', { script, args }); }

  async find(css) {
    const found = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return found.length ? found[0][ELEMENT] : null;
  }

  /** Waits for `css` to match (and, with `text`, to contain that text); returns the element. */
  async waitFor(css, { text, timeout = 20_000 } = {}) {
    const until = Date.now() + timeout;
    for (;;) {
      const el = await this.find(css);
      if (el && (text === undefined || (await this.text(el)).includes(text))) return el;
      if (Date.now() > until) throw new Error(`nothing matched ${css}${text ? ` with "${text}"` : ''} (at ${await this.url()})`);
      await sleep(100);
    }
  }

  /** Waits until `script` (a function body) returns something truthy; returns it. */
  async waitUntil(script, { timeout = 20_000, what = script } = {}, ...args) {
    const until = Date.now() + timeout;
    for (;;) {
      const value = await this.run(script, ...args);
      if (value) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  text(el) { return this.cmd('GET', `/element/${el}/text`); }
  attribute(el, name) { return this.cmd('GET', `/element/${el}/attribute/${name}`); }
  click(el) { return this.cmd('POST', `/element/${el}/click`, {}); }
  async type(el, text) {
    await this.cmd('POST', `/element/${el}/clear`, {});
    return this.cmd('POST', `/element/${el}/value`, { text });
  }
}

async function call(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const v = json.value ?? {};
    throw new Error(`WebDriver ${method} ${path}: ${v.error ?? response.status} ${v.message ?? ''}`);
  }
  return json.value;
}
