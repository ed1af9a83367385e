import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ArtifactEntity, ReplicaEntity, toMemoryInfoWire } from '../../artifacts/src';
import { WorkerEntity, stateChecksum } from '../../workers/src';
import { RegistrationFrameEntity } from './registration.entity';
import {
  Harness,
  INDEX_KEY,
  beginInput,
  chunkFrame,
  chunksOf,
  content,
  createHarness,
  expectedArtifactId,
  feed,
  histogramValue,
  rejects,
  rowOf,
  segmentsFrame,
} from './registrations.harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ registrations: { default_ttl: 10_000, max_ttl: 60_000 } });
});
afterEach(async () => h.close());

describe('CommitRegistration', () => {
  test('coalesced: Merkle root → mi2 id; artifact + GPU replica + checksum + COMMITTED in one go', async () => {
    const worker = await h.registerWorker();
    const data = content(100);
    const begun = await h.begins.begin(
      beginInput(worker, {
        totalSize: 100,
        deviceId: 3,
        planDetails: { remoteMemoryKey: 'rkey-1' },
      }),
    );
    // Fed out of order: the root follows offsets, not arrival.
    const frames = chunksOf(begun.registrationId, 1, data, 30);
    await feed(h.feeds, [frames[2], frames[0]]);
    await feed(h.feeds, [frames[3], frames[1]]);
    h.clock.advance(2500);
    const answer = await h.commits.commit(begun.registrationId, '1');
    assert.equal(answer.descriptor.artifactId, expectedArtifactId(data, 30));
    assert.equal(answer.descriptor.totalSize, 100);
    assert.equal(answer.descriptor.encoding, 'json');
    assert.equal(answer.descriptor.schemaVersion, 'v3');
    assert.equal(answer.existed, false);

    const artifact = await h.dataSource.manager.findOneByOrFail(ArtifactEntity, {
      artifactId: answer.descriptor.artifactId,
    });
    assert.equal(artifact.idKind, 1);
    assert.equal(artifact.tensorIndexKey, INDEX_KEY);
    const replica = await h.dataSource.manager.findOneByOrFail(ReplicaEntity, {
      replicaId: answer.replicaId,
    });
    assert.equal(replica.memoryType, 2, 'GPU');
    assert.equal(replica.deviceId, 3);
    assert.equal(replica.memorySize, 100);
    assert.equal(replica.workerId, worker.workerId);
    assert.equal(replica.available, true);
    assert.deepEqual(replica.memoryInfo.remote_memory_keys, ['rkey-1']);
    assert.deepEqual(replica.memoryInfo.buffer_sizes, ['100']);
    // memory_type lives in its column (stored once); the MemoryInfo peers get carries it.
    assert.equal(toMemoryInfoWire(replica).memory_type, 'MEMORY_TYPE_GPU');
    const workerRow = await h.dataSource.manager.findOneByOrFail(WorkerEntity, {
      workerId: worker.workerId,
    });
    assert.notEqual(
      workerRow.stateChecksum,
      stateChecksum([]),
      'worker checksum covers the new replica',
    );
    assert.equal(h.workers.getWorker(worker.workerId)?.stateChecksum, workerRow.stateChecksum);
    assert.ok(h.replicas.holds(worker.workerId, answer.descriptor.artifactId));

    const row = await rowOf(h, begun.registrationId);
    assert.equal(row.state, 'COMMITTED');
    assert.equal(row.artifactId, answer.descriptor.artifactId);
    assert.equal(row.replicaId, answer.replicaId);
    assert.equal(await h.dataSource.manager.count(RegistrationFrameEntity), 0);
    assert.equal(await h.counter('tc_register_commit_coalesced_total'), 1);
    assert.deepEqual(await h.pendingGauge(), new Map());
    assert.equal(
      await histogramValue(h, 'sum', 'ok'),
      2.5,
      'observed from Begin on the monotonic clock',
    );
  });

  test('cpu → RAM replica (device forced to 0); lease → GPU', async () => {
    const worker = await h.registerWorker();
    const data = content(32, 5);
    const cpu = await h.begins.begin(
      beginInput(worker, { totalSize: 32, plan: 'cpu', deviceId: 1 }),
    );
    await feed(h.feeds, chunksOf(cpu.registrationId, 1, data, 32));
    const cpuAnswer = await h.commits.commit(cpu.registrationId, 1);
    const ram = await h.dataSource.manager.findOneByOrFail(ReplicaEntity, {
      replicaId: cpuAnswer.replicaId,
    });
    assert.equal(ram.memoryType, 1);
    assert.equal(ram.deviceId, 0);
    assert.equal(await h.counter('tc_register_commit_cpu_total'), 1);

    const lease = await h.begins.begin(
      beginInput(worker, { totalSize: 32, plan: 'lease', deviceId: 1 }),
    );
    await feed(h.feeds, [segmentsFrame(lease.registrationId, 1, [{ offset: 0, bytes: data }])]);
    const leaseAnswer = await h.commits.commit(lease.registrationId, 1);
    assert.equal(
      leaseAnswer.descriptor.artifactId,
      cpuAnswer.descriptor.artifactId,
      'same content, same chunking, same id',
    );
    const gpu = await h.dataSource.manager.findOneByOrFail(ReplicaEntity, {
      replicaId: leaseAnswer.replicaId,
    });
    assert.equal(gpu.memoryType, 2);
    assert.equal(gpu.deviceId, 1);
    assert.equal(leaseAnswer.existed, false, 'a GPU replica is another identity than the RAM one');
    assert.equal(await h.counter('tc_register_commit_lease_total'), 1);
    assert.equal(await h.dataSource.manager.count(ArtifactEntity), 1);
  });

  test('incomplete coverage is FAILED_PRECONDITION naming the first gap, and changes nothing', async () => {
    const worker = await h.registerWorker();
    const data = content(64);
    const { registrationId: id } = await h.begins.begin(beginInput(worker, { totalSize: 64 }));
    const frames = chunksOf(id, 1, data, 16);
    await feed(h.feeds, [frames[0], frames[2]]);
    await rejects(
      h.commits.commit(id, 1),
      'REGISTRATION_INCOMPLETE',
      /^coverage: bytes \[16, 32\) of registration .* have not been fed \(32 of 64/,
    );
    await feed(h.feeds, [frames[1]]);
    await rejects(
      h.commits.commit(id, 1),
      'REGISTRATION_INCOMPLETE',
      /^coverage: bytes \[48, 64\)/,
    );
    assert.equal(await h.dataSource.manager.count(ArtifactEntity), 0);
    assert.equal(await h.dataSource.manager.count(ReplicaEntity), 0);
    assert.equal((await rowOf(h, id)).state, 'OPEN');
    await feed(h.feeds, [frames[3]]);
    assert.equal(
      (await h.commits.commit(id, 1)).descriptor.artifactId,
      expectedArtifactId(data, 16),
    );
  });

  test('idempotent: a repeated Commit returns the same answer with existed = true', async () => {
    const worker = await h.registerWorker();
    const { registrationId: id } = await h.begins.begin(beginInput(worker, { totalSize: 16 }));
    await feed(h.feeds, [chunkFrame(id, 1, 0, content(16))]);
    const [first, second] = await Promise.all([h.commits.commit(id, 1), h.commits.commit(id, 1)]);
    assert.deepEqual({ ...second, existed: false }, first);
    assert.equal(second.existed, true);
    assert.deepEqual(await h.commits.commit(id, 1), second);
    assert.equal(await h.counter('tc_register_commit_coalesced_total'), 1);
    assert.equal(await h.dataSource.manager.count(ReplicaEntity), 1);
    await rejects(h.commits.commit(id, 2), 'REGISTRATION_STALE_EPOCH');
  });

  test('existed: the worker already had this replica (same content, same device)', async () => {
    const worker = await h.registerWorker();
    const data = content(16);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { registrationId } = await h.begins.begin(beginInput(worker, { totalSize: 16 }));
      await feed(h.feeds, [chunkFrame(registrationId, 1, 0, data)]);
      ids.push(registrationId);
    }
    const a = await h.commits.commit(ids[0], 1);
    const b = await h.commits.commit(ids[1], 1);
    assert.equal(a.existed, false);
    assert.equal(b.existed, true);
    assert.equal(b.replicaId, a.replicaId);
  });

  test('after abort or revoke → ABORTED; after expiry → DEADLINE_EXCEEDED; each observed in the histogram', async () => {
    const worker = await h.registerWorker();
    const make = async (ttlMs = 0) => {
      const { registrationId } = await h.begins.begin(beginInput(worker, { totalSize: 16, ttlMs }));
      await feed(h.feeds, [chunkFrame(registrationId, 1, 0, content(16))]);
      return registrationId;
    };
    const aborted = await make();
    await h.registrations.abort(aborted, 'no');
    await rejects(h.commits.commit(aborted, 1), 'REGISTRATION_ABORTED', /was aborted: no/);
    const revoked = await make();
    assert.equal(await h.registrations.revoke({ registrationId: revoked }, 'operator says so'), 1);
    await rejects(
      h.commits.commit(revoked, 1),
      'REGISTRATION_ABORTED',
      /was revoked: operator says so/,
    );
    const expired = await make(1000);
    h.clock.advance(1000);
    await rejects(h.commits.commit(expired, 1), 'REGISTRATION_EXPIRED');
    await rejects(h.commits.commit(expired, 1), 'REGISTRATION_EXPIRED');
    await rejects(h.commits.commit('reg_none', 1), 'REGISTRATION_NOT_FOUND');
    await rejects(h.commits.commit('', 1), 'INVALID_ARGUMENT', /^registration_id: is required/);
    const open = await make();
    await rejects(
      h.commits.commit(open, 7),
      'REGISTRATION_STALE_EPOCH',
      /^epoch: 7 is not the current epoch 1/,
    );

    assert.equal(await histogramValue(h, 'count', 'aborted'), 2);
    assert.equal(await histogramValue(h, 'count', 'expired'), 2);
    assert.equal(await histogramValue(h, 'count', 'ok'), 0);
    assert.equal(await h.dataSource.manager.count(ReplicaEntity), 0);
    assert.equal(await h.dataSource.manager.count(ArtifactEntity), 0);
  });

  test('a lease that runs out while the commit waits does not commit', async () => {
    const worker = await h.registerWorker();
    const { registrationId: id } = await h.begins.begin(
      beginInput(worker, { totalSize: 16, ttlMs: 1000 }),
    );
    await feed(h.feeds, [chunkFrame(id, 1, 0, content(16))]);
    h.clock.advance(999);
    // The queue is busy with a write that moves the clock past the deadline.
    const blocker = h.writes.run(async () => h.clock.advance(5));
    const commit = h.commits.commit(id, 1);
    await blocker;
    await rejects(commit, 'REGISTRATION_EXPIRED');
    assert.equal((await rowOf(h, id)).state, 'EXPIRED');
    assert.equal(await h.dataSource.manager.count(ReplicaEntity), 0);
  });

  test('many daemons committing the same content at once: one artifact, one replica each', async () => {
    const data = content(256, 9);
    const workers = await Promise.all(Array.from({ length: 12 }, () => h.registerWorker()));
    const answers = await Promise.all(
      workers.map(async (worker) => {
        const { registrationId } = await h.begins.begin(beginInput(worker, { totalSize: 256 }));
        await feed(h.feeds, chunksOf(registrationId, 1, data, 64));
        return h.commits.commit(registrationId, 1);
      }),
    );
    assert.equal(new Set(answers.map((a) => a.descriptor.artifactId)).size, 1);
    assert.equal(new Set(answers.map((a) => a.replicaId)).size, 12);
    assert.ok(answers.every((a) => !a.existed));
    assert.equal(await h.dataSource.manager.count(ArtifactEntity), 1);
    const replicas = await h.dataSource.manager.find(ReplicaEntity);
    assert.deepEqual(replicas.map((r) => r.workerId).sort(), workers.map((w) => w.workerId).sort());
  });
});
