import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { QUOTED_PREFIX_CHARS, quoteClientValue } from './client-value';

test('short values are quoted and escaped in full', () => {
  assert.equal(quoteClientValue('abc'), '"abc"');
  assert.equal(quoteClientValue('a"b\nc'), '"a\\"b\\nc"');
  assert.equal(quoteClientValue(42), '42', 'numbers are not client text');
});

test('long values keep a short escaped prefix and their length', () => {
  const quoted = quoteClientValue('x'.repeat(1 << 20));
  assert.equal(quoted, `"${'x'.repeat(QUOTED_PREFIX_CHARS)}"… (1048576 chars)`);
  assert.ok(quoteClientValue('\n'.repeat(1 << 20)).length < 300);
});

test('a surrogate pair is never split', () => {
  const value = `${'a'.repeat(QUOTED_PREFIX_CHARS - 1)}😀tail`;
  assert.ok(!quoteClientValue(value).includes('\\ud83d'));
});
