// axe-core on a Playwright page: the WCAG rules the suites run, and the two ways they
// report what it finds. Run through DevTools (page.evaluate), not as an injected
// <script>: the shop's and the desk's Content-Security-Policy refuse inline scripts
// that are not their own, as they must.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** axe-core's violations on the page, as it returns them. */
async function run(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate((values) => axe.run(document, { runOnly: { type: 'tag', values } }), TAGS);
  return result.violations;
}

/**
 * One line per rule broken: "rule (impact): help (its first three targets)".
 * `impacts` (e.g. ['serious', 'critical']) keeps only those; all of them otherwise.
 */
export async function violations(page, { impacts } = {}) {
  return (await run(page))
    .filter((v) => !impacts || impacts.includes(v.impact))
    .map((v) => `${v.id} (${v.impact}): ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

/** One line per element that breaks a rule: "rule: target". */
export async function violatingElements(page) {
  return (await run(page)).flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}
