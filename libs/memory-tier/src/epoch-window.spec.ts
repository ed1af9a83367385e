import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { EpochWindow } from './epoch-window';

describe('EpochWindow', () => {
  test('keeps the newest `capacity` epochs sorted; repeats and too-old epochs are no-ops', () => {
    const w = new EpochWindow(3);
    for (const e of [5n, 1n, 9n, 5n]) assert.equal(w.add(e), true);
    assert.deepEqual(w.toArray(), [1n, 5n, 9n]);
    assert.equal(w.full, true);
    assert.equal(w.add(0n), false, 'older than everything in a full window');
    assert.equal(w.add(7n), true);
    assert.deepEqual(w.toArray(), [5n, 7n, 9n]);
    w.dropBefore(7n);
    assert.deepEqual(w.toArray(), [7n, 9n]);
    assert.equal(w.oldest(), 7n);
    assert.equal(w.newest(), 9n);
  });

  test('matches a sorted, de-duplicated list cut to the newest N', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }), { maxLength: 200 }),
        (capacity, epochs) => {
          const w = new EpochWindow(capacity);
          let model: bigint[] = [];
          for (const e of epochs) {
            w.add(e);
            if (!model.includes(e)) model.push(e);
            model.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
            model = model.slice(-capacity);
          }
          assert.deepEqual(w.toArray(), model);
        },
      ),
    );
  });
});
