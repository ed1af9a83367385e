import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { MEMORY_TYPE_NUMBER, MemoryTier } from './replica.entity';
import {
  RankedReplica,
  compareForReads,
  compareForUnregister,
  replicaLoad,
} from './replica-ranking';

function replica(
  replicaId: string,
  tier: MemoryTier,
  currentRequests: number,
  maxConcurrency: number,
  registeredAt: number,
): RankedReplica {
  return {
    replicaId,
    memoryType: MEMORY_TYPE_NUMBER[tier],
    currentRequests,
    maxConcurrency,
    registeredAt,
  };
}

test('reads: GPU before RAM before DISK, then least loaded relative to capacity', () => {
  const replicas = [
    replica('disk-idle', 'DISK', 0, 4, 1),
    replica('ram-busy', 'RAM', 3, 4, 1),
    replica('gpu-half', 'GPU', 4, 8, 1),
    replica('ram-idle', 'RAM', 0, 1, 5),
    replica('gpu-quarter', 'GPU', 2, 8, 9),
  ];
  assert.deepEqual(
    replicas.sort(compareForReads).map((r) => r.replicaId),
    ['gpu-quarter', 'gpu-half', 'ram-idle', 'ram-busy', 'disk-idle'],
  );
});

test('reads: equal load falls back to the oldest, then the id, so the order is stable', () => {
  const replicas = [
    replica('b', 'GPU', 1, 2, 10),
    replica('c', 'GPU', 2, 4, 5),
    replica('a', 'GPU', 0, 0, 1),
    replica('d', 'GPU', 1, 2, 5),
  ];
  assert.deepEqual(
    replicas.sort(compareForReads).map((r) => r.replicaId),
    ['c', 'd', 'b', 'a'],
  );
  assert.equal(
    replicaLoad(replica('x', 'GPU', 0, 0, 0)),
    Infinity,
    'no capacity is the worst load',
  );
});

test('unregister by worker: GPU before RAM before DISK, then the oldest, regardless of load', () => {
  const replicas = [
    replica('ram-old', 'RAM', 0, 1, 1),
    replica('gpu-new', 'GPU', 0, 1, 9),
    replica('disk-old', 'DISK', 0, 1, 0),
    replica('gpu-old-busy', 'GPU', 5, 5, 2),
  ];
  assert.deepEqual(
    replicas.sort(compareForUnregister).map((r) => r.replicaId),
    ['gpu-old-busy', 'gpu-new', 'ram-old', 'disk-old'],
  );
});
