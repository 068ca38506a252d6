// A link checker over the published demo on a plain static host (Python's
// http.server: no fallback, no rewrites, nothing run): starting from robots.txt and
// the sitemap, every page's href, src and content URL of this site, the module
// script's imports, each oEmbed discovery link and what its answer names, must be
// served (no 404). The link-preview image is a PNG of the size the page declares.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DIST, ROOT } from './harness.mjs';
import { until } from './wait.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Python's http.server on `root` at `port`, once it answers (wait.mjs' `until`). */
async function staticHost(root, port) {
  const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', root], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  try {
    await until(async (note) => {
      if (child.exitCode !== null) throw new Error(`python3 -m http.server exited ${child.exitCode}`);
      try { await fetch(url); return true; } catch (e) { return note(e.cause?.code ?? e.message), false; }
    }, { what: `a server answering at ${url}` });
  } catch (e) {
    child.kill();
    throw e;
  }
  return { stop: () => child.kill() };
}

/** Attribute values of every tag in `html` (the pages are publish's own, well-formed). */
function attributes(html, name) {
  return [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1].replaceAll('&amp;', '&'));
}

describe('a published shop has no broken links on a plain static host', () => {
  let dir, host, base;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'microshop-links-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}/teashop/`;
    const site = join(dir, 'teashop');
    mkdirSync(site);
    execFileSync(BIN, ['publish', join(ROOT, 'public', 'shop.json'), site, '--base-url', base, '--dist', DIST], { stdio: 'pipe' });
    host = await staticHost(dir, port);
  });
  after(() => {
    host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every page in the sitemap, and every link of the site they hold, is served', async () => {
    const robots = await (await fetch(`${base}robots.txt`)).text();
    const sitemap = robots.match(/^Sitemap: (.+)$/m)?.[1];
    assert.equal(sitemap, `${base}sitemap.xml`);
    const xml = await (await fetch(sitemap)).text();
    const pages = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    assert.ok(pages.length > 30, `${pages.length} pages in the sitemap`);
    pages.push(`${base}cart/`, `${base}checkout/`, `${base}order/`);

    const checked = new Map();
    const check = async (url, from) => {
      if (checked.has(url)) return checked.get(url);
      const answer = await fetch(url);
      const body = Buffer.from(await answer.arrayBuffer());
      assert.equal(answer.status, 200, `${url} (linked from ${from})`);
      checked.set(url, body);
      return body;
    };
    const ours = (value, page) => {
      if (!/^(https?:|\/)/.test(value)) return null;
      const url = new URL(value, page);
      return url.origin === new URL(base).origin ? url.href.split('#')[0] : null;
    };
    let oembeds = 0;
    for (const page of pages) {
      const html = (await check(page, 'the sitemap')).toString();
      const links = [...attributes(html, 'href'), ...attributes(html, 'src'), ...attributes(html, 'content')];
      // The module script imports the JS glue and the wasm by absolute paths.
      for (const script of html.matchAll(/<script type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
        links.push(...[...script[1].matchAll(/'(\/[^']+)'/g)].map((m) => m[1]));
      }
      for (const link of links) {
        const url = ours(link, page);
        if (url) await check(url, page);
      }
      const discovery = html.match(/<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/)?.[1];
      if (discovery) {
        oembeds += 1;
        const answer = JSON.parse((await check(discovery.replaceAll('&amp;', '&'), page)).toString());
        assert.equal(answer.type, 'rich');
        for (const link of [answer.thumbnail_url, answer.provider_url, ...attributes(answer.html, 'src'), ...attributes(answer.html, 'data-microshop')]) {
          const url = link && ours(link, page);
          if (url) await check(url, discovery);
        }
      }
    }
    assert.equal(oembeds, xml.match(/\/p\//g)?.length, 'every product page has its oEmbed answer');
    assert.ok(checked.size > 100, `${checked.size} URLs checked`);
  });

  it("a product's link-preview image is a PNG of the size its page declares", async () => {
    const html = await (await fetch(`${base}p/jasmine-pearls/`)).text();
    const meta = (property) => html.match(new RegExp(`<meta property="${property}" content="([^"]+)"`))?.[1];
    const image = meta('og:image');
    assert.match(image, /\.png$/);
    const png = Buffer.from(await (await fetch(image)).arrayBuffer());
    assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'a PNG signature');
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
    assert.equal(String(png.readUInt32BE(16)), meta('og:image:width'));
    assert.equal(String(png.readUInt32BE(20)), meta('og:image:height'));
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1200, 630]);
  });
});
