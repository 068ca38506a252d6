// The looks every page is checked in: each built-in preset (manifest `theme.preset`),
// with the system light, the system dark (`theme.scheme` auto follows it), and dark
// fixed by the theme (`theme.scheme: "dark"`). A shop on a build without a preset
// renders the default look; the tests still pass through every name.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startServer } from './harness.mjs';

export const PRESETS = ['quiet', 'bold', 'handmade', 'contrast'];

/** The demo shop's languages, and every language the storefront ships (Arabic reads right to left). */
export const LOCALES = [...new Set([
  ...JSON.parse(readFileSync(join(ROOT, 'public', 'shop.json'), 'utf8')).locales,
  ...readdirSync(join(ROOT, 'locales')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)),
])];

/** { name, preset, scheme, colorScheme }: the manifest's theme and the system's scheme. */
export const LOOKS = PRESETS.flatMap((preset) => [
  { name: `${preset}`, preset, scheme: undefined, colorScheme: 'light' },
  { name: `${preset}, system dark`, preset, scheme: undefined, colorScheme: 'dark' },
  { name: `${preset}, theme dark`, preset, scheme: 'dark', colorScheme: 'light' },
]);

/**
 * Serves the demo shop with `theme.preset` (and `theme.scheme`) set and the demo's own
 * token overrides taken out, so the preset is checked as it ships.
 */
export async function serveLook({ preset, scheme, locales }) {
  const server = await startServer({ editable: true });
  const doc = JSON.parse(readFileSync(server.manifest, 'utf8'));
  doc.theme = { preset, ...(scheme ? { scheme } : {}) };
  if (locales) doc.locales = [...new Set([...doc.locales, ...locales])];
  writeFileSync(server.manifest, JSON.stringify(doc));
  return server;
}
