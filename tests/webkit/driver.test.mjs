// The WebKit driver's own robustness: a session whose browser never answers must not
// hang the suite (WebKitWebDriver has no time limit; see `Session.start`).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Session, startDriver, webkitAvailable } from './webdriver.mjs';

/** The pid of the virtual display in the driver's process group. */
function xvfbOf(driver) {
  const rows = execFileSync('ps', ['-o', 'pid=,comm=', '-g', String(driver.pgid)]).toString().trim().split('\n');
  const row = rows.map((r) => r.trim().split(/\s+/)).find(([, comm]) => comm === 'Xvfb');
  assert.ok(row, `no Xvfb in the driver's process group: ${rows.join('; ')}`);
  return Number(row[0]);
}

describe('the WebKit driver', () => {
  it('a session request the browser never answers is bounded, and a fresh driver and browser take over', async () => {
    assert.ok(webkitAvailable(), 'WebKitWebDriver, MiniBrowser or xvfb-run missing: run scripts/setup.sh');
    const driver = await startDriver();
    try {
      // A frozen display: MiniBrowser cannot open its window, never starts its automation
      // server, and the driver's session request gets no answer, as when another process
      // has taken the port the driver handed the browser.
      process.kill(xvfbOf(driver), 'SIGSTOP');
      const s = await Session.start(driver, { timeout: 5_000 });
      assert.equal(driver.relaunches, 1, 'the stuck driver was replaced once');
      await s.goto('data:text/html,<title>t</title><p id=p>answered</p>');
      assert.equal(await s.text(await s.find('#p')), 'answered');
      await s.close();
    } finally {
      await driver.stop();
    }
  });
});
