import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ReplicaRecord } from './replica-index';
import { openReplicasHarness, registerWorker, registration } from './replicas.harness';

function recovered(r: ReplicaRecord): unknown {
  return { ...r, memoryInfo: r.memoryInfo, available: false };
}

const dir = mkdtempSync(join(tmpdir(), 'tc-recovery-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('recovery in pages of worker ranges holds every row once: a page ending inside a worker, a worker filling pages on its own', async () => {
  const file = join(dir, 'store.db');
  let h = await openReplicasHarness(file);
  const replicasPerWorker = [7, 2, 1, 5, 3, 3];
  const workerIds: string[] = [];
  for (const [w, count] of replicasPerWorker.entries()) {
    const workerId = await registerWorker(h);
    workerIds.push(workerId);
    for (let k = 0; k < count; k++) {
      // A second node on some workers: two locations in one worker's run of rows.
      const node = k % 3 === 2 ? { node_id: `node-b${w}` } : {};
      await h.registration.registerReplica(registration(workerId, `rec-${w}-${k}`, node));
    }
  }
  const before = [...h.store.committed.all()].map(recovered);
  await h.close();

  for (const pageRows of [1, 2, 3, 4, 7, 100]) {
    h = await openReplicasHarness(file);
    // The table, not the restart image the last close wrote: the pages are what is tested.
    h.store.restartImage = false;
    h.store.recoveryPageRows = pageRows;
    await h.workers.recover();
    const counts = await h.store.recover();
    assert.deepEqual(counts, { replicas: before.length, workers: workerIds.length }, `${pageRows}`);
    const byId = (a: unknown, b: unknown) =>
      (a as ReplicaRecord).replicaId < (b as ReplicaRecord).replicaId ? -1 : 1;
    assert.deepEqual(
      [...h.store.committed.all()].map(recovered).sort(byId),
      [...before].sort(byId),
      `page of ${pageRows}`,
    );
    for (const [w, workerId] of workerIds.entries()) {
      assert.equal(h.store.committedCountOfWorker(workerId), replicasPerWorker[w]);
    }
    assert.deepEqual(h.store.committed.countsByTier(), { GPU: before.length, RAM: 0, DISK: 0 });
    await h.close();
  }
});
