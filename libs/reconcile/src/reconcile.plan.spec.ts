import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import {
  DesiredReplica,
  ServerReplica,
  describeDrift,
  planReconcile,
  planReconcileInChunks,
  reconcileKey,
  relocates,
  transportKey,
} from './reconcile.plan';

const T0 = Date.UTC(2026, 0, 1);

function item(overrides: Partial<DesiredReplica> = {}): DesiredReplica {
  return {
    index: 0,
    artifactId: 'mi2:a',
    viewId: '',
    nodeId: 'node-1',
    nodeAddress: '10.0.0.1',
    nodePort: 7000,
    memoryTier: 'GPU',
    deviceId: 0,
    memorySize: 1024,
    maxConcurrency: 4,
    available: true,
    transportKey: '',
    registeredAtMs: undefined,
    memoryInfo: {},
    ...overrides,
  };
}

let nextId = 0;
function row(overrides: Partial<ServerReplica> = {}): ServerReplica {
  nextId += 1;
  return {
    replicaId: `r-${String(nextId).padStart(4, '0')}`,
    artifactId: 'mi2:a',
    viewId: '',
    nodeId: 'node-1',
    nodeAddress: '10.0.0.1',
    nodePort: 7000,
    memoryType: 2,
    deviceId: 0,
    memorySize: 1024,
    available: true,
    registeredAt: T0,
    memoryInfo: {},
    ...overrides,
  };
}

describe('planReconcile', () => {
  test('SNAPSHOT onto an empty server adds every item', () => {
    const items = [item(), item({ artifactId: 'mi2:b', index: 1 })];
    const plan = planReconcile('SNAPSHOT', items, []);
    assert.deepEqual(plan.adds, items);
    assert.equal(plan.updates.length + plan.removals.length + plan.unchanged, 0);
  });

  test('an item equal to its row changes nothing', () => {
    const plan = planReconcile('SNAPSHOT', [item()], [row()]);
    assert.equal(plan.unchanged, 1);
    assert.deepEqual([plan.adds, plan.updates, plan.removals], [[], [], []]);
  });

  test('each drifting field is reported, and only those count as drift', () => {
    const cases: [Partial<DesiredReplica>, string[]][] = [
      [{ available: false }, ['availability']],
      [{ nodeAddress: '10.0.0.2' }, ['node_address']],
      [{ nodePort: 7001 }, ['node_port']],
      [{ memorySize: 2048 }, ['memory_size']],
      [{ transportKey: transportKey({ export_state: 'EXPORT_STATE_EXPORTABLE' }) }, ['transport']],
      [{ maxConcurrency: 99, memoryInfo: { tensor_index_key: 'x' } }, []],
    ];
    for (const [change, drift] of cases) {
      const current = row();
      const plan = planReconcile('DELTA', [item(change)], [current]);
      if (drift.length === 0) {
        assert.equal(plan.unchanged, 1, JSON.stringify(change));
        continue;
      }
      assert.equal(plan.updates.length, 1, JSON.stringify(change));
      assert.equal(plan.updates[0].current, current);
      assert.deepEqual(plan.updates[0].drift, drift);
    }
  });

  test('address and port are not part of the key: a moved replica is an UPDATE that relocates', () => {
    const plan = planReconcile(
      'SNAPSHOT',
      [item({ nodeAddress: '10.0.0.9', nodePort: 7100 })],
      [row()],
    );
    assert.equal(plan.adds.length, 0);
    assert.equal(plan.removals.length, 0);
    assert.deepEqual(plan.updates[0].drift, ['node_address', 'node_port']);
    assert.equal(relocates(plan.updates[0]), true);
    assert.equal(
      describeDrift(plan.updates[0]),
      'node_address 10.0.0.1 → 10.0.0.9, node_port 7000 → 7100',
    );
  });

  test('view, node, memory type and GPU device are part of the key', () => {
    const current = row();
    for (const change of [
      { viewId: 'view-1' },
      { nodeId: 'node-2' },
      { memoryTier: 'RAM' as const },
      { deviceId: 1 },
    ]) {
      const plan = planReconcile('SNAPSHOT', [item(change)], [current]);
      assert.equal(plan.adds.length, 1, JSON.stringify(change));
      assert.deepEqual(plan.removals, [current], JSON.stringify(change));
    }
  });

  test('device_id is ignored for RAM and DISK keys', () => {
    assert.equal(
      reconcileKey({ artifactId: 'a', viewId: '', nodeId: 'n', memoryType: 1, deviceId: 3 }),
      reconcileKey({ artifactId: 'a', viewId: '', nodeId: 'n', memoryType: 1, deviceId: 0 }),
    );
    assert.notEqual(
      reconcileKey({ artifactId: 'a', viewId: '', nodeId: 'n', memoryType: 2, deviceId: 3 }),
      reconcileKey({ artifactId: 'a', viewId: '', nodeId: 'n', memoryType: 2, deviceId: 0 }),
    );
  });

  test('SNAPSHOT removes the server extras; an empty SNAPSHOT removes everything', () => {
    const kept = row();
    const extra = row({ artifactId: 'mi2:gone' });
    const plan = planReconcile('SNAPSHOT', [item()], [kept, extra]);
    assert.deepEqual(plan.removals, [extra]);
    const empty = planReconcile('SNAPSHOT', [], [kept, extra]);
    assert.deepEqual(empty.removals, [kept, extra]);
  });

  test('DELTA never removes: empty or not, its items are upserts', () => {
    const extra = row({ artifactId: 'mi2:other' });
    assert.deepEqual(planReconcile('DELTA', [], [extra]).removals, []);
    const plan = planReconcile('DELTA', [item({ artifactId: 'mi2:new' })], [extra]);
    assert.equal(plan.adds.length, 1);
    assert.deepEqual(plan.removals, []);
    assert.deepEqual(plan.raced, []);
  });

  test('SNAPSHOT keeps extras created after the oldest registered_ts of the inventory', () => {
    const older = row({ artifactId: 'mi2:older', registeredAt: T0 - 1 });
    const atThreshold = row({ artifactId: 'mi2:same', registeredAt: T0 });
    const newer = row({ artifactId: 'mi2:newer', registeredAt: T0 + 1 });
    const items = [
      item({ artifactId: 'mi2:x', registeredAtMs: T0 + 500 }),
      item({ artifactId: 'mi2:y', registeredAtMs: T0, index: 1 }),
      item({ artifactId: 'mi2:z', registeredAtMs: undefined, index: 2 }),
    ];
    const plan = planReconcile('SNAPSHOT', items, [older, atThreshold, newer]);
    assert.equal(plan.raceThresholdMs, T0);
    assert.deepEqual(plan.raced, [newer]);
    assert.deepEqual(plan.removals, [older, atThreshold]);
  });

  test('without any registered_ts there is no race protection', () => {
    const newer = row({ artifactId: 'mi2:newer', registeredAt: T0 + 10_000 });
    const plan = planReconcile('SNAPSHOT', [item()], [newer]);
    assert.equal(plan.raceThresholdMs, undefined);
    assert.deepEqual(plan.removals, [newer]);
  });

  test('rows sharing a key: the one at the reported address is the counterpart, the rest are extras', () => {
    const a = row({ nodePort: 7000, registeredAt: T0 });
    const b = row({ nodePort: 7001, registeredAt: T0 + 5 });
    const plan = planReconcile('SNAPSHOT', [item({ nodePort: 7001 })], [a, b]);
    assert.equal(plan.unchanged, 1);
    assert.deepEqual(plan.removals, [a]);
    // No exact match: the oldest is updated, the other removed.
    const moved = planReconcile('SNAPSHOT', [item({ nodePort: 7002 })], [b, a]);
    assert.equal(moved.updates[0].current, a);
    assert.deepEqual(moved.removals, [b]);
  });
});

