// Phone-sized screenshots of the demo shop in each preset, for docs/theming.md:
// docs/images/preset-<name>.png. Uses the built app (dist/) and target/release/microshop.
// Usage: node scripts/screenshot-presets.mjs [out-dir]
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchBrowser, phoneContext, startServer } from '../tests/e2e/harness.mjs';

const out = process.argv[2] ?? join(ROOT, 'docs', 'images');
const browser = await launchBrowser();
try {
  for (const preset of ['quiet', 'bold', 'handmade', 'contrast']) {
    const server = await startServer({ editable: true });
    try {
      const doc = JSON.parse(readFileSync(server.manifest, 'utf8'));
      doc.theme = { preset };
      writeFileSync(server.manifest, JSON.stringify(doc));
      // One device pixel per CSS pixel keeps each PNG small enough for the docs.
      const page = await (await phoneContext(browser, { deviceScaleFactor: 1, colorScheme: 'light' })).newPage();
      await page.goto(server.url);
      await page.locator('.card__image img').nth(3).waitFor();
      await page.evaluate(() => Promise.all([...document.images].slice(0, 6).map((i) => i.decode().catch(() => {}))));
      const path = join(out, `preset-${preset}.png`);
      await page.screenshot({ path, clip: { x: 0, y: 0, width: 390, height: 700 } });
      console.log(`${path}: ${statSync(path).size} B`);
      await page.context().close();
    } finally {
      await server.stop();
    }
  }
} finally {
  await browser.close();
}
