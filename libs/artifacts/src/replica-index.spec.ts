import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { MEMORY_TYPE_NUMBER, MemoryTier } from './replica.entity';
import {
  LOCATION_SEPARATOR,
  ReplicaFields,
  ReplicaIndex,
  ReplicaRecord,
  StoredReplica,
  fieldsOf,
  withChanges,
} from './replica-index';

function replica(
  replicaId: string,
  workerId: string,
  artifactId: string,
  patch: Partial<ReplicaFields> = {},
  extra = '',
): StoredReplica {
  return new StoredReplica(
    {
      replicaId,
      artifactId,
      workerId,
      viewId: '',
      nodeId: `node-of-${workerId}`,
      nodeAddress: `addr-of-${workerId}`,
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
    extra,
  );
}

/** Every field, extras included, as plain data (records compare by value). */
function plain(r: ReplicaRecord | undefined): unknown {
  if (!r) return r;
  return { ...fieldsOf(r), memoryInfo: r.memoryInfo };
}

const TIERS: MemoryTier[] = ['GPU', 'RAM', 'DISK'];

/**
 * The index against a plain model (a Map whose order is that of the last put, which is the
 * order the object index's Sets and arrays gave): every read agrees, order included.
 */
function assertMatches(index: ReplicaIndex, model: Map<string, StoredReplica>): void {
  const records = [...model.values()];
  assert.equal(index.size, model.size);
  for (const [id, r] of model) assert.deepEqual(plain(index.get(id)), plain(r), id);
  const byId = (a: ReplicaRecord, b: ReplicaRecord) => (a.replicaId < b.replicaId ? -1 : 1);
  assert.deepEqual([...index.all()].sort(byId).map(plain), records.sort(byId).map(plain));
  const workers = new Set(records.map((r) => r.workerId));
  assert.deepEqual(new Set(index.workerIds()), workers);
  for (const workerId of [...workers, 'no-such-worker']) {
    const ofWorker = [...model.values()].filter((r) => r.workerId === workerId);
    assert.deepEqual(index.ofWorker(workerId).map(plain), ofWorker.map(plain), workerId);
    assert.equal(index.countOfWorker(workerId), ofWorker.length);
  }
  const artifacts = new Set(records.map((r) => r.artifactId));
  for (const artifactId of [...artifacts, 'no-such-artifact']) {
    const ofArtifact = [...model.values()].filter((r) => r.artifactId === artifactId);
    assert.deepEqual(index.ofArtifact(artifactId).map(plain), ofArtifact.map(plain), artifactId);
    for (const workerId of [...workers, 'no-such-worker']) {
      assert.equal(
        index.holds(workerId, artifactId),
        ofArtifact.some((r) => r.workerId === workerId),
        `${workerId} holds ${artifactId}`,
      );
    }
  }
  for (const tier of TIERS) {
    const ofTier = records.filter((r) => r.memoryType === MEMORY_TYPE_NUMBER[tier]);
    assert.equal(index.countsByTier()[tier], ofTier.length, tier);
    assert.equal(index.availableCountsByTier()[tier], ofTier.filter((r) => r.available).length);
    const visited: string[] = [];
    index.forEachAvailable(MEMORY_TYPE_NUMBER[tier], (w, a) => visited.push(`${w}/${a}`));
    assert.deepEqual(
      visited.sort(),
      ofTier
        .filter((r) => r.available)
        .map((r) => `${r.workerId}/${r.artifactId}`)
        .sort(),
    );
  }
  assert.deepEqual(
    index.idsWithRequests().sort(),
    records
      .filter((r) => r.currentRequests !== 0)
      .map((r) => r.replicaId)
      .sort(),
  );
}

function put(index: ReplicaIndex, model: Map<string, StoredReplica>, r: StoredReplica): void {
  index.put(r.replicaId, r);
  model.delete(r.replicaId);
  model.set(r.replicaId, r);
}

function remove(index: ReplicaIndex, model: Map<string, StoredReplica>, replicaId: string): void {
  index.put(replicaId, null);
  model.delete(replicaId);
}

test('a deleted replica frees its slot: the next new replica takes it', () => {
  const index = new ReplicaIndex();
  const model = new Map<string, StoredReplica>();
  const ids = Array.from({ length: 100 }, (_, i) => (i === 7 ? 'not-a-uuid' : randomUUID()));
  for (let i = 0; i < 100; i++) put(index, model, replica(ids[i], `w${i % 4}`, `a${i}`));
  assert.equal(index.slotCount, 100);
  for (let i = 0; i < 100; i += 2) remove(index, model, ids[i]);
  remove(index, model, ids[7]);
  assertMatches(index, model);
  assert.equal(index.get(ids[0]), undefined);
  assert.equal(index.has(ids[7]), false);
  put(index, model, replica('not-a-uuid-either', 'w0', 'a-text'));
  for (let i = 0; i < 50; i++) put(index, model, replica(randomUUID(), `w${i % 3}`, `a${i}`));
  assert.equal(index.slotCount, 100, 'no slot added while freed ones were left');
  assertMatches(index, model);
  put(index, model, replica('one-more', 'w9', 'a-more'));
  put(index, model, replica(randomUUID(), 'w9', 'a-more'));
  assert.equal(index.slotCount, 102);
  assertMatches(index, model);
});

test('a record read before a change keeps its old values', () => {
  const index = new ReplicaIndex();
  const first = replica('r1', 'w1', 'a1', { currentRequests: 1 }, '{"remote_memory_keys":["k"]}');
  index.put('r1', first);
  const before = index.get('r1');
  const listed = index.ofWorker('w1')[0];
  const ofArtifact = index.ofArtifact('a1')[0];
  assert.ok(before);
  index.put(
    'r1',
    withChanges(first, { workerId: 'w2', available: false, currentRequests: 0, updatedAt: 5 }),
  );
  for (const old of [before, listed, ofArtifact]) assert.deepEqual(plain(old), plain(first));
  index.put('r1', null);
  assert.deepEqual(plain(before), plain(first));
  assert.equal(before.memoryInfo.remote_memory_keys?.toString(), 'k');
  assert.equal(index.get('r1'), undefined);
});

test('ofWorker and ofArtifact follow replicas that move between workers and artifacts', () => {
  const index = new ReplicaIndex();
  const model = new Map<string, StoredReplica>();
  for (let i = 0; i < 12; i++) put(index, model, replica(`r${i}`, `w${i % 3}`, `a${i % 4}`));
  // Every replica of w0 moves to w1 (a worker re-registered under a new id), then back half.
  for (const r of index.ofWorker('w0')) put(index, model, withChanges(r, { workerId: 'w1' }));
  assert.deepEqual(index.ofWorker('w0'), []);
  assert.equal(index.holds('w0', 'a0'), false);
  assertMatches(index, model);
  for (const r of index.ofWorker('w1').slice(0, 3)) {
    put(index, model, withChanges(r, { workerId: 'w0', artifactId: 'moved' }));
  }
  assertMatches(index, model);
  assert.equal(index.ofArtifact('moved').length, 3);
  assert.equal(index.holds('w0', 'moved'), true);
  // A view and a node of its own are a location of their own; deleting frees it again.
  const locations = index.locationCount;
  put(index, model, replica('v', 'w2', 'a0', { viewId: 'view-1', nodePort: 9 }));
  assert.equal(index.locationCount, locations + 1);
  remove(index, model, 'v');
  assert.equal(index.locationCount, locations);
  for (const r of [...index.all()]) remove(index, model, r.replicaId);
  assert.equal(index.locationCount, 0);
  assertMatches(index, model);
});

test('counts per tier and per tier available follow every change', () => {
  const index = new ReplicaIndex();
  const model = new Map<string, StoredReplica>();
  for (let i = 0; i < 30; i++) {
    const tier = TIERS[i % 3];
    put(
      index,
      model,
      replica(`r${i}`, `w${i % 5}`, `a${i % 7}`, {
        memoryType: MEMORY_TYPE_NUMBER[tier],
        available: i % 2 === 0,
      }),
    );
  }
  assertMatches(index, model);
  for (let i = 0; i < 30; i += 3) {
    const r = model.get(`r${i}`);
    assert.ok(r);
    put(
      index,
      model,
      withChanges(r, { available: !r.available, memoryType: MEMORY_TYPE_NUMBER.DISK }),
    );
  }
  assertMatches(index, model);
  for (let i = 1; i < 30; i += 4) remove(index, model, `r${i}`);
  assertMatches(index, model);
  index.clear();
  assert.deepEqual({ ...index.countsByTier() }, { GPU: 0, RAM: 0, DISK: 0 });
  assert.deepEqual({ ...index.availableCountsByTier() }, { GPU: 0, RAM: 0, DISK: 0 });
  assert.equal(index.size, 0);
});

test('numbers come back exactly, beyond int32 too', () => {
  const index = new ReplicaIndex();
  const model = new Map<string, StoredReplica>();
  put(index, model, replica('small', 'w', 'a'));
  put(
    index,
    model,
    replica('big', 'w', 'b', {
      deviceId: 4_294_967_295,
      maxConcurrency: 3_000_000_000,
      memorySize: 2 ** 52 + 1,
      registeredAt: 1_764_500_000_123,
      nodePort: 65_535,
    }),
  );
  put(index, model, replica('after', 'w', 'c', { deviceId: 7, currentRequests: 2 }));
  assertMatches(index, model);
});

test('a random sequence of puts, moves and deletes reads like the plain model', () => {
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  // Server-made ids (held as bits) and a few others (held as text), churned many times over.
  const ids = Array.from({ length: 200 }, (_, i) =>
    i % 20 === 0 ? `R-${i}` : i % 20 === 1 ? randomUUID().toUpperCase() : randomUUID(),
  );
  const index = new ReplicaIndex();
  const model = new Map<string, StoredReplica>();
  for (let step = 0; step < 6000; step++) {
    const id = ids[random(ids.length)];
    const current = model.get(id);
    const op = random(10);
    if (op < 3 && current) {
      remove(index, model, id);
    } else if (op < 6 && current) {
      put(
        index,
        model,
        withChanges(current, {
          workerId: `w${random(6)}`,
          available: random(2) === 0,
          currentRequests: random(3),
          updatedAt: step,
        }),
      );
    } else {
      put(
        index,
        model,
        replica(id, `w${random(6)}`, `a${random(30)}`, {
          memoryType: 1 + random(3),
          deviceId: random(8),
          viewId: random(4) === 0 ? 'v' : '',
        }),
      );
    }
    if (step % 250 === 0) assertMatches(index, model);
  }
  assertMatches(index, model);
});

test('load() holds a recovered row as put() would; a key that does not split in five is refused', () => {
  const index = new ReplicaIndex();
  const s = LOCATION_SEPARATOR;
  const numbers = {
    memoryType: MEMORY_TYPE_NUMBER.RAM,
    deviceId: 0,
    memorySize: 42,
    maxConcurrency: 2,
    currentRequests: 1,
    available: false,
    registeredAt: 10,
    updatedAt: 11,
  };
  assert.equal(
    index.load('r1', 'a1', `w1${s}view${s}n1${s}10.0.0.1${s}7001`, numbers, '{"x":1}'),
    true,
  );
  assert.equal(
    index.load('r2', 'a2', `w1${s}x${s}view${s}n1${s}10.0.0.1${s}7001`, numbers, ''),
    false,
  );
  assert.equal(index.size, 1);
  const expected = replica(
    'r1',
    'w1',
    'a1',
    { ...numbers, viewId: 'view', nodeId: 'n1', nodeAddress: '10.0.0.1' },
    '{"x":1}',
  );
  assert.deepEqual(plain(index.get('r1')), plain(expected));
  // The same location from put() (a separator in an id takes another key, never a wrong one).
  index.put('r3', replica('r3', `w${s}1`, 'a3'));
  index.put('r4', withChanges(expected, { replicaId: 'r4' }));
  assert.equal(index.locationCount, 2);
  assert.equal(index.get('r3')?.workerId, `w${s}1`);
  assert.deepEqual(
    index.ofWorker('w1').map((r) => r.replicaId),
    ['r1', 'r4'],
  );
});

test('a bulk load in worker order (the next row text past the location key) reads like the model, through churn and trims', () => {
  const index = new ReplicaIndex();
  const model = new Map<string, StoredReplica>();
  const s = LOCATION_SEPARATOR;
  // Reserved for far more than arrive: the trim shrinks the columns and the artifact table.
  index.reserve(20_000);
  for (let w = 0; w < 30; w++) {
    for (let k = 0; k < 100; k++) {
      // Mostly one artifact per replica, every tenth shared by all workers; two nodes a worker.
      const artifactId = k % 10 === 0 ? `shared-${k}` : `a-${w}-${k}`;
      const node = k % 50 < 40 ? 'n' : 'm';
      const r = replica(randomUUID(), `w${w}`, artifactId, {
        nodeId: `${node}${w}`,
        available: false,
        currentRequests: k % 7 === 0 ? 1 : 0,
      });
      const key = [r.workerId, r.viewId, r.nodeId, r.nodeAddress, r.nodePort].join(s);
      const text = `${key}${s}1${s}2${s}3`;
      assert.equal(index.load(r.replicaId, artifactId, text, r, '', key.length), true);
      model.set(r.replicaId, r);
    }
  }
  index.trimToSize();
  assert.equal(index.locationCount, 60);
  assertMatches(index, model);
  // Most replicas go: the artifact table's deletions shift entries back.
  let n = 0;
  for (const id of [...model.keys()]) if (n++ % 4 !== 0) remove(index, model, id);
  assertMatches(index, model);
  for (const r of [...model.values()].slice(0, 200)) {
    put(index, model, withChanges(r, { artifactId: `moved-${r.artifactId}`, available: true }));
  }
  assertMatches(index, model);
});
