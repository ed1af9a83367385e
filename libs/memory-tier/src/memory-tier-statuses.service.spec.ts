import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { DomainError, ManualClock } from '../../common/src';
import { MemoryTierStatusEntity } from './memory-tier-status.entity';
import { Harness, createHarness, statusInput } from './memory-tier.harness';
import { nsFromMs } from './nanos';

function invalid(fn: () => unknown, field: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.equal(error.field, field);
    return true;
  });
}

const S = 1_000_000_000n;
const BASE = 1_764_000_000n * S;

describe('MemoryTierStatusesService', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  async function epochsInDb(nodeId: string): Promise<bigint[]> {
    const rows = await h.dataSource.manager.find(MemoryTierStatusEntity, {
      where: { nodeId },
      order: { epochNs: 'ASC' },
    });
    return rows.map((r) => r.epochNs);
  }

  test('validates the status, naming the field', async () => {
    h = await createHarness();
    invalid(() => h.statuses.publish(null), 'status');
    invalid(() => h.statuses.publish(statusInput({ nodeId: '' })), 'status.node_id');
    invalid(
      () => h.statuses.publish(statusInput({ faultsPerSec: Number.NaN })),
      'status.faults_per_sec',
    );
    invalid(() => h.statuses.publish(statusInput({ faultsPerSec: -1 })), 'status.faults_per_sec');
    invalid(
      () => h.statuses.publish(statusInput({ configJson: '{tiers' })),
      'status.memory_tier_config_json',
    );
    invalid(
      () => h.statuses.publish(statusInput({ epochNs: '18446744073709551615' })),
      'status.epoch_ns',
    );
    assert.deepEqual(h.statuses.list(''), []);
  });

  test('epoch_ns 0 is now, empty config is "{}", repeats replace, worker_id is kept', async () => {
    h = await createHarness();
    h.statuses.publish(statusInput({ configJson: '' }));
    const [first] = h.statuses.list('node-a');
    assert.equal(first.epochNs, nsFromMs(h.clock.now()));
    assert.equal(first.configJson, '{}');
    h.statuses.publish(
      statusInput({ epochNs: first.epochNs.toString(), workerId: '', stableUsedBytes: '999' }),
    );
    const [repeat] = h.statuses.list('node-a');
    assert.equal(repeat.stableUsedBytes, '999');
    assert.equal(repeat.workerId, 'worker-a', 'a repeat without worker_id keeps the recorded one');
    await h.statuses.flush();
    const rows = await h.dataSource.manager.find(MemoryTierStatusEntity);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].stableUsedBytes, '999');
    assert.equal(rows[0].epochNs, first.epochNs, 'epoch_ns stored exactly');
    // A repeat after the flush replaces the stored row.
    h.statuses.publish(statusInput({ epochNs: first.epochNs.toString(), stableUsedBytes: '5' }));
    await h.statuses.flush();
    const again = await h.dataSource.manager.find(MemoryTierStatusEntity);
    assert.deepEqual(
      again.map((r) => r.stableUsedBytes),
      ['5'],
    );
  });

  test('per node, rows within snapshot_retention of the newest are kept', async () => {
    h = await createHarness({ memoryTier: { snapshot_retention: 60_000, snapshot_max_rows: 0 } });
    for (let i = 0n; i <= 12n; i++) {
      h.statuses.publish(statusInput({ epochNs: (BASE + i * 10n * S).toString() }));
      h.statuses.publish(statusInput({ nodeId: 'node-b', epochNs: (BASE + i * S).toString() }));
    }
    await h.statuses.flush();
    // node-a newest = BASE+120 s: keep epochs >= BASE+60 s.
    assert.deepEqual(
      await epochsInDb('node-a'),
      [6n, 7n, 8n, 9n, 10n, 11n, 12n].map((i) => BASE + i * 10n * S),
    );
    assert.equal((await epochsInDb('node-b')).length, 13, 'node-b spans 12 s: nothing pruned');
    // An old snapshot arriving late is outside the window and is not stored.
    h.statuses.publish(statusInput({ epochNs: BASE.toString() }));
    await h.statuses.flush();
    assert.equal((await epochsInDb('node-a'))[0], BASE + 60n * S);
    assert.equal(h.statuses.list('node-a')[0].epochNs, BASE + 120n * S, 'the newest stays newest');
  });

  test('per node, at most snapshot_max_rows rows; 0 turns both limits off', async () => {
    h = await createHarness({ memoryTier: { snapshot_retention: 0, snapshot_max_rows: 4 } });
    for (let i = 1n; i <= 10n; i++) {
      h.statuses.publish(statusInput({ epochNs: (BASE + i * 1000n * S).toString() }));
      if (i % 3n === 0n) await h.statuses.flush();
    }
    await h.statuses.flush();
    assert.deepEqual(
      await epochsInDb('node-a'),
      [7n, 8n, 9n, 10n].map((i) => BASE + i * 1000n * S),
    );
    await h.close();

    h = await createHarness({ memoryTier: { snapshot_retention: 0, snapshot_max_rows: 0 } });
    for (let i = 1n; i <= 30n; i++) {
      h.statuses.publish(statusInput({ epochNs: (BASE + i * 1000n * S).toString() }));
    }
    h.clock.advance(24 * 3600_000);
    await h.statuses.sweep();
    assert.equal((await epochsInDb('node-a')).length, 30);
    assert.equal(h.statuses.list('').length, 1);
  });

  test('ListMemoryTierStatuses: the newest snapshot per node; node_id filters', async () => {
    h = await createHarness();
    h.statuses.publish(statusInput({ nodeId: 'node-b', epochNs: (BASE + 5n).toString() }));
    h.statuses.publish(statusInput({ nodeId: 'node-a', epochNs: (BASE + 2n).toString() }));
    h.statuses.publish(statusInput({ nodeId: 'node-a', epochNs: (BASE + 1n).toString() }));
    assert.deepEqual(
      h.statuses.list('').map((s) => [s.nodeId, s.epochNs]),
      [
        ['node-a', BASE + 2n],
        ['node-b', BASE + 5n],
      ],
    );
    assert.deepEqual(
      h.statuses.list('node-b').map((s) => s.nodeId),
      ['node-b'],
    );
    assert.deepEqual(h.statuses.list('node-c'), []);
  });

  test('per-node gauges follow the newest snapshot and go when a silent node is pruned', async () => {
    h = await createHarness({ memoryTier: { snapshot_retention: 600_000 } });
    h.statuses.publish(statusInput({ nodeId: 'node-a', epochNs: (BASE + 2n).toString() }));
    h.statuses.publish(
      statusInput({
        nodeId: 'node-a',
        epochNs: (BASE + 1n).toString(),
        stableUsedBytes: '1',
      }),
    );
    h.clock.advance(300_000);
    h.statuses.publish(
      statusInput({ nodeId: 'node-b', enablePreemptible: false, faultsPerSec: 0 }),
    );
    assert.deepEqual(
      await h.metric('tensorcast_memory_tier_stable_bytes'),
      new Map([
        ['node_id=node-a,state=total', 1000],
        ['node_id=node-a,state=used', 400],
        ['node_id=node-b,state=total', 1000],
        ['node_id=node-b,state=used', 400],
      ]),
    );
    assert.equal(
      (await h.metric('tensorcast_memory_tier_preemptible_bytes')).get(
        'node_id=node-a,state=marked',
      ),
      300,
    );
    assert.equal(
      (await h.metric('tensorcast_memory_tier_faults_per_sec')).get('node_id=node-a'),
      1.5,
    );
    assert.equal(
      (await h.metric('tensorcast_memory_tier_rehydrate_p99_ns')).get('node_id=node-a'),
      250000,
    );
    assert.deepEqual(
      await h.metric('tensorcast_memory_tier_enable_preemptible'),
      new Map([
        ['node_id=node-a', 1],
        ['node_id=node-b', 0],
      ]),
    );
    await h.statuses.sweep();
    assert.equal((await epochsInDb('node-a')).length, 2, 'both snapshots of node-a written');

    // node-a has been silent for more than snapshot_retention: its rows and series go.
    h.clock.advance(300_001);
    await h.statuses.sweep();
    assert.deepEqual(
      h.statuses.list('').map((s) => s.nodeId),
      ['node-b'],
    );
    assert.deepEqual(await epochsInDb('node-a'), []);
    assert.equal((await epochsInDb('node-b')).length, 1);
    for (const name of [
      'tensorcast_memory_tier_stable_bytes',
      'tensorcast_memory_tier_preemptible_bytes',
      'tensorcast_memory_tier_faults_per_sec',
      'tensorcast_memory_tier_rehydrate_p99_ns',
      'tensorcast_memory_tier_enable_preemptible',
    ]) {
      const series = [...(await h.metric(name)).keys()];
      assert.ok(series.length > 0 && series.every((k) => k.startsWith('node_id=node-b')), name);
    }
    assert.equal((await h.metric('tc_memory_tier_status_publishes_total')).get(''), 3);
  });
});

