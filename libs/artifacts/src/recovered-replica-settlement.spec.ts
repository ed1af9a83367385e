import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { StoredServerMeta } from '../../persistence/src';
import { WorkerEntity, stateChecksum } from '../../workers/src';
import { RecoveredReplicaSettlement } from './recovered-replica-settlement';
import { toChecksumReplica } from './replica-store';
import {
  ReplicasHarness,
  openReplicasHarness,
  registerWorker,
  registration,
} from './replicas.harness';

/** What the file says, read the way a process that opens it after a kill would. */
async function fileState(h: ReplicasHarness, workerIds: readonly string[]) {
  const rows = new Map<string, { available: boolean; storedChecksum: string; fromRows: string }>();
  const availableRows: string[] = [];
  for (const workerId of workerIds) {
    const stored = await h.store.readStoredRowsOfWorker(h.dataSource.manager, workerId);
    const worker = await h.dataSource.manager.findOneByOrFail(WorkerEntity, { workerId });
    for (const r of stored) if (r.available) availableRows.push(`${workerId}/${r.artifactId}`);
    rows.set(workerId, {
      available: stored.some((r) => r.available),
      storedChecksum: worker.stateChecksum,
      fromRows: stateChecksum(stored.map(toChecksumReplica)),
    });
  }
  const unsettled = await new StoredServerMeta(h.dataSource.manager).replicaAvailabilityUnsettled();
  return { rows, availableRows: availableRows.sort(), unsettled };
}

/** The checksum a daemon computes once it holds these replicas, none of them available. */
function allUnavailableChecksum(h: ReplicasHarness, workerId: string): string {
  return stateChecksum(
    h.store.committed
      .ofWorker(workerId)
      .map((r) => ({ ...toChecksumReplica(r), available: false })),
  );
}

describe('replica rows recovered after a restart are settled after SERVING', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-settle-'));
  const file = join(dir, 'store.db');
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a kill part-way through leaves a file whose rows and checksums agree, flagged until the next start settles it', async () => {
    // A first run: two workers with available replicas.
    let h = await openReplicasHarness(file);
    const a = await registerWorker(h);
    const b = await registerWorker(h);
    await h.registration.registerReplica(registration(a, 'settle-1'));
    await h.registration.registerReplica(registration(a, 'settle-2', { device_id: 1 }));
    const bReplica = await h.registration.registerReplica(
      registration(b, 'settle-3', { node_id: 'node-b' }),
    );
    const availableChecksumOfB = h.store.stateChecksumOf(b);
    await h.close();

    // A restart: memory says unavailable at once, the file is not rewritten before SERVING.
    h = await openReplicasHarness(file);
    await h.workers.recover();
    assert.deepEqual(await h.store.recover(), { replicas: 3, workers: 2 });
    assert.ok(
      [...h.store.committed.all()].every((r) => !r.available),
      'memory: all unavailable',
    );
    for (const workerId of [a, b]) {
      assert.equal(
        h.store.stateChecksumOf(workerId),
        allUnavailableChecksum(h, workerId),
        `${workerId}: the checksum heartbeats compare is the FNV of the all-unavailable records`,
      );
    }
    assert.notEqual(h.store.stateChecksumOf(b), availableChecksumOfB);
    let state = await fileState(h, [a, b]);
    assert.equal(state.unsettled, true, 'the file says its availability is not settled');
    assert.deepEqual(
      state.availableRows,
      [`${a}/settle-1`, `${a}/settle-2`, `${b}/settle-3`],
      'the rows are as the last run left them',
    );

    // b re-confirms its replica: the same commit settles b (rows and checksum), not a.
    h.clock.advance(1000);
    await h.registration.registerReplica(registration(b, 'settle-3', { node_id: 'node-b' }));
    state = await fileState(h, [a, b]);
    assert.deepEqual(state.availableRows, [`${a}/settle-1`, `${a}/settle-2`, `${b}/settle-3`]);
    for (const [workerId, w] of state.rows) {
      assert.equal(w.storedChecksum, w.fromRows, `${workerId}: stored checksum = its rows`);
    }
    assert.equal(state.rows.get(b)?.storedChecksum, availableChecksumOfB);
    assert.equal(state.unsettled, true);
    // Killed here: a is still unsettled (rows and checksum of the last run, which agree).
    await h.close();

    // The next start: everything unavailable again, b's re-confirmation included.
    h = await openReplicasHarness(file);
    await h.workers.recover();
    await h.store.recover();
    assert.ok([...h.store.committed.all()].every((r) => !r.available));
    assert.equal(h.store.committed.get(bReplica.replicaId)?.available, false);
    await new RecoveredReplicaSettlement(h.store).settleAll();
    state = await fileState(h, [a, b]);
    assert.equal(state.unsettled, false, 'settled: the flag is gone');
    assert.deepEqual(state.availableRows, [], 'no row says available');
    for (const [workerId, w] of state.rows) {
      assert.equal(w.storedChecksum, w.fromRows, `${workerId}: stored checksum = its rows`);
      assert.equal(w.storedChecksum, allUnavailableChecksum(h, workerId));
      assert.equal(h.store.stateChecksumOf(workerId), w.storedChecksum);
    }

    // A re-confirmation after settlement is what the file says; settling again undoes nothing.
    await h.registration.registerReplica(registration(a, 'settle-1'));
    await new RecoveredReplicaSettlement(h.store).settleAll();
    state = await fileState(h, [a, b]);
    assert.deepEqual(state.availableRows, [`${a}/settle-1`]);
    assert.equal(state.rows.get(a)?.storedChecksum, h.store.stateChecksumOf(a));
    await h.close();
  });

  test('settlement never undoes a re-confirmation staged in the same commit group', async () => {
    let h = await openReplicasHarness(file);
    const w = await registerWorker(h);
    for (let i = 0; i < 5; i += 1) {
      await h.registration.registerReplica(registration(w, `race-${i}`, { device_id: i }));
    }
    await h.close();
    h = await openReplicasHarness(file);
    await h.workers.recover();
    await h.store.recover();
    // Both land in one commit group, the re-confirmation first and last.
    await Promise.all([
      h.registration.registerReplica(registration(w, 'race-0', { device_id: 0 })),
      h.store.settleRecoveredWorkers([w]),
      h.registration.registerReplica(registration(w, 'race-4', { device_id: 4 })),
    ]);
    const state = await fileState(h, [w]);
    assert.deepEqual(state.availableRows, [`${w}/race-0`, `${w}/race-4`]);
    assert.equal(state.rows.get(w)?.storedChecksum, state.rows.get(w)?.fromRows);
    assert.equal(h.store.stateChecksumOf(w), state.rows.get(w)?.fromRows);
    await h.close();
  });
});
