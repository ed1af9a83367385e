import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { EMPTY_STATE_CHECKSUM, stateChecksum } from '../../workers/src';
import { MEMORY_TYPE_NUMBER } from './replica.entity';
import {
  ReplicaChanges,
  ReplicaFields,
  ReplicaIndex,
  ReplicaRecord,
  StoredReplica,
  toChecksumReplica,
  withChanges,
} from './replica-index';
import { seededRandom as random } from '../../testing/src';
import { WorkerChecksumRecords, WorkerChecksums } from './worker-checksums';

function replica(replicaId: string, workerId: string, patch: Partial<ReplicaFields>) {
  return new StoredReplica(
    {
      replicaId,
      artifactId: 'mi2:a',
      workerId,
      viewId: '',
      nodeId: `node-${workerId}`,
      nodeAddress: '10.0.0.1',
      nodePort: 7001,
      memoryType: MEMORY_TYPE_NUMBER.GPU,
      deviceId: 0,
      memorySize: 1 << 30,
      maxConcurrency: 4,
      currentRequests: 0,
      available: true,
      registeredAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
      ...patch,
    },
    '',
  );
}

/** The plain definition: every record built, sorted and hashed (behavior.md). */
function plainChecksum(replicas: readonly ReplicaRecord[]): string {
  const records = replicas.map(toChecksumReplica);
  // Replicas that differ only in their node: in node order, as the stored rows list them.
  records.sort(
    (a, b) =>
      (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0) ||
      (a.nodeAddress < b.nodeAddress ? -1 : a.nodeAddress > b.nodeAddress ? 1 : 0) ||
      a.nodePort - b.nodePort,
  );
  return stateChecksum(records);
}

const WORKERS = ['w-1', 'w-2', 'w-3'];
const ARTIFACTS = [
  'mi2:a',
  'mi2:b',
  'mi2:ab',
  'mi2:ärtifact',
  'mi2:😀',
  ...Array.from({ length: 40 }, (_, i) => `mi2:${(i * 7919).toString(36)}`),
];

/** One worker's replica identity apart from its raw device id (non-GPU ones hash device 0). */
function hashedIdentity(r: ReplicaRecord): string {
  const device = r.memoryType === MEMORY_TYPE_NUMBER.GPU ? r.deviceId : 0;
  return [r.workerId, r.artifactId, r.viewId, r.nodeId, r.nodePort, r.memoryType, device].join('|');
}

test('incremental checksums equal the plain stateChecksum through random inserts, deletes, availability flips, moves and rollbacks', () => {
  // A budget of 25 replicas keeps the records of one or two workers: the others are built
  // again from scratch at their next change.
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    const budget = seed % 2 === 1 ? 25 : undefined;
    const next = random(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
    const index = new ReplicaIndex();
    const checksums = new WorkerChecksums(index, budget);
    const model = new Map<string, ReplicaRecord>();
    let ids = 0;
    for (let group = 0; group < 300; group++) {
      const changes = new ReplicaChanges(index);
      const staged = new Map<string, ReplicaRecord | null>();
      const current = (id: string) => (staged.has(id) ? staged.get(id) : model.get(id));
      const live = () => [...new Set([...model.keys(), ...staged.keys()])].filter(current);
      const stage = (id: string, r: ReplicaRecord | null) => {
        const undo = changes.stage(id, r);
        if (next() < 0.05) undo();
        else staged.set(id, r);
      };
      const taken = () => new Set(live().map((id) => hashedIdentity(current(id) as ReplicaRecord)));
      const ops = 1 + Math.floor(next() * (next() < 0.1 ? 60 : 4));
      for (let op = 0; op < ops; op++) {
        const roll = next();
        const existing = live();
        if (roll < 0.45 || existing.length === 0) {
          const memoryType = pick([1, 2, 2, 2, 3]);
          const r = replica(`r-${ids++}`, pick(WORKERS), {
            artifactId: pick(ARTIFACTS),
            memoryType,
            deviceId: Math.floor(next() * 4),
            viewId: next() < 0.2 ? 'v1' : '',
            nodePort: next() < 0.2 ? 7002 : 7001,
            available: next() < 0.7,
          });
          if (!taken().has(hashedIdentity(r))) stage(r.replicaId, r);
        } else {
          const id = pick(existing);
          const r = current(id) as ReplicaRecord;
          if (roll < 0.65) stage(id, null);
          else if (roll < 0.85) stage(id, withChanges(r, { available: !r.available }));
          else if (roll < 0.93) stage(id, withChanges(r, { updatedAt: r.updatedAt + 1 }));
          else {
            const moved = withChanges(r, { workerId: pick(WORKERS) });
            if (!taken().has(hashedIdentity(moved))) stage(id, moved);
          }
        }
      }
      const computed = new Map<string, WorkerChecksumRecords>();
      for (const workerId of changes.dirtyWorkers) {
        const { removed, added } = changes.changesOfWorker(workerId);
        computed.set(
          workerId,
          checksums.next(workerId, removed, added, () => changes.ofWorker(workerId)),
        );
      }
      const after = new Map(model);
      for (const [id, r] of staged) {
        if (r) after.set(id, r);
        else after.delete(id);
      }
      for (const [workerId, records] of computed) {
        const expected = plainChecksum([...after.values()].filter((r) => r.workerId === workerId));
        assert.equal(records.checksum, expected, `seed ${seed}, group ${group}, ${workerId}`);
      }
      // Some groups roll back: nothing published, the committed checksums stand.
      if (next() < 0.1) continue;
      for (const [id, r] of changes.staged) index.put(id, r);
      for (const [workerId, records] of computed) checksums.publish(workerId, records);
      model.clear();
      for (const [id, r] of after) model.set(id, r);
      // Now and then a restart: recovered workers are computed when first asked for.
      if (next() < 0.03) {
        checksums.clear();
        checksums.computeLater(index.workerIds());
      }
      for (const workerId of WORKERS) {
        const expected = plainChecksum([...model.values()].filter((r) => r.workerId === workerId));
        assert.equal(checksums.of(workerId), expected, `seed ${seed}, group ${group}, ${workerId}`);
      }
    }
  }
});

