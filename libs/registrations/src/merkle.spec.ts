import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { merkleRoot } from './merkle';

const h = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const leaf = (text: string): Buffer => h(Buffer.from(text));

test('one leaf: the root is the leaf itself', () => {
  const a = leaf('a');
  assert.deepEqual(merkleRoot([a]), a);
});

test('two leaves: sha256(left || right)', () => {
  const [a, b] = [leaf('a'), leaf('b')];
  assert.deepEqual(merkleRoot([a, b]), h(a, b));
  assert.notDeepEqual(merkleRoot([b, a]), merkleRoot([a, b]), 'order matters');
});

test('an odd node is promoted unchanged, level by level', () => {
  const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(leaf);
  // 3 leaves: [h(ab), c] → h(h(ab) || c)
  assert.deepEqual(merkleRoot([a, b, c]), h(h(a, b), c));
  // 5 leaves: [h(ab), h(cd), e] → [h(h(ab)h(cd)), e] → h(that || e)
  assert.deepEqual(merkleRoot([a, b, c, d, e]), h(h(h(a, b), h(c, d)), e));
});

test('fixed vectors (computed independently), so the definition cannot drift unnoticed', () => {
  assert.equal(
    merkleRoot(['0', '1', '2', '3', '4'].map(leaf)).toString('hex'),
    'ea030edba0761730b75f565d17f9c40ee2b10633c3f4a696197832a6e67edf47',
  );
  assert.equal(
    merkleRoot([Buffer.alloc(32, 0), Buffer.alloc(32, 1)]).toString('hex'),
    '5c85955f709283ecce2b74f1b1552918819f390911816e7bb466805a38ab87f3',
  );
});

test('refuses no leaves and leaves that are not 32-byte digests', () => {
  assert.throws(() => merkleRoot([]), RangeError);
  assert.throws(() => merkleRoot([leaf('a'), Buffer.alloc(31)]), /leaf 1 is 31 bytes/);
});
