import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { wire } from '../../grpc/src';
import { WorkerEntity, stateChecksum } from '../../workers/src';
import { ReplicaEntity } from './replica.entity';
import { toChecksumReplica } from './replica-store';
import {
  ReplicasHarness,
  openReplicasHarness,
  registerWorker,
  registration,
  replicasHarnessPerSuite,
} from './replicas.harness';
import { holdWriteGroupOpen } from '../../persistence/src/write-queue.harness';

describe('replica services on SQLite', () => {
  let h: ReplicasHarness;
  replicasHarnessPerSuite((opened) => (h = opened));

  test('UnregisterReplicaByWorker takes GPU, then RAM, then DISK, the oldest first', async () => {
    const workerId = await registerWorker(h);
    const register = async (mem: Partial<wire.MemoryInfo__Output>) => {
      h.clock.advance(1000);
      return (await h.registration.registerReplica(registration(workerId, 'art-evict', mem)))
        .replicaId;
    };
    const disk = await register({ memory_type: 'MEMORY_TYPE_DISK' });
    const ram = await register({ memory_type: 'MEMORY_TYPE_RAM' });
    const gpuOld = await register({ memory_type: 'MEMORY_TYPE_GPU', device_id: 1 });
    const gpuNew = await register({ memory_type: 'MEMORY_TYPE_GPU', device_id: 0 });
    const remaining = async () =>
      new Set(
        (await h.dataSource.manager.findBy(ReplicaEntity, { artifactId: 'art-evict' })).map(
          (r) => r.replicaId,
        ),
      );
    const removedInOrder: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const before = await remaining();
      assert.equal(
        await h.replicas.unregisterReplicaByWorker({ artifactId: 'art-evict', workerId }),
        true,
      );
      const after = await remaining();
      removedInOrder.push(...[...before].filter((id) => !after.has(id)));
    }
    assert.deepEqual(removedInOrder, [gpuOld, gpuNew, ram, disk]);
    assert.equal(
      await h.replicas.unregisterReplicaByWorker({ artifactId: 'art-evict', workerId }),
      false,
    );
    const worker = h.workers.getWorker(workerId);
    assert.equal(worker?.stateChecksum, 'cbf29ce484222325', 'checksum follows the deletions');
  });

  test('MarkReplicaUnavailable is idempotent and hides the replica from readers', async () => {
    const workerId = await registerWorker(h);
    const { replicaId } = await h.registration.registerReplica(registration(workerId, 'art-mark'));
    const checksumBefore = h.workers.getWorker(workerId)?.stateChecksum;
    assert.deepEqual(await h.replicas.markReplicaUnavailable('art-mark', replicaId), {
      found: true,
      updated: true,
    });
    assert.deepEqual(await h.replicas.markReplicaUnavailable('art-mark', replicaId), {
      found: true,
      updated: true,
    });
    assert.notEqual(
      h.workers.getWorker(workerId)?.stateChecksum,
      checksumBefore,
      'availability is in the checksum',
    );
    const info = await h.assembly.getArtifactInfoById({ artifactId: 'art-mark' });
    assert.ok(info.found);
    assert.equal(info.replicas.length, 0);
    assert.deepEqual(await h.listing.batchGetReplicaCounts(['art-mark']), [
      { artifactId: 'art-mark', replicaCount: 1, availableCount: 0 },
    ]);
    assert.deepEqual(
      await h.replicas.markReplicaUnavailable('other-artifact', replicaId),
      { found: false, updated: false },
      "an artifact_id that is not the replica's does not match",
    );
  });

  test('keyset pages neither repeat nor skip rows when rows are inserted between pages', async () => {
    const workerId = await registerWorker(h);
    const register = (artifactId: string) =>
      h.registration.registerReplica(registration(workerId, artifactId, { node_id: 'node-pages' }));
    for (let i = 0; i < 30; i += 1) await register(`page-${String(i).padStart(2, '0')}`);
    const seen: string[] = [];
    let token: string | undefined;
    let inserted = 0;
    do {
      const page = await h.listing.listReplicas({
        nodeId: 'node-pages',
        pageSize: 7,
        pageToken: token,
      });
      seen.push(...page.replicas.map((r) => r.replicaId));
      token = page.nextPageToken;
      // Rows before and after the cursor: the ones before must not shift the next page.
      await register(`page-${String(inserted).padStart(2, '0')}-late`);
      await register(`page-zz-${inserted}`);
      inserted += 1;
    } while (token);
    const all = await h.dataSource.manager.findBy(ReplicaEntity, { nodeId: 'node-pages' });
    assert.equal(new Set(seen).size, seen.length, 'no duplicates');
    const original = all.filter((r) => /^page-\d\d$/.test(r.artifactId)).map((r) => r.replicaId);
    assert.equal(original.length, 30);
    for (const id of original) assert.ok(seen.includes(id), 'no pre-existing row skipped');
  });

  test('all five list filters apply together; counts per requested id', async () => {
    const workerId = await registerWorker(h);
    const base = { node_id: 'node-filter', node_address: '10.9.9.9' };
    await h.registration.registerReplica(
      registration(workerId, 'flt-a', { ...base, memory_type: 'MEMORY_TYPE_GPU', device_id: 1 }),
    );
    await h.registration.registerReplica(
      registration(workerId, 'flt-a', { ...base, memory_type: 'MEMORY_TYPE_GPU', device_id: 2 }),
    );
    await h.registration.registerReplica(
      registration(workerId, 'flt-a', { ...base, memory_type: 'MEMORY_TYPE_RAM' }),
    );
    await h.registration.registerReplica(
      registration(workerId, 'flt-b', { ...base, memory_type: 'MEMORY_TYPE_GPU', device_id: 1 }),
    );
    const list = async (filters: object) =>
      (await h.listing.listReplicas({ nodeId: 'node-filter', ...filters })).replicas.map(
        (r) => `${r.artifactId}/${r.memoryType}/${r.deviceId}`,
      );
    assert.equal((await list({})).length, 4);
    assert.deepEqual(
      await list({
        artifactId: 'flt-a',
        memoryType: 'MEMORY_TYPE_GPU',
        deviceId: 2,
        nodeAddress: '10.9.9.9',
      }),
      ['flt-a/2/2'],
    );
    assert.deepEqual((await list({ deviceId: 1 })).sort(), ['flt-a/2/1', 'flt-b/2/1']);
    assert.deepEqual(await list({ memoryType: 'MEMORY_TYPE_RAM' }), ['flt-a/1/0']);
    assert.deepEqual(await list({ nodeAddress: '10.0.0.1' }), []);
    const page = await h.listing.listReplicas({ nodeId: 'node-filter', pageSize: 3 });
    assert.equal(page.totalSize, 4);
    assert.equal(page.replicas.length, 3);
    assert.ok(page.nextPageToken);
    assert.deepEqual(
      await h.listing.batchGetReplicaCounts([' flt-a', 'flt-a', '', 'flt-b ', 'flt-none']),
      [
        { artifactId: 'flt-a', replicaCount: 3, availableCount: 3 },
        { artifactId: 'flt-b', replicaCount: 1, availableCount: 1 },
        { artifactId: 'flt-none', replicaCount: 0, availableCount: 0 },
      ],
    );
    const counts = h.listing.countByMemoryTier();
    assert.equal(
      counts.GPU + counts.RAM + counts.DISK,
      await h.dataSource.manager.count(ReplicaEntity),
    );
  });

  test('a worker that goes inactive leaves its replicas unavailable; re-registration revives them', async () => {
    const workerId = await registerWorker(h);
    const { replicaId } = await h.registration.registerReplica(
      registration(workerId, 'art-revive'),
    );
    await h.workers.unregisterWorker(workerId);
    const gone = await h.assembly.getArtifactInfoById({ artifactId: 'art-revive' });
    assert.ok(gone.found && gone.replicas.length === 0);
    const worker = h.workers.getWorker(workerId);
    assert.ok(worker);
    await h.workers.registerWorker({
      nodeId: worker.nodeId,
      nodeAddress: worker.nodeAddress,
      grpcPort: worker.grpcPort,
      p2pPort: worker.p2pPort,
      memPoolTotalSize: 1,
      memPoolAvailableSize: 1,
      isRecoveryRegistration: false,
      previousWorkerId: '',
      daemonId: worker.daemonId,
      capabilityFlags: 0,
    });
    const again = await h.registration.registerReplica(registration(workerId, 'art-revive'));
    assert.equal(again.replicaId, replicaId);
    const back = await h.assembly.getArtifactInfoById({ artifactId: 'art-revive' });
    assert.ok(back.found);
    assert.deepEqual(
      back.replicas.map((r) => r.replicaId),
      [replicaId],
    );
  });
  test('checksums kept in memory equal a recompute from the stored rows after a mix of writes', async () => {
    const a = await registerWorker(h);
    const b = await registerWorker(h);
    const c = await registerWorker(h);
    // One commit group: concurrent writes to the same workers, one of them refused (its
    // savepoint rolls back alone and its staged change must vanish with it).
    const first = await Promise.all([
      h.registration.registerReplica(registration(a, 'mix-1')),
      h.registration.registerReplica(registration(a, 'mix-2', { memory_type: 'MEMORY_TYPE_RAM' })),
      h.registration.registerReplica(registration(a, 'mix-3', { device_id: 3 })),
      h.registration.registerReplica(registration(b, 'mix-1', { node_id: 'node-b' })),
      h.registration.registerReplica(registration(b, 'mix-4', { node_id: 'node-b' })),
      h.registration.registerReplica(registration(c, 'mix-5', { node_id: 'node-c' })),
    ]);
    await Promise.allSettled([
      h.replicas.markReplicaUnavailable('mix-2', first[1].replicaId),
      h.replicas.unregisterReplica('mix-3', first[2].replicaId),
      // The identity of a's mix-1 replica, now registered by b: the replica moves worker.
      h.registration.registerReplica(registration(b, 'mix-1')),
      h.writes.run(async (tx) => {
        await h.store.upsertReplica(tx, {
          artifactId: 'mix-ghost',
          workerId: c,
          viewId: '',
          nodeId: 'node-c',
          nodeAddress: '10.0.0.1',
          nodePort: 7000,
          memoryTier: 'RAM',
          deviceId: 0,
          memorySize: 1,
          maxConcurrency: 1,
          memoryInfo: {},
        });
        throw new Error('refused after staging');
      }),
      h.replicas.unregisterReplicaByWorker({ artifactId: 'mix-4', workerId: b }),
      h.replicas.updateReplica('mix-5', first[5].replicaId),
      h.workers.unregisterWorker(c),
    ]);
    for (const workerId of [a, b, c]) {
      const rows = await h.store.readStoredRowsOfWorker(h.dataSource.manager, workerId);
      const fromRows = stateChecksum(rows.map(toChecksumReplica));
      const stored = await h.dataSource.manager.findOneByOrFail(WorkerEntity, { workerId });
      assert.equal(h.store.stateChecksumOf(workerId), fromRows, `${workerId}: memory = rows`);
      assert.equal(stored.stateChecksum, fromRows, `${workerId}: row`);
      assert.deepEqual(
        h.store.committed
          .ofWorker(workerId)
          .map((r) => `${r.replicaId}:${r.available}`)
          .sort(),
        rows.map((r) => `${r.replicaId}:${r.available}`).sort(),
        `${workerId}: memory holds exactly the stored rows`,
      );
    }
    const aRows = await h.store.readStoredRowsOfWorker(h.dataSource.manager, a);
    assert.deepEqual(
      aRows.map((r) => [r.artifactId, r.available]),
      [['mix-2', false]],
      'a lost mix-1 to b and unregistered mix-3',
    );
    const cRows = await h.store.readStoredRowsOfWorker(h.dataSource.manager, c);
    assert.deepEqual(
      cRows.map((r) => [r.artifactId, r.available]),
      [['mix-5', false]],
      'the refused registration left nothing; deactivation made mix-5 unavailable',
    );
  });
  test('reads answer from committed memory: a replica staged by an open group is invisible', async () => {
    // A database file: committed reads then run on connections of their own and answer
    // while the group is open (on :memory: they would wait for it).
    const dir = mkdtempSync(join(tmpdir(), 'tc-replicas-'));
    const h = await openReplicasHarness(join(dir, 'store.db'));
    try {
      const workerId = await registerWorker(h);
      const { release, write } = await holdWriteGroupOpen(h.writes, (tx) =>
        h.store.upsertReplica(tx, {
          artifactId: 'art-pending',
          workerId,
          viewId: '',
          nodeId: 'node-p',
          nodeAddress: '10.0.0.1',
          nodePort: 7000,
          memoryTier: 'RAM',
          deviceId: 0,
          memorySize: 1,
          maxConcurrency: 1,
          memoryInfo: {},
        }),
      );
      const before = await h.listing.listReplicas({ artifactId: 'art-pending' });
      assert.equal(before.totalSize, 0, 'listing');
      const [counts] = await h.listing.batchGetReplicaCounts(['art-pending']);
      assert.equal(counts.replicaCount, 0, 'counts');
      assert.equal(
        (await h.assembly.getArtifactInfoById({ artifactId: 'art-pending' })).found,
        false,
      );
      const tiers = h.listing.countByMemoryTier();
      release();
      await write;
      const afterCommit = await h.listing.listReplicas({ artifactId: 'art-pending' });
      assert.equal(afterCommit.totalSize, 1, 'visible once committed');
      assert.equal(
        h.listing.countByMemoryTier().RAM,
        tiers.RAM + 1,
        'the counter followed the commit',
      );
    } finally {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
