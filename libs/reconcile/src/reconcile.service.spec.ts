import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import { DomainError } from '../../common/src';
import { EMPTY_STATE_CHECKSUM } from '../../workers/src';
import { ReconcileInput } from './reconcile.service';
import {
  ReconcileHarness,
  openReconcileHarness,
  wireItem,
  workerInput,
} from './reconcile.spec-harness';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function item(name: string, overrides: Parameters<typeof wireItem>[0] = {}) {
  return wireItem({ ...overrides, ref: { artifact_id: `mi2:${name}`, ...overrides.ref } });
}

describe('ReconcileService on a real database', () => {
  let h: ReconcileHarness;
  afterEach(async () => h.close());

  async function registered() {
    const input = workerInput();
    const worker = await h.workers.registerWorker(input);
    const request = (overrides: Partial<ReconcileInput>): ReconcileInput => ({
      workerId: worker.workerId,
      daemonId: input.daemonId,
      generation: worker.reconcileGeneration,
      requestSeq: 1,
      requestKind: 'RECONCILE_REQUEST_KIND_SNAPSHOT',
      inventory: [],
      ...overrides,
    });
    return { worker, input, request };
  }

  test('two concurrent copies of one request: exactly one applies, the other is a duplicate', async () => {
    h = await openReconcileHarness();
    const { worker, request } = await registered();
    const req = request({ inventory: [item('a'), item('b')] });
    const answers = await Promise.all([
      h.reconcile.reconcileWorkerState(req),
      h.reconcile.reconcileWorkerState(req),
    ]);
    assert.deepEqual(answers.map((a) => a.resultKind).sort(), ['APPLIED', 'NOOP']);
    const replicas = await h.replicas.readStoredRowsOfWorker(h.dataSource.manager, worker.workerId);
    assert.equal(replicas.length, 2, 'applied once, not twice');
    assert.equal(h.workers.getWorker(worker.workerId)?.stateVersion, 2);
    assert.equal(h.workers.getWorker(worker.workerId)?.reconcileRequestSeq, 1);
  });

  test('seq 2 queued before seq 1 in one group: RETRY_LATER, then seq 1 applies', async () => {
    h = await openReconcileHarness();
    const { request } = await registered();
    const [second, first] = await Promise.all([
      h.reconcile.reconcileWorkerState(request({ requestSeq: 2, inventory: [item('b')] })),
      h.reconcile.reconcileWorkerState(request({ requestSeq: 1, inventory: [item('a')] })),
    ]);
    assert.equal(second.resultKind, 'RETRY_LATER');
    assert.equal(second.retryAfterMs, 100);
    assert.equal(first.resultKind, 'APPLIED');
  });

  test('APPLIED moves version and checksum; heartbeats agree with what reconcile stored', async () => {
    h = await openReconcileHarness();
    const { worker, request } = await registered();
    const applied = await h.reconcile.reconcileWorkerState(
      request({ inventory: [item('a'), item('b', { stats: { is_available: false } })] }),
    );
    assert.equal(applied.resultKind, 'APPLIED');
    assert.equal(applied.stateVersion, 2);
    assert.notEqual(applied.stateChecksum, EMPTY_STATE_CHECKSUM);
    assert.deepEqual(
      applied.stateChanges.map((c) => [c.type, c.replica.artifactId, c.replica.available]),
      [
        ['ADD', 'mi2:a', true],
        ['ADD', 'mi2:b', false],
      ],
    );
    const stored = h.workers.getWorker(worker.workerId);
    assert.equal(stored?.stateChecksum, applied.stateChecksum);
    const beat = (stateVersion: number, stateChecksum: string) =>
      h.workers.heartbeat({
        workerId: worker.workerId,
        memPoolAvailableSize: 0,
        acceptingNewRequests: true,
        stateVersion,
        stateChecksum,
        registeredArtifactIds: ['mi2:a', 'mi2:b'],
        capabilityFlags: undefined,
      });
    const inSync = beat(2, applied.stateChecksum);
    assert.ok(inSync.found && !inSync.stateSyncRequired && inSync.expectedStateVersion === 2);
    const behind = beat(1, applied.stateChecksum);
    assert.ok(behind.found && behind.stateSyncRequired);
    const otherChecksum = beat(2, EMPTY_STATE_CHECKSUM);
    assert.ok(otherChecksum.found && otherChecksum.stateSyncRequired);
  });

  test('an invalid inventory writes nothing and does not move the cursor', async () => {
    h = await openReconcileHarness();
    const { worker, request } = await registered();
    await assert.rejects(
      h.reconcile.reconcileWorkerState(
        request({ inventory: [item('a'), item('b', { memory_info: { node_port: 0 } })] }),
      ),
      (e: unknown) =>
        e instanceof DomainError && /^inventory\[1\]\.memory_info\.node_port:/.test(e.message),
    );
    assert.equal(
      (await h.replicas.readStoredRowsOfWorker(h.dataSource.manager, worker.workerId)).length,
      0,
    );
    const again = await h.reconcile.reconcileWorkerState(request({ inventory: [item('a')] }));
    assert.equal(again.resultKind, 'APPLIED', 'seq 1 is still the next one');
  });

  test('a worker that timed out (not yet swept) is FATAL / NOT_FOUND', async () => {
    h = await openReconcileHarness({ heartbeatTimeoutMs: 1000 });
    const { request } = await registered();
    h.clock.advance(1001);
    await assert.rejects(
      h.reconcile.reconcileWorkerState(request({})),
      (e: unknown) =>
        e instanceof DomainError &&
        e.code === 'WORKER_NOT_FOUND' &&
        /is inactive.*FATAL/.test(e.message),
    );
  });

  test('restart: the cursor survives, replicas come back unavailable and a snapshot re-confirms them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-reconcile-'));
    dirs.push(dir);
    h = await openReconcileHarness({ dbFile: join(dir, 'gs.db') });
    const { worker, request } = await registered();
    const inventory = [item('a'), item('b')];
    const first = await h.reconcile.reconcileWorkerState(request({ inventory }));
    assert.equal(first.resultKind, 'APPLIED');

    h = await h.restart();
    const rows = await h.replicas.readStoredRowsOfWorker(h.dataSource.manager, worker.workerId);
    assert.deepEqual(
      rows.map((r) => r.available),
      [false, false],
    );
    const duplicate = await h.reconcile.reconcileWorkerState(request({ inventory }));
    assert.equal(duplicate.resultKind, 'NOOP', 'seq 1 was persisted');
    assert.notEqual(
      duplicate.stateChecksum,
      first.stateChecksum,
      'recovery recomputed the checksum',
    );

    const resync = await h.reconcile.reconcileWorkerState(request({ requestSeq: 2, inventory }));
    assert.equal(resync.resultKind, 'APPLIED');
    assert.deepEqual(
      resync.stateChanges.map((c) => [c.type, c.reason]),
      [
        ['UPDATE', 'availability false → true'],
        ['UPDATE', 'availability false → true'],
      ],
    );
    assert.equal(resync.stateChecksum, first.stateChecksum, 'same replicas, same checksum');
    assert.equal(resync.stateVersion, first.stateVersion + 1);
    assert.deepEqual(
      resync.stateChanges.map((c) => c.replica.replicaId).sort(),
      first.stateChanges.map((c) => c.replica.replicaId).sort(),
      'replica ids are kept',
    );
  });

  test("a replica row taken over from another worker refreshes that worker's checksum", async () => {
    h = await openReconcileHarness();
    const a = await registered();
    const b = await registered();
    const shared = item('shared');
    const onA = await h.reconcile.reconcileWorkerState(a.request({ inventory: [shared] }));
    assert.notEqual(onA.stateChecksum, EMPTY_STATE_CHECKSUM);
    const onB = await h.reconcile.reconcileWorkerState(b.request({ inventory: [shared] }));
    assert.equal(onB.resultKind, 'APPLIED');
    assert.equal(onB.stateChanges[0].replica.replicaId, onA.stateChanges[0].replica.replicaId);
    assert.equal(h.workers.getWorker(a.worker.workerId)?.stateChecksum, EMPTY_STATE_CHECKSUM);
    assert.equal(h.replicas.holds(a.worker.workerId, 'mi2:shared'), false);
    assert.equal(h.replicas.holds(b.worker.workerId, 'mi2:shared'), true);
  });

  test('an unknown request_kind is INVALID_ARGUMENT', async () => {
    h = await openReconcileHarness();
    const { request } = await registered();
    await assert.rejects(
      h.reconcile.reconcileWorkerState(request({ requestKind: 7 })),
      /request_kind: unknown value 7/,
    );
  });
});