describe('transportKey', () => {
  test('enum names and numbers, strings and numbers, absent defaults: one key', () => {
    const named = transportKey({
      export_state: 'EXPORT_STATE_EXPORTABLE',
      export_generation: '3',
      remote_memory_keys: ['k'],
      buffer_sizes: ['10'],
      verification_json: '',
    });
    const numbered = transportKey({
      export_state: 2,
      export_generation: 3,
      remote_memory_keys: ['k'],
      buffer_sizes: [10],
    });
    assert.equal(named, numbered);
    assert.notEqual(
      named,
      transportKey({
        export_state: 2,
        export_generation: 4,
        remote_memory_keys: ['k'],
        buffer_sizes: [10],
      }),
    );
    assert.equal(transportKey(undefined), '');
    assert.equal(transportKey(null), '');
    assert.notEqual(transportKey({}), '', 'a present but empty transport differs from none');
  });
});

describe('planReconcileInChunks', () => {
  test('pauses between chunks and plans exactly what planReconcile plans', async () => {
    const server = [row({ artifactId: 'mi2:0' }), row({ artifactId: 'mi2:gone' })];
    const items = Array.from({ length: 25 }, (_, i) =>
      item({ artifactId: `mi2:${i}`, index: i, available: i % 2 === 0 }),
    );
    let pauses = 0;
    const chunked = await planReconcileInChunks(
      'SNAPSHOT',
      items,
      server,
      async () => (pauses += 1),
      10,
    );
    assert.equal(pauses, 2);
    assert.deepEqual(chunked, planReconcile('SNAPSHOT', items, server));
  });
});
