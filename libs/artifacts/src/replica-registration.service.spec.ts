import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { WorkerEntity, stateChecksum } from '../../workers/src';
import { ArtifactEntity } from './artifact.entity';
import { sha256Multihash } from './multihash';
import { ReplicaEntity } from './replica.entity';
import { toChecksumReplica } from './replica-store';
import {
  ReplicasHarness,
  assertDomainError,
  registerWorker,
  registration,
  replicasHarnessPerSuite,
} from './replicas.harness';
import { TensorIndexEntity } from './tensor-index.entity';

describe('ReplicaRegistrationService (RegisterReplica) on SQLite', () => {
  let h: ReplicasHarness;
  replicasHarnessPerSuite((opened) => (h = opened));

  test('RegisterReplica writes artifact, index, replica and the worker checksum together', async () => {
    const workerId = await registerWorker(h);
    const index = Buffer.from('{"tensors":[]}');
    const first = await h.registration.registerReplica({
      ...registration(workerId, 'art-1', { memory_type: 'MEMORY_TYPE_RAM', device_id: 5 }),
      tensorIndexData: index,
      encoding: 'json',
      schemaVersion: 'v3',
    });
    assert.match(
      first.replicaId,
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const rows = await h.dataSource.manager.findBy(ReplicaEntity, { workerId });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].deviceId, 0, 'device forced to 0 off GPU');
    const artifact = await h.dataSource.manager.findOneByOrFail(ArtifactEntity, {
      artifactId: 'art-1',
    });
    assert.equal(artifact.encoding, 'json');
    assert.equal(artifact.schemaVersion, 'v3');
    assert.ok(artifact.tensorIndexKey);
    assert.ok(
      await h.dataSource.manager.existsBy(TensorIndexEntity, {
        tensorIndexKey: artifact.tensorIndexKey,
      }),
    );
    const worker = await h.dataSource.manager.findOneByOrFail(WorkerEntity, { workerId });
    assert.equal(worker.stateChecksum, stateChecksum(rows.map(toChecksumReplica)));
    assert.equal(
      h.workers.getWorker(workerId)?.stateChecksum,
      worker.stateChecksum,
      'memory follows the commit',
    );
    assert.ok(h.store.holds(workerId, 'art-1'));

    const again = await h.registration.registerReplica(
      registration(workerId, 'art-1', { memory_type: 'MEMORY_TYPE_RAM' }),
    );
    assert.equal(again.replicaId, first.replicaId, 'same identity, same replica_id');
  });

  test('an inactive worker gets NOT_FOUND and nothing is written', async () => {
    const workerId = await registerWorker(h);
    await h.workers.unregisterWorker(workerId);
    await assertDomainError(
      h.registration.registerReplica(registration(workerId, 'art-orphan')),
      'WORKER_NOT_FOUND',
      /^worker_id: worker .* is not registered or not active/,
    );
    assert.equal(
      await h.dataSource.manager.countBy(ArtifactEntity, { artifactId: 'art-orphan' }),
      0,
    );
  });

  test('client_request_id: the work runs once; another payload is refused', async () => {
    const workerId = await registerWorker(h);
    const request = { ...registration(workerId, 'art-idem'), clientRequestId: 'req-1' };
    const first = await h.registration.registerReplica(request);
    assert.equal(await h.replicas.unregisterReplica('art-idem', first.replicaId), true);
    const replay = await h.registration.registerReplica(request);
    assert.deepEqual(replay, first);
    assert.equal(
      await h.dataSource.manager.countBy(ReplicaEntity, { artifactId: 'art-idem' }),
      0,
      'not re-created',
    );
    await assertDomainError(
      h.registration.registerReplica({ ...request, maxConcurrency: 5 }),
      'IDEMPOTENCY_KEY_REUSED',
      /^client_request_id: /,
    );
  });
  test('a RegisterReplica naming no content writes its artifact in one statement, keeping stored fields', async () => {
    const workerId = await registerWorker(h);
    await h.registration.registerReplica({
      ...registration(workerId, 'art-one-statement'),
      encoding: 'json',
      schemaVersion: 'v3',
    });
    const before = await h.dataSource.manager.findOneByOrFail(ArtifactEntity, {
      artifactId: 'art-one-statement',
    });
    // Every statement the write connection runs while the second registration is written.
    const runner = h.dataSource.createQueryRunner();
    const query = runner.query.bind(runner);
    const seen: string[] = [];
    runner.query = ((sql: string, ...rest: unknown[]) => {
      seen.push(sql);
      return (query as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
    }) as typeof runner.query;
    try {
      await h.registration.registerReplica(registration(workerId, 'art-one-statement'));
    } finally {
      runner.query = query;
    }
    const onArtifacts = seen.filter((sql) => /\bartifacts\b/i.test(sql));
    assert.equal(onArtifacts.length, 1, `statements on artifacts: ${onArtifacts.join(' | ')}`);
    assert.match(
      onArtifacts[0],
      /^INSERT INTO artifacts .* ON CONFLICT \(artifact_id\) DO UPDATE/s,
    );
    const after = await h.dataSource.manager.findOneByOrFail(ArtifactEntity, {
      artifactId: 'art-one-statement',
    });
    assert.equal(after.encoding, 'json', 'an empty field keeps what is stored');
    assert.equal(after.schemaVersion, 'v3');
    assert.equal(after.createdAt, before.createdAt);
    assert.equal(after.indexMultihash, before.indexMultihash);
    assert.equal(after.tensorIndexKey, before.tensorIndexKey);
  });

  test("registrations of one commit group see each other's artifact and write it once, merged", async () => {
    const workerId = await registerWorker(h);
    const indexX = sha256Multihash(Buffer.from('index x'));
    const indexY = sha256Multihash(Buffer.from('index y'));
    const descriptor = (index_multihash: string) => ({
      artifact_id: '',
      index_multihash,
      data_multihash: '',
      schema_version: '',
      encoding: '',
      total_size: '0',
      id_kind: 'ARTIFACT_ID_KIND_UNSPECIFIED' as const,
    });
    const groupsBefore = h.writes.stats.transactions;
    const outcomes = await Promise.allSettled([
      h.registration.registerReplica({
        ...registration(workerId, 'art-grouped'),
        encoding: 'json',
      }),
      h.registration.registerReplica({
        ...registration(workerId, 'art-grouped', { memory_type: 'MEMORY_TYPE_RAM' }),
        schemaVersion: 'v3',
        descriptor: descriptor(indexX),
      }),
      // Judged against what the two writes before it recorded, not yet committed.
      h.registration.registerReplica({
        ...registration(workerId, 'art-grouped', { memory_type: 'MEMORY_TYPE_DISK' }),
        descriptor: descriptor(indexY),
      }),
      h.registration.registerReplica(registration('no-such-worker', 'art-refused')),
      h.registration.registerReplica(registration(workerId, 'art-second')),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled'],
    );
    assert.equal(h.writes.stats.transactions, groupsBefore + 1, 'one commit group');
    const refusals = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    assert.match(String(refusals[0].reason), /is recorded with/);
    assert.match(String(refusals[1].reason), /not registered or not active/);
    const artifact = await h.dataSource.manager.findOneByOrFail(ArtifactEntity, {
      artifactId: 'art-grouped',
    });
    assert.equal(artifact.encoding, 'json', "the first write's field, kept by the second");
    assert.equal(artifact.schemaVersion, 'v3');
    assert.equal(artifact.indexMultihash, indexX, 'the refused write changed nothing');
    assert.equal(
      await h.dataSource.manager.countBy(ArtifactEntity, { artifactId: 'art-refused' }),
      0,
    );
    assert.ok(await h.dataSource.manager.existsBy(ArtifactEntity, { artifactId: 'art-second' }));
    assert.equal(
      await h.dataSource.manager.countBy(ReplicaEntity, { artifactId: 'art-grouped' }),
      2,
    );
  });
});
