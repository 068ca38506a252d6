// Every locale tag microshop's checker accepts (the table shared with
// crates/core/tests/locale_tags.rs) must be one the browser's Intl accepts, or the
// storefront would throw at start on a manifest that `microshop check` passed.
import { readFileSync } from 'node:fs';
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
