// Ad-hoc: screenshot a URL at phone size. Usage: node scripts/screenshot.mjs URL OUT.png
import { launchBrowser, phoneContext } from '../tests/e2e/harness.mjs';
const [url, out] = process.argv.slice(2);
const browser = await launchBrowser();
const page = await (await phoneContext(browser)).newPage();
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForTimeout(1500);
await page.screenshot({ path: out, fullPage: process.env.FULL === '1' });
await browser.close();
