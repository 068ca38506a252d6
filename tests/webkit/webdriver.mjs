// A small W3C WebDriver client (plain fetch) for WebKitGTK: Debian's WebKitWebDriver
// drives MiniBrowser, the engine Safari is built on, under a virtual X display
// (xvfb-run). Only the commands these tests need, and "wait until" versions of the
// ones that act: WebKitWebDriver clicks and types at once, whatever the page is doing,
// so every action here first waits for the state it needs (docs/testing.md).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
/** How long a wait lasts before it fails, saying what it waited for. */
export const WAIT_MS = 20_000;
/** How long one command may go unanswered (a page load on a busy machine takes seconds). */
const COMMAND_MS = 90_000;
/** How long creating a session may take (see `Session.start`). */
const SESSION_MS = 45_000;

/** Whether WebKitWebDriver, MiniBrowser and xvfb-run are installed (scripts/setup.sh). */
export function webkitAvailable() {
  return existsSync('/usr/bin/WebKitWebDriver') && existsSync(MINIBROWSER) && existsSync('/usr/bin/xvfb-run');
}

/**
 * A port for WebKitWebDriver that no `bind(0)` on this machine can be handed: one below
 * the kernel's ephemeral range (/proc/sys/net/ipv4/ip_local_port_range starts at 32768),
 * checked free. A port found free with bind(0) and closed again can be taken by any
 * other server binding port 0 before the driver binds it.
 */
async function freePort() {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const free = await new Promise((ok) => {
      server.once('error', () => ok(false));
      server.listen(port, '127.0.0.1', () => ok(true));
    });
    if (free) {
      await new Promise((ok) => server.close(ok));
      return port;
    }
  }
}

/** WebKitWebDriver's answer to a script that ran while its page was being replaced. */
const BETWEEN_DOCUMENTS = /Could not parse script result/;

/** The pause between two looks at a state that is not there yet (never a wait on its own). */
const nextLook = () => new Promise((ok) => setTimeout(ok, 50)); // allow-sleep: poll interval of poll()

/**
 * Calls `check(note)` until it returns something truthy, and returns that. `note(text)`
 * records what the check saw last; after `timeout` ms the error says what was awaited
 * (`what`) and that last state.
 */
export async function poll(check, { what, timeout = WAIT_MS } = {}) {
  const until = Date.now() + timeout;
  let last = '';
  const note = (text) => { last = text; };
  for (;;) {
    const value = await check(note);
    if (value) return value;
    if (Date.now() > until) {
      throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}${last ? ` (last seen: ${last})` : ''}`);
    }
    await nextLook();
  }
}

/**
 * Starts WebKitWebDriver under xvfb-run. Resolves with the driver: `url`, `logs` (its
 * output), `pgid` (its process group: xvfb-run, Xvfb, the driver, MiniBrowser), `stop()`,
 * `relaunch()` (stop, then start a fresh one on another port) and `relaunches` (how many).
 */
export async function startDriver() {
  const driver = {
    relaunches: 0,
    async relaunch() {
      await driver.stop();
      driver.relaunches += 1;
      Object.assign(driver, await launchDriver());
    },
  };
  Object.assign(driver, await launchDriver());
  return driver;
}

async function launchDriver() {
  const port = await freePort();
  // Its own process group, so stopping it also stops Xvfb and the browser.
  const child = spawn('xvfb-run', ['-a', '-s', '-screen 0 1280x2000x24', 'WebKitWebDriver', `--port=${port}`], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = [];
  child.stdout.on('data', (d) => logs.push(String(d)));
  child.stderr.on('data', (d) => logs.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  await poll(async (note) => {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited ${child.exitCode}: ${logs.join('')}`);
    try {
      return (await (await fetch(`${url}/status`)).json()).value?.ready;
    } catch (e) {
      note(`${e.message} ${logs.join('')}`); // not listening yet
      return false;
    }
  }, { what: `WebKitWebDriver to listen on ${url}`, timeout: 30_000 });
  const stop = async () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
        process.kill(-child.pid, 'SIGCONT'); // a stopped process takes its SIGTERM only when continued
      } catch { /* gone */ }
      // allow-sleep: a bound on waiting for the exit, not a wait for the app
      await new Promise((ok) => { child.once('exit', ok); setTimeout(ok, 5000); });
    }
  };
  return { url, stop, logs, pgid: child.pid };
}