test('a worker without replicas has the empty checksum, and one whose replicas are all deleted again', () => {
  const index = new ReplicaIndex();
  const checksums = new WorkerChecksums(index);
  assert.equal(checksums.of('w-1'), EMPTY_STATE_CHECKSUM);
  const changes = new ReplicaChanges(index);
  const r = replica('r-1', 'w-1', {});
  changes.stage(r.replicaId, r);
  const added = changes.changesOfWorker('w-1');
  const one = checksums.next('w-1', added.removed, added.added, () => [r]);
  assert.equal(one.checksum, plainChecksum([r]));
  index.put(r.replicaId, r);
  checksums.publish('w-1', one);
  const deleting = new ReplicaChanges(index);
  deleting.stage(r.replicaId, null);
  const gone = deleting.changesOfWorker('w-1');
  const none = checksums.next('w-1', gone.removed, gone.added, () => []);
  assert.equal(none.checksum, EMPTY_STATE_CHECKSUM);
});

test('a change hashes again from the checkpoint before it, and records that did not change hash nothing', () => {
  const replicas = Array.from({ length: 1000 }, (_, i) =>
    replica(`r-${i}`, 'w-1', { artifactId: `mi2:${String(i).padStart(5, '0')}`, deviceId: i % 8 }),
  );
  const base = WorkerChecksumRecords.build(replicas);
  assert.equal(base.checksum, plainChecksum(replicas));
  // A touch (same record bytes) is no change at all: the very same records.
  assert.equal(base.apply([replicas[10]], [withChanges(replicas[10], { updatedAt: 1 })]), base);
  for (const at of [0, 15, 16, 17, 500, 998, 999]) {
    const flipped = withChanges(replicas[at], { available: false });
    const next = base.apply([replicas[at]], [flipped]);
    const expected = plainChecksum(replicas.map((r, i) => (i === at ? flipped : r)));
    assert.equal(next?.checksum, expected, `flip at ${at}`);
    // And back: the checkpoints written by the first change serve the second.
    assert.equal(next?.apply([flipped], [replicas[at]])?.checksum, base.checksum);
  }
  const first = replica('r-new', 'w-1', { artifactId: 'mi2:' });
  assert.equal(base.apply([], [first])?.checksum, plainChecksum([...replicas, first]));
  // A removed record that is not there: the caller builds from scratch.
  assert.equal(base.apply([replica('r-x', 'w-1', { artifactId: 'mi2:zz' })], []), undefined);
});