describe('MemoryTierStatusesService recovery', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('the newest snapshot per node survives a restart; the row limit carries on', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mt-status-'));
    const dbFile = join(dir, 'gs.db');
    const clock = new ManualClock();
    const options = { dbFile, clock, memoryTier: { snapshot_max_rows: 3, snapshot_retention: 0 } };
    let h = await createHarness(options);
    for (let i = 1n; i <= 3n; i++) {
      h.statuses.publish(statusInput({ epochNs: (BASE + i).toString(), stableUsedBytes: `${i}` }));
    }
    h.statuses.publish(statusInput({ nodeId: 'node-b', epochNs: '77', workerId: 'w-b' }));
    await h.statuses.onApplicationShutdown();
    await h.close();

    h = await createHarness(options);
    try {
      assert.deepEqual(
        h.statuses.list('').map((s) => [s.nodeId, s.epochNs, s.stableUsedBytes, s.workerId]),
        [
          ['node-a', BASE + 3n, '3', 'worker-a'],
          ['node-b', 77n, '400', 'w-b'],
        ],
      );
      h.statuses.publish(statusInput({ epochNs: (BASE + 4n).toString() }));
      await h.statuses.flush();
      const rows = await h.dataSource.manager.find(MemoryTierStatusEntity, {
        where: { nodeId: 'node-a' },
        order: { epochNs: 'ASC' },
      });
      assert.deepEqual(
        rows.map((r) => r.epochNs),
        [BASE + 2n, BASE + 3n, BASE + 4n],
      );
    } finally {
      await h.close();
    }
  });
});
