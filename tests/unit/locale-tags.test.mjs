// Every locale tag microshop's checker accepts (the table shared with
// crates/core/tests/locale_tags.rs) must be one the browser's Intl accepts, or the
// storefront would throw at start on a manifest that `microshop check` passed.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const table = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', '..', 'crates', 'core', 'tests', 'fixtures', 'locale-tags.json'), 'utf8'));

test('Intl accepts every tag the checker accepts', () => {
  for (const tag of table.accepted) {
    assert.doesNotThrow(() => Intl.getCanonicalLocales(tag), tag);
    assert.doesNotThrow(() => new Intl.NumberFormat(tag, { style: 'currency', currency: 'CNY' }), tag);
  }
});

test('the tag from the finding is one Intl refuses', () => {
  assert.throws(() => Intl.getCanonicalLocales('en-a1'), RangeError);
  assert.ok(table.refused.includes('en-a1'));
});

test('Intl can choose plural forms and name the language of every accepted tag', () => {
  for (const tag of table.accepted) {
    assert.doesNotThrow(() => new Intl.PluralRules(tag).select(3), tag);
    assert.ok(new Intl.DisplayNames(tag, { type: 'language' }).of(tag), tag);
  }
});

// The translation files (locales/*.json) name plural forms as Intl.PluralRules does;
// a form the language never selects would never show, and a missing one would show `other`.
test('each translation file\'s plural forms are the categories Intl selects in its language', () => {
  // The storefront's words, and the seller app's (locales/seller/).
  for (const dir of ['locales', 'locales/seller'].map((d) => resolve(import.meta.dirname, '..', '..', d)))
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const tag = file.replace(/\.json$/, '');
    const categories = new Intl.PluralRules(tag).resolvedOptions().pluralCategories;
    for (const [key, value] of Object.entries(JSON.parse(readFileSync(resolve(dir, file), 'utf8')))) {
      if (typeof value !== 'object') continue;
      for (const form of Object.keys(value)) assert.ok(categories.includes(form), `${file}: ${key}.${form} is not a plural category of ${tag} (${categories})`);
      if (tag === 'ar' || tag === 'en') assert.deepEqual(Object.keys(value).sort(), [...categories].sort(), `${file}: ${key} gives every form`);
    }
  }
});
