import { strict as assert } from 'node:assert';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { StoredServerMeta } from '../../persistence/src';
import {
  isReplicaImageOrAbsent,
  readReplicaImage,
  replicaImagePath,
  writeReplicaImage,
} from './replica-image';
import { ReplicaIndex, ReplicaRecord, StoredReplica } from './replica-index';
import { openReplicasHarness, registerWorker, registration } from './replicas.harness';

const dir = mkdtempSync(join(tmpdir(), 'tc-replica-image-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let ids = 0;
function replica(
  workerId: string,
  artifactId: string,
  overrides: Partial<ReplicaRecord> = {},
  extra = '',
): StoredReplica {
  ids += 1;
  return new StoredReplica(
    {
      replicaId: `00000000-0000-4000-8000-${String(ids).padStart(12, '0')}`,
      artifactId,
      workerId,
      viewId: 'view',
      nodeId: `node-${workerId}`,
      nodeAddress: '10.0.0.1',
      nodePort: 7000,
      memoryType: 1,
      deviceId: 0,
      memorySize: 1 << 20,
      maxConcurrency: 4,
      currentRequests: 0,
      available: true,
      registeredAt: 1_700_000_000_000 + ids,
      updatedAt: 1_700_000_000_500 + ids,
      ...overrides,
    },
    extra,
  );
}

/** Everything a reader can see of an index, as a restart leaves it (nothing available). */
function view(index: ReplicaIndex, workers: string[], artifacts: string[]): unknown {
  const plain = (r: ReplicaRecord) => ({ ...r, memoryInfo: r.memoryInfo, available: false });
  const byId = (a: { replicaId: string }, b: { replicaId: string }) =>
    a.replicaId < b.replicaId ? -1 : 1;
  return {
    size: index.size,
    all: [...index.all()].map(plain).sort(byId),
    byTier: index.countsByTier(),
    ofWorker: workers.map((w) => index.ofWorker(w).map(plain)),
    ofArtifact: artifacts.map((a) => index.ofArtifact(a).map(plain).sort(byId)),
    holds: workers.flatMap((w) => artifacts.map((a) => index.holds(w, a))),
  };
}

test('an index written as an image loads back the same: ids of both kinds, shared locations and artifacts, extras, exact big numbers, deleted slots', () => {
  const index = new ReplicaIndex();
  const workers = ['w-1', 'w-2', 'w\x1fodd'];
  const artifacts = ['art-a', 'art-b', 'art-ü'];
  const deleted: string[] = [];
  for (const [w, workerId] of workers.entries()) {
    for (let k = 0; k < 6; k++) {
      const r = replica(
        workerId,
        artifacts[(w + k) % 3],
        {
          memoryType: 1 + (k % 3),
          deviceId: k,
          nodePort: 7000 + (k % 2),
          ...(k === 4 ? { memorySize: 2 ** 52 + 1, maxConcurrency: 2 ** 40 } : {}),
        },
        k === 2 ? '{"tensor_index_key":"ix-ü"}' : '',
      );
      index.put(r.replicaId, r);
      if (k === 1) deleted.push(r.replicaId);
    }
  }
  const other = replica('w-2', 'art-a', { replicaId: 'legacy-id-1' });
  index.put(other.replicaId, other);
  for (const id of deleted) index.put(id, null);

  const path = join(dir, 'index.replica-image');
  writeReplicaImage(path, 'image-1', 'schema-1', index.columns());
  const loaded = readReplicaImage(path);
  assert.ok(typeof loaded !== 'string', typeof loaded === 'string' ? loaded : '');
  assert.equal(loaded.imageId, 'image-1');
  assert.equal(loaded.schema, 'schema-1');
  const again = new ReplicaIndex();
  again.loadColumns(loaded.columns);
  assert.deepEqual(view(again, workers, artifacts), view(index, workers, artifacts));
  assert.equal(again.get('legacy-id-1')?.workerId, 'w-2');
  assert.equal(again.get(deleted[0]), undefined);
  assert.deepEqual(again.availableCountsByTier(), { GPU: 0, RAM: 0, DISK: 0 });
  // The loaded index goes on like any other: a new replica, a removal.
  const fresh = replica('w-1', 'art-b');
  again.put(fresh.replicaId, fresh);
  again.put('legacy-id-1', null);
  assert.equal(again.size, index.size);
  assert.equal(again.ofArtifact('art-b').length, index.ofArtifact('art-b').length + 1);
});

test('an image that is missing, foreign, truncated or altered is refused with the reason, never loaded', () => {
  const index = new ReplicaIndex();
  for (let k = 0; k < 50; k++) {
    const r = replica(`w-${k % 5}`, `art-${k}`);
    index.put(r.replicaId, r);
  }
  const path = join(dir, 'checked.replica-image');
  assert.equal(readReplicaImage(path), 'there is none');
  writeReplicaImage(path, 'image-2', 'schema', index.columns());
  const whole = readFileSync(path);

  writeFileSync(path, whole.subarray(0, whole.length - 100));
  const truncated = readReplicaImage(path);
  assert.ok(typeof truncated === 'string' && /truncated|length does not match/.test(truncated));
  const flipped = Buffer.from(whole);
  flipped[flipped.length - 200] ^= 1;
  writeFileSync(path, flipped);
  assert.equal(readReplicaImage(path), 'its checksum does not match');
  writeFileSync(path, 'SQLite format 3\0 and more');
  assert.equal(readReplicaImage(path), 'it is not a replica image');
  assert.equal(isReplicaImageOrAbsent(path), false);
  writeFileSync(path, whole);
  assert.equal(isReplicaImageOrAbsent(path), true);
  assert.equal(isReplicaImageOrAbsent(join(dir, 'absent')), true);

  // Columns that contradict themselves leave the index empty.
  const loaded = readReplicaImage(path);
  assert.ok(typeof loaded !== 'string');
  const broken = { ...loaded.columns, locationOf: loaded.columns.locationOf.map(() => 99) };
  const target = new ReplicaIndex();
  assert.throws(() => target.loadColumns(broken), /locationOf: 99/);
  assert.equal(target.size, 0);
  const twice = new Int32Array(loaded.columns.uuidWords);
  twice.copyWithin(4, 0, 4);
  assert.throws(() => target.loadColumns({ ...loaded.columns, uuidWords: twice }), /twice/);
  assert.equal(target.size, 0);
});

test('a clean close writes the image and names it; the next start loads it and sees what reading the table sees; any change to the rows removes the name', async () => {
  const file = join(dir, 'store.db');
  const image = replicaImagePath(file);
  let h = await openReplicasHarness(file);
  await h.workers.recover();
  await h.store.recover();
  assert.equal(h.store.recoveredFrom, 'table');
  const workers: string[] = [];
  for (let w = 0; w < 3; w++) {
    const workerId = await registerWorker(h);
    workers.push(workerId);
    for (let k = 0; k < 4; k++) {
      await h.registration.registerReplica(
        registration(workerId, `img-${w}-${k % 3}`, {
          memory_type: k % 2 === 0 ? 'MEMORY_TYPE_GPU' : 'MEMORY_TYPE_RAM',
          device_id: k,
          tensor_index_key: k === 3 ? `ix-${w}` : '',
        }),
      );
    }
  }
  const artifacts = ['img-0-0', 'img-1-1', 'img-2-2'];
  const before = view(h.store.committed, workers, artifacts);
  await h.close();
  const imageAfterFirstClose = readFileSync(image);

  const reopen = async (useImage: boolean) => {
    h = await openReplicasHarness(file);
    h.store.restartImage = useImage;
    await h.workers.recover();
    await h.store.recover();
    return h;
  };
  await reopen(true);
  assert.equal(h.store.recoveredFrom, 'image');
  assert.deepEqual(view(h.store.committed, workers, artifacts), before);
  const named = () =>
    h.dataSource.manager.transaction((m) => new StoredServerMeta(m).replicaImageId());
  assert.notEqual(await named(), '', 'no replica changed yet: the image still matches');
  await h.close();

  await reopen(false);
  assert.equal(h.store.recoveredFrom, 'table');
  assert.deepEqual(view(h.store.committed, workers, artifacts), before);
  await h.close();

  // A replica changes: the trigger removes the name in that transaction.
  await reopen(true);
  assert.equal(h.store.recoveredFrom, 'image');
  await h.registration.registerReplica(registration(workers[0], 'img-new'));
  assert.equal(await named(), '');
  const changed = view(h.store.committed, workers, [...artifacts, 'img-new']);
  await h.close();

  // An older image put back next to the file is not the one the file names.
  copyFileSync(image, `${image}.newest`);
  writeFileSync(image, imageAfterFirstClose);
  await reopen(true);
  assert.equal(h.store.recoveredFrom, 'table');
  assert.deepEqual(view(h.store.committed, workers, [...artifacts, 'img-new']), changed);
  await h.close();

  // A truncated one is read around.
  truncateSync(image, 64);
  await reopen(true);
  assert.equal(h.store.recoveredFrom, 'table');
  assert.deepEqual(view(h.store.committed, workers, [...artifacts, 'img-new']), changed);
  await h.close();

  // A file of someone else's where the image would go is never replaced.
  writeFileSync(image, 'not ours');
  await reopen(true);
  assert.equal(h.store.recoveredFrom, 'table');
  await h.close();
  assert.equal(readFileSync(image, 'utf8'), 'not ours');
});
