import { Logger } from '@nestjs/common';
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DataSource } from 'typeorm';
import { ManualClock } from '../../common/src';
import { defaultConfig } from '../../config/src';
import {
  CommittedReads,
  IdempotencyRecordEntity,
  IdempotencyStore,
  MIGRATIONS,
  ServerMetaService,
  WriteQueue,
  dataSourceOptions,
} from '../../persistence/src';
import { WorkerEntity, WorkersMetrics, WorkersService, stateChecksum } from '../../workers/src';
import { ArtifactEntity } from './artifact.entity';
import { RecoveredReplicaSettlement } from './recovered-replica-settlement';
import { ReplicaEntity } from './replica.entity';
import { ReplicaStore, toChecksumReplica } from './replica-store';
import { toMemoryInfoWire } from './replica-wire';

let dir: string;
before(() => {
  Logger.overrideLogger(['error']);
  dir = mkdtempSync(join(tmpdir(), 'tc-schema-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A replica row as the schema before ReplicaMemoryExtra stored it: the whole MemoryInfo. */
function oldRow(id: string, memoryInfo: Record<string, unknown>, viewId = ''): unknown[] {
  return [
    id,
    `art-${id}`,
    'worker-old',
    viewId,
    'node-a',
    '10.0.0.1',
    7000,
    2,
    1,
    64,
    4,
    0,
    1,
    JSON.stringify(memoryInfo),
    1000,
    1000,
  ];
}

test('a database written by the previous schema is migrated: the MemoryInfo columns hold is stored once, nothing is lost', async () => {
  const dbFile = join(dir, 'old.db');
  const previous = MIGRATIONS.filter((m) => m.name !== 'ReplicaMemoryExtra1764000000000');
  assert.equal(previous.length, MIGRATIONS.length - 1);
  const old = new DataSource({
    ...dataSourceOptions({ dbFile, synchronous: 'FULL' }),
    migrations: previous,
  });
  await old.initialize();
  await old.runMigrations({ transaction: 'all' });
  await old.query(
    `INSERT INTO workers (worker_id, daemon_id, node_id, node_address, grpc_port, p2p_port,
       mem_pool_total_size, mem_pool_available_size, accepting_new_requests, capability_flags,
       inactive, registered_at, last_heartbeat_at, state_version, state_checksum,
       reconcile_generation, reconcile_request_seq)
     VALUES ('worker-old', 'daemon-old', 'node-a', '10.0.0.1', 7000, 7001, 1, 1, 1, 0, 0, 1000,
       1000, 1, 'cbf29ce484222325', 1, 0)`,
  );
  const full = {
    node_id: 'node-a',
    node_address: '10.0.0.1',
    node_port: 7000,
    memory_size: '64',
    memory_type: 'MEMORY_TYPE_GPU',
    device_id: 1,
    remote_memory_keys: ['rk-1', 'rk-2'],
    buffer_sizes: ['32', '32'],
    is_memory_replica: true,
    tensor_index_key: '',
    creation_ts: { seconds: '1700000000', nanos: 5 },
    source_process_id: '',
    verification_json: '',
    expires_at: null,
    byte_space: null,
    transport: { export_state: 'EXPORT_STATE_EXPORTABLE', export_generation: '3' },
  };
  const bare = {
    ...full,
    remote_memory_keys: [],
    buffer_sizes: [],
    is_memory_replica: false,
    creation_ts: null,
    transport: null,
  };
  const view = { ...bare, byte_space: { kind: 'BYTE_SPACE_KIND_VIEW', id: 'view-9' } };
  const columns = `replica_id, artifact_id, worker_id, view_id, node_id, node_address, node_port,
    memory_type, device_id, memory_size, max_concurrency, current_requests, available,
    memory_info, registered_at, updated_at`;
  const rows = [
    oldRow('00000000-0000-4000-8000-000000000001', full),
    oldRow('00000000-0000-4000-8000-000000000002', bare),
    oldRow('00000000-0000-4000-8000-000000000003', view, 'view-9'),
  ];
  for (const row of rows) {
    await old.query(
      `INSERT INTO replicas (${columns}) VALUES (${row.map(() => '?').join(', ')})`,
      row,
    );
  }
  const wireBefore = await old.query<Record<string, unknown>[]>(
    `SELECT * FROM replicas ORDER BY replica_id`,
  );
  await old.destroy();

  const migrated = new DataSource(
    dataSourceOptions({ dbFile, synchronous: 'FULL' }, [
      ArtifactEntity,
      ReplicaEntity,
      WorkerEntity,
      IdempotencyRecordEntity,
    ]),
  );
  await migrated.initialize();
  try {
    const applied = await migrated.runMigrations({ transaction: 'all' });
    assert.deepEqual(
      applied.map((m) => m.name),
      ['ReplicaMemoryExtra1764000000000'],
    );
    const columnsNow = (
      await migrated.query<{ name: string }[]>(`PRAGMA table_info(replicas)`)
    ).map((c) => c.name);
    assert.ok(!columnsNow.includes('memory_info'), 'the duplicated JSON column is gone');
    const extras = await migrated.query<{ memory_extra: string | null }[]>(
      `SELECT replica_id, memory_extra FROM replicas ORDER BY replica_id`,
    );
    assert.deepEqual(JSON.parse(extras[0].memory_extra ?? 'null'), {
      remote_memory_keys: ['rk-1', 'rk-2'],
      buffer_sizes: ['32', '32'],
      is_memory_replica: true,
      creation_ts: { seconds: '1700000000', nanos: 5 },
      transport: { export_state: 'EXPORT_STATE_EXPORTABLE', export_generation: '3' },
    });
    assert.equal(extras[1].memory_extra, null, 'nothing beyond the columns: NULL');
    assert.equal(extras[2].memory_extra, null, 'a VIEW byte space is view_id');

    // The server's view of the migrated rows: same MemoryInfo on the wire as before.
    const clock = new ManualClock();
    const writes = new WriteQueue(migrated, { groupCommit: true, maxGroupSize: 64 });
    const workers = new WorkersService(
      defaultConfig(),
      clock,
      migrated,
      writes,
      new IdempotencyStore(clock),
      new WorkersMetrics(),
    );
    await workers.recover();
    const store = new ReplicaStore(
      migrated,
      clock,
      writes,
      new CommittedReads(migrated, writes),
      workers,
      new ServerMetaService(migrated, writes),
    );
    store.onModuleInit();
    assert.deepEqual(await store.recover(), { replicas: 3, workers: 1 });
    const recovered = store.committed
      .ofWorker('worker-old')
      .sort((a, b) => (a.replicaId < b.replicaId ? -1 : 1));
    const wire = recovered.map((r) => toMemoryInfoWire(r));
    assert.deepEqual(wire[0].remote_memory_keys, full.remote_memory_keys);
    assert.deepEqual(wire[0].transport, full.transport);
    assert.deepEqual(wire[0].creation_ts, full.creation_ts);
    assert.equal(wire[0].is_memory_replica, true);
    for (const [i, w] of wire.entries()) {
      assert.equal(w.node_id, 'node-a');
      assert.equal(w.node_port, 7000);
      assert.equal(w.memory_size, '64');
      assert.equal(w.memory_type, 'MEMORY_TYPE_GPU');
      assert.equal(w.device_id, 1);
      assert.equal(recovered[i].replicaId, wireBefore[i].replica_id);
    }
    assert.deepEqual(wire[2].byte_space, { kind: 'BYTE_SPACE_KIND_VIEW', id: 'view-9' });
    // The server settles recovered rows and checksums after SERVING, in the background.
    await new RecoveredReplicaSettlement(store).settleAll();
    const stored = await migrated.manager.findOneByOrFail(WorkerEntity, { workerId: 'worker-old' });
    assert.equal(
      stored.stateChecksum,
      stateChecksum(recovered.map(toChecksumReplica)),
      'recovery stored the checksum of the migrated rows (all unavailable now)',
    );
    assert.ok(recovered.every((r) => !r.available));
    workers.onModuleDestroy();
    await writes.close();
  } finally {
    await migrated.destroy();
  }
});