// In the page: whether `el` can take a click now, else why not. An element outside
// the viewport is scrolled into view (the browser's own scrollIntoView, instantly); one
// still moving (the layout settling, a frame being resized) is not clicked until two
// looks in a row find it in the same place.
const ACTIONABLE = `
  const [el, seen] = arguments;
  if (!el.isConnected) return { why: 'no longer in the page' };
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  if (style.visibility !== 'visible' || box.width === 0 || box.height === 0) return { why: 'not visible' };
  if (el.matches(':disabled')) return { why: 'disabled' };
  const x = box.left + box.width / 2;
  const y = box.top + box.height / 2;
  if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) {
    el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
    return { why: 'out of view (centre ' + Math.round(x) + ',' + Math.round(y) + ' in a ' + innerWidth + 'x' + innerHeight + ' viewport), scrolled' };
  }
  const at = [Math.round(box.left), Math.round(box.top), Math.round(box.width), Math.round(box.height)].join(',');
  if (at !== seen) return { why: 'moving (at ' + at + ')', at };
  const top = document.elementFromPoint(x, y);
  if (!top || !(top === el || el.contains(top))) {
    return { why: 'covered by ' + (top ? top.tagName.toLowerCase() + (top.className ? '.' + String(top.className).split(' ').join('.') : '') : 'nothing'), at };
  }
  return { ok: true, at };
`;

// In the page: the frame's content height against the frame's own viewport (which is
// the iframe's box, as sized by the embedding page).
const FITS = `
  const content = Math.ceil(document.body.getBoundingClientRect().height);
  return { content, box: innerHeight };
`;

/** A driver error that means "not now" (the element moved, was covered, or went away). */
const NOT_NOW = /element not interactable|element click intercepted|stale element reference|no such element/;

