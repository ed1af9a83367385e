import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DomainError } from '../../common/src';
import { ServingState } from '../../observability/src';
import { CommittedReads, ServerMetaService } from '../../persistence/src';
import { Harness, beginInput, createHarness } from '../../registrations/src/registrations.harness';
import { AdminQueryService } from './admin-query.service';
import { ServerVitals } from './server-vitals.service';
import { WorkerRemovalService } from './worker-removal.service';
import { holdWriteGroupOpen } from '../../persistence/src/write-queue.harness';

describe('AdminQueryService and WorkerRemovalService on a real SQLite database', () => {
  let h: Harness;
  let queries: AdminQueryService;
  let removal: WorkerRemovalService;
  let alive: { workerId: string; daemonId: string };
  let dead: { workerId: string; daemonId: string };

  async function addReplica(workerId: string, artifactId: string, tier: 'GPU' | 'RAM' | 'DISK') {
    const worker = h.workers.getWorker(workerId);
    assert.ok(worker);
    await h.writes.run(async (tx) => {
      await h.artifacts.upsertArtifact(tx, { artifactId, totalSize: 64 });
      await h.replicas.upsertReplica(tx, {
        artifactId,
        workerId,
        viewId: '',
        nodeId: worker.nodeId,
        nodeAddress: worker.nodeAddress,
        nodePort: worker.grpcPort,
        memoryTier: tier,
        deviceId: 0,
        memorySize: 64,
        maxConcurrency: 1,
        memoryInfo: {},
      });
    });
  }

  before(async () => {
    h = await createHarness({ heartbeatTimeoutMs: 10_000 });
    (h.config.meta as { cluster_token: string }).cluster_token = 'secret-token';
    const serving = new ServingState();
    serving.set('SERVING');
    const vitals = new ServerVitals(
      h.config,
      h.clock,
      serving,
      new ServerMetaService(h.dataSource, h.writes),
      h.writes,
    );
    queries = new AdminQueryService(
      new CommittedReads(h.dataSource, h.writes),
      vitals,
      h.workers,
      h.registrations,
    );
    removal = new WorkerRemovalService(
      h.config,
      h.writes,
      h.workers,
      h.replicas,
      h.registrations,
      vitals,
    );
    dead = await h.registerWorker();
    await addReplica(dead.workerId, 'art-a', 'GPU');
    await addReplica(dead.workerId, 'art-b', 'RAM');
    await h.begins.begin(beginInput(dead));
    h.clock.advance(11_000);
    alive = await h.registerWorker();
    await addReplica(alive.workerId, 'art-a', 'RAM');
  });

  after(() => h.close());

  test('status counts workers by state, replicas by tier and availability, open leases', async () => {
    const status = await queries.status();
    assert.equal(status.servingState, 'SERVING');
    assert.equal(status.workerTotal, 2);
    assert.equal(status.workersByState.ACTIVE, 1);
    assert.equal(status.workersByState.TIMED_OUT, 1);
    assert.deepEqual(status.replicasByTier, [
      { tier: 'GPU', available: 1, unavailable: 0 },
      { tier: 'RAM', available: 2, unavailable: 0 },
      { tier: 'DISK', available: 0, unavailable: 0 },
    ]);
    assert.equal(status.replicaTotal, 3);
    assert.equal(status.artifactTotal, 2);
    assert.equal(status.openRegistrations, 1);
    assert.match(status.clusterId, /^cluster-/);
  });

  test('workers in every state, filtered and paged by worker_id, with replica counts', async () => {
    const all = await queries.listWorkers();
    assert.equal(all.totalSize, 2);
    const timedOut = await queries.listWorkers({ state: 'TIMED_OUT' });
    assert.deepEqual(
      timedOut.items.map((w) => [w.workerId, w.replicaCount]),
      [[dead.workerId, 2]],
    );
    const first = await queries.listWorkers({}, { pageSize: 1 });
    assert.equal(first.items.length, 1);
    assert.notEqual(first.nextPageToken, '');
    const second = await queries.listWorkers({}, { pageSize: 1, pageToken: first.nextPageToken });
    assert.equal(second.nextPageToken, '');
    assert.notEqual(second.items[0].workerId, first.items[0].workerId);
    await assert.rejects(
      queries.listWorkers({ state: 'ACTIVE' }, { pageToken: first.nextPageToken }),
      /page_token: was issued for different filters/,
    );
    await assert.rejects(
      queries.listWorkers({ state: 'ZOMBIE' as never }),
      /state: must be one of/,
    );
  });

  test('replicas filter by artifact, worker, tier and availability; artifacts carry counts', async () => {
    const ofA = await queries.listReplicas({ artifactId: 'art-a' });
    assert.equal(ofA.totalSize, 2);
    assert.ok(ofA.items.every((r) => r.replicaId.length === 36 && r.available));
    const gpu = await queries.listReplicas({ tier: 'GPU', workerId: dead.workerId });
    assert.deepEqual(
      gpu.items.map((r) => r.artifactId),
      ['art-a'],
    );
    assert.equal((await queries.listReplicas({ available: false })).totalSize, 0);
    const paged = await queries.listReplicas({}, { pageSize: 2 });
    const rest = await queries.listReplicas({}, { pageSize: 2, pageToken: paged.nextPageToken });
    assert.equal(paged.items.length + rest.items.length, 3);
    const artifact = await queries.getArtifact('art-a');
    assert.equal(artifact.replicaCount, 2);
    assert.equal(artifact.replicas.length, 2);
    await assert.rejects(
      queries.getArtifact('nope'),
      (e: DomainError) => e.code === 'ARTIFACT_NOT_FOUND',
    );
    assert.deepEqual((await queries.resolveMapping('no-such-key')).found, false);
  });

  test("stored facts come from committed state: an open group's artifact is not listed before its COMMIT", async () => {
    const { release, write } = await holdWriteGroupOpen(h.writes, (tx) =>
      h.artifacts.upsertArtifact(tx, { artifactId: 'art-open-group', totalSize: 64 }),
    );
    let answered = false;
    const listed = queries.getArtifact('art-open-group').then((artifact) => {
      answered = true;
      return artifact;
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(answered, false, 'the read does not answer from the open transaction');
    release();
    await write;
    assert.equal((await listed).artifactId, 'art-open-group');
  });

  test('RemoveWorker: token required, a live worker needs allowActive, replicas and leases go', async () => {
    const request = {
      workerId: dead.workerId,
      reason: 'node decommissioned',
      allowActive: false,
      requestedBy: 'test',
    };
    await assert.rejects(
      removal.removeWorker({ ...request, clusterToken: 'wrong' }),
      (e: DomainError) => e.code === 'CLUSTER_TOKEN_REJECTED',
    );
    await assert.rejects(
      removal.removeWorker({ ...request, workerId: alive.workerId, clusterToken: 'secret-token' }),
      (e: DomainError) => e.code === 'PRECONDITION_FAILED' && /ACTIVE/.test(e.message),
    );
    const removed = await removal.removeWorker({ ...request, clusterToken: 'secret-token' });
    assert.deepEqual(removed, {
      workerId: dead.workerId,
      previousState: 'TIMED_OUT',
      removedReplicas: 2,
      revokedRegistrations: 1,
      reason: 'node decommissioned',
    });
    await assert.rejects(
      queries.getWorker(dead.workerId),
      (e: DomainError) => e.code === 'WORKER_NOT_FOUND',
    );
    assert.equal((await queries.listReplicas({ workerId: dead.workerId })).totalSize, 0);
    assert.equal((await queries.listRegistrations()).length, 0);
    const status = await queries.status();
    assert.equal(status.workerTotal, 1);
    assert.equal(status.replicaTotal, 1);
    assert.equal(h.replicas.holds(dead.workerId, 'art-a'), false, 'memory index follows');
  });
});
