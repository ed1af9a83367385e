import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { Coverage, CoverageFrame } from './coverage';

const digest = (n: number): Buffer => Buffer.alloc(32, n & 0xff);
const frame = (offset: number, length: number, d = offset): CoverageFrame => ({
  offset,
  length,
  digest: digest(d),
});

test('places frames: new, duplicate, overlap (either side), out of bounds', () => {
  const c = new Coverage(100);
  c.add(frame(10, 10));
  c.add(frame(40, 20));
  assert.equal(c.place(0, 10, digest(0)).kind, 'new');
  assert.equal(c.place(20, 20, digest(0)).kind, 'new', 'touching both neighbours is fine');
  assert.equal(c.place(10, 10, digest(10)).kind, 'duplicate');
  assert.equal(c.place(10, 10, digest(11)).kind, 'overlap', 'same range, other digest');
  assert.equal(c.place(10, 5, digest(10)).kind, 'overlap', 'same start, other length');
  assert.deepEqual(c.place(15, 10, digest(0)), { kind: 'overlap', with: c.frames()[0] });
  assert.deepEqual(c.place(35, 6, digest(0)), { kind: 'overlap', with: c.frames()[1] });
  assert.equal(c.place(0, 100, digest(0)).kind, 'overlap', 'a frame spanning others');
  assert.equal(c.place(95, 6, digest(0)).kind, 'out_of_bounds');
  assert.equal(c.place(0, 0, digest(0)).kind, 'out_of_bounds');
  assert.throws(() => c.add(frame(15, 1)), /cannot be added: overlap/);
});

test('first gap, coverage and completion', () => {
  const c = new Coverage(30);
  assert.deepEqual(c.firstGap(), { start: 0, end: 30 });
  c.add(frame(10, 10));
  assert.deepEqual(c.firstGap(), { start: 0, end: 10 });
  c.add(frame(0, 10));
  assert.deepEqual(c.firstGap(), { start: 20, end: 30 });
  const last = frame(20, 10);
  c.add(last);
  assert.equal(c.firstGap(), undefined);
  assert.equal(c.complete, true);
  c.remove(last);
  assert.equal(c.coveredBytes, 20);
  assert.deepEqual(
    c.frames().map((f) => f.offset),
    [0, 10],
  );
});

test('matches a byte-map model on random frames', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 64 }),
      fc.array(fc.tuple(fc.nat(70), fc.integer({ min: 1, max: 20 })), { maxLength: 40 }),
      (size, attempts) => {
        const c = new Coverage(size);
        const owner = new Array<number>(size).fill(-1);
        attempts.forEach(([offset, length], i) => {
          const inBounds = offset + length <= size;
          const free = inBounds && owner.slice(offset, offset + length).every((o) => o === -1);
          const kind = c.place(offset, length, digest(i)).kind;
          if (!inBounds) assert.equal(kind, 'out_of_bounds');
          else if (free) {
            assert.equal(kind, 'new');
            c.add(frame(offset, length, i));
            owner.fill(i, offset, offset + length);
          } else assert.ok(kind === 'overlap' || kind === 'duplicate');
        });
        assert.equal(c.coveredBytes, owner.filter((o) => o !== -1).length);
        const firstFree = owner.indexOf(-1);
        assert.equal(c.firstGap()?.start, firstFree === -1 ? undefined : firstFree);
        const offsets = c.frames().map((f) => f.offset);
        assert.deepEqual(
          offsets,
          [...offsets].sort((a, b) => a - b),
        );
      },
    ),
  );
});