describe('ReconcileService repairs a stale stored checksum', () => {
  test('a re-registration committed in the same group as an APPLIED snapshot: the next NOOP snapshot corrects the checksum', async () => {
    const h = await openReconcileHarness();
    try {
      const input = workerInput();
      const first = await h.workers.registerWorker(input);
      const inventory = [item('a'), item('b')];
      // Both writes land in one commit group, the registration queued just after the snapshot
      // (a few microtasks later: the snapshot validates its inventory before it queues).
      const queuedLater = async <T>(write: () => Promise<T>): Promise<T> => {
        for (let i = 0; i < 10; i++) await Promise.resolve();
        return write();
      };
      const [applied, again] = await Promise.all([
        h.reconcile.reconcileWorkerState({
          workerId: first.workerId,
          daemonId: input.daemonId,
          generation: first.reconcileGeneration,
          requestSeq: 1,
          requestKind: 'RECONCILE_REQUEST_KIND_SNAPSHOT',
          inventory,
        }),
        queuedLater(() => h.workers.registerWorker(input)),
      ]);
      assert.equal(applied.resultKind, 'APPLIED');
      assert.equal(again.reconcileGeneration, first.reconcileGeneration + 1);
      // The re-registration reads the row inside the transaction, so it keeps what the
      // snapshot wrote earlier in the same group instead of its pre-commit memory.
      assert.equal(again.expectedStateVersion, applied.stateVersion);
      assert.equal(h.workers.getWorker(first.workerId)?.stateChecksum, applied.stateChecksum);
      const resync = await h.reconcile.reconcileWorkerState({
        workerId: first.workerId,
        daemonId: input.daemonId,
        generation: again.reconcileGeneration,
        requestSeq: 1,
        requestKind: 'RECONCILE_REQUEST_KIND_SNAPSHOT',
        inventory,
      });
      assert.equal(resync.resultKind, 'NOOP', 'the replicas did not change');
      assert.equal(resync.stateChecksum, applied.stateChecksum, 'the checksum of the rows');
      assert.equal(h.workers.getWorker(first.workerId)?.stateChecksum, applied.stateChecksum);
      const beat = h.workers.heartbeat({
        workerId: first.workerId,
        memPoolAvailableSize: 0,
        acceptingNewRequests: true,
        stateVersion: resync.stateVersion,
        stateChecksum: resync.stateChecksum,
        registeredArtifactIds: ['mi2:a', 'mi2:b'],
        capabilityFlags: undefined,
      });
      assert.ok(beat.found && !beat.stateSyncRequired, 'in sync again');
    } finally {
      await h.close();
    }
  });
});