/** One browser session: a MiniBrowser window driven through the driver at `driverUrl`. */
export class Session {
  /**
   * Opens a MiniBrowser window through `driver` (from `startDriver`). Creating a session
   * takes 0.3-0.7 s here, idle or busy; `timeout` bounds it. WebKitWebDriver has no time
   * limit of its own: it hands MiniBrowser a port it found free and closed again, and
   * when another process binds that port first, the driver talks to that process and
   * waits for an answer forever (WebKit's SessionHostGlib.cpp, freePort() and
   * connectToBrowser(); seen once in 40 WebKit rounds on a busy machine, as a 300 s
   * "Headers Timeout"). Then this driver and its browser are stopped and a fresh pair
   * (new ports) is started, once, and said in the test's output: the browser's launch is
   * repeated, never a step of the test.
   */
  static async start(driver, { timeout = SESSION_MS } = {}) {
    const open = () => call(driver.url, 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        },
      },
    }, { timeout });
    let answer;
    try {
      answer = await open();
    } catch (e) {
      if (!e.noAnswer) throw e;
      console.error(`# ${e.message}; WebKitWebDriver's output: ${driver.logs.join('').slice(-2000) || '(none)'}; starting a fresh driver and browser`);
      await driver.relaunch();
      answer = await open();
    }
    const session = new Session(driver.url, answer.sessionId);
    // Tall enough that an embedded frame is in view: WebKit's WebDriver does not scroll
    // the top page to bring a frame's element into view (enterFrame scrolls the frame).
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
  /** `run` with the element `el` (by its id) as `arguments[0]`, then `args`. */
  runOn(script, el, ...args) { return this.run(script, { [ELEMENT]: el }, ...args); }

  async find(css) {
    const found = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return found.length ? found[0][ELEMENT] : null;
  }

  /** Waits for `css` to match (and, with `text`, to contain that text); returns the element. */
  async waitFor(css, { text, timeout } = {}) {
    return poll(async (note) => {
      const el = await this.find(css);
      if (!el) return note('no match'), null;
      if (text === undefined) return el;
      const has = await this.text(el).catch(() => '');
      return has.includes(text) ? el : (note(`text "${has}"`), null);
    }, { what: `${css}${text ? ` with "${text}"` : ''} (at ${await this.url()})`, timeout });
  }

  /**
   * Waits until `script` (a function body) returns something truthy; returns it. A look
   * that lands while the page is between two documents (a submit or a link loading the
   * next page) gets no result from WebKitWebDriver ("Could not parse script result"):
   * that state is "not there yet", and the next look reads the new page.
   */
  async waitUntil(script, { timeout, what = script } = {}, ...args) {
    return poll(async (note) => {
      try {
        return await this.run(script, ...args);
      } catch (e) {
        if (!BETWEEN_DOCUMENTS.test(e.message)) throw e;
        return note(`the page was between two documents (${e.message})`), null;
      }
    }, { what: `${what} (at ${await this.url()})`, timeout });
  }

  /**
   * Waits until the page that a link or button led to has taken over: its address
   * matches `path` (a RegExp) and the app has put the focus on its heading, as it does
   * after every in-app navigation one animation frame later. Typing before that
   * loses keys to the heading.
   */
  async arrivedAt(path, { timeout } = {}) {
    return this.waitUntil(
      `return new RegExp(arguments[0]).test(location.pathname + location.search) && document.activeElement?.tagName === 'H1'`,
      { timeout, what: `the page ${path} with the focus on its heading` },
      path.source,
    );
  }

  text(el) { return this.cmd('GET', `/element/${el}/text`); }
  attribute(el, name) { return this.cmd('GET', `/element/${el}/attribute/${name}`); }

  /**
   * Clicks `el` once it can take the click: attached, visible, enabled, its centre
   * inside the viewport (scrolled there if not), still, and not covered. WebKitWebDriver
   * would otherwise answer "element not interactable" for an element outside a frame
   * that is still growing. A driver answer of "not now" means the page moved between
   * the look and the click: look again, within the same time limit.
   */
  async click(el, { what = 'the element', timeout } = {}) {
    let at = null;
    return poll(async (note) => {
      const state = await this.runOn(ACTIONABLE, el, at);
      at = state.at ?? null;
      if (!state.ok) return note(state.why), false;
      try {
        await this.cmd('POST', `/element/${el}/click`, {});
        return true;
      } catch (e) {
        if (!NOT_NOW.test(e.message)) throw e;
        return note(e.message), false;
      }
    }, { what: `${what} to be visible, enabled, in view, still and on top, to click it`, timeout });
  }

  /** Waits for `css` and clicks it (see `click`). */
  async clickOn(css, options = {}) {
    return this.click(await this.waitFor(css, options), { what: css, ...options });
  }

  /**
   * Types `text` into the field `el` (emptied first) once it can be clicked, then
   * checks the field holds exactly that: keys that went elsewhere (the focus moved)
   * fail here, saying where the focus went, instead of as a wrong order later.
   */
  async type(el, text, { what = 'the field', timeout } = {}) {
    let at = null;
    await poll(async (note) => {
      const state = await this.runOn(ACTIONABLE, el, at);
      at = state.at ?? null;
      return state.ok || note(state.why);
    }, { what: `${what} to be visible, enabled and in view, to type into it`, timeout });
    await this.cmd('POST', `/element/${el}/clear`, {});
    await this.cmd('POST', `/element/${el}/value`, { text });
    const held = await this.runOn(
      "return { value: arguments[0].value, focus: document.activeElement?.id || document.activeElement?.tagName }",
      el,
    );
    if (held.value !== text) {
      throw new Error(`typed "${text}" into ${what} but it holds "${held.value}" (the focus is on ${held.focus})`);
    }
  }

  /**
   * From the top page: scrolls the iframe `css` into view, switches into it, waits for
   * `ready` (a selector: the content drawn) and for the frame to settle around it (see
   * `frameSettled`). Returns the frame's height.
   */
  async enterFrame(css, { ready, timeout } = {}) {
    const frame = await this.waitFor(css, { timeout });
    await this.runOn("arguments[0].scrollIntoView({ block: 'start', behavior: 'instant' })", frame);
    await this.switchToFrame(frame);
    if (ready) await this.waitFor(ready, { timeout });
    return this.frameSettled({ timeout });
  }

  /**
   * Inside a frame: waits until its box (sized by the embedding page from the frame's
   * own height messages) fits its content within 1 px, the same on two looks in a row.
   * A frame still growing hides what was added at its bottom.
   */
  async frameSettled({ timeout } = {}) {
    let previous = null;
    return poll(async (note) => {
      const { content, box } = await this.run(FITS);
      const same = previous === `${content}/${box}`;
      previous = `${content}/${box}`;
      note(`content ${content} px in a ${box} px frame`);
      return Math.abs(content - box) <= 1 && same && box;
    }, { what: 'the frame to fit its content', timeout });
  }

  /** Waits for a window that is not among `before` (handles); returns its handle. */
  async newWindow(before, { timeout } = {}) {
    return poll(async () => (await this.windows()).find((h) => !before.includes(h)), { what: 'a new tab', timeout });
  }
}

/**
 * One WebDriver command. A command that gets no answer within `timeout` fails saying
 * which command and how long (an error with `noAnswer` set), instead of fetch's bare
 * "fetch failed" after five minutes.
 */
async function call(base, method, path, body, { timeout = COMMAND_MS } = {}) {
  let response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeout),
    });
  } catch (e) {
    if (e.name !== 'TimeoutError') throw e;
    const error = new Error(`WebDriver ${method} ${path}: no answer from the driver within ${timeout / 1000} s`);
    error.noAnswer = true;
    throw error;
  }
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const v = json.value ?? {};
    throw new Error(`WebDriver ${method} ${path}: ${v.error ?? response.status} ${v.message ?? ''}`);
  }
  return json.value;
}
