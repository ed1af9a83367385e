import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { WorkerEntity, stateChecksum } from '../../workers/src';
import { ArtifactEntity } from './artifact.entity';
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
});
