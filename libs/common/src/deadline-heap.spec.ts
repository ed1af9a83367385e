import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { DeadlineHeap } from './deadline-heap';

test('DeadlineHeap pops due entries in deadline order and keeps the rest', () => {
  const heap = new DeadlineHeap<string>();
  const deadlines = [50, 10, 40, 30, 20, 60, 10];
  deadlines.forEach((at, i) => heap.push(at, `k${i}`));
  const due = heap.popDue(35);
  assert.deepEqual(
    due.map((d) => d.at),
    [10, 10, 20, 30],
  );
  assert.equal(heap.size, 3);
  assert.equal(heap.peekDeadline(), 40);
  assert.deepEqual(
    heap.popDue(1000).map((d) => d.key),
    ['k2', 'k0', 'k5'],
  );
});

test('DeadlineHeap matches a sorted reference on random input', () => {
  const heap = new DeadlineHeap<number>();
  const values: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const at = Math.floor(Math.random() * 10_000);
    values.push(at);
    heap.push(at, i);
  }
  values.sort((a, b) => a - b);
  assert.deepEqual(
    heap.popDue(Infinity).map((d) => d.at),
    values,
  );
});
