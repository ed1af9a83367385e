import fc from 'fast-check';
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ReplicaEntity } from '../../artifacts/src';
import { DomainError } from '../../common/src';
import type { wire } from '../../grpc/src';
import { ChecksumReplica, stateChecksum } from '../../workers/src';
import { ReconcileInput, ReconcileOutcome } from './reconcile.service';
import {
  ReconcileHarness,
  openReconcileHarness,
  wireItem,
  workerInput,
} from './reconcile.spec-harness';

/**
 * Model-based test: a daemon and the Global Store go through random sequences of
 * (re)registration, heartbeats, local inventory changes, snapshots, deltas, duplicated,
 * reordered, gapped and foreign requests, unregistration and server restarts. A small
 * independent model of behavior.md "Reconcile" predicts every answer and the registry after
 * it; the real services must agree at every step, requests that are not applied must leave
 * the database byte-for-byte unchanged, and a final snapshot must make the registry equal
 * to the daemon's inventory.
 */

const NODE = 'node-m';
const ADDRESS = '10.9.0.1';
const SLOTS = 6;
const ARTIFACTS = ['mi2:a', 'mi2:b', 'mi2:c'];

type Tier = 'GPU' | 'RAM';

interface Replica {
  artifactId: string;
  tier: Tier;
  port: number;
  size: number;
  available: boolean;
  /** Daemon: when it created the replica. Model registry: when the server row was created. */
  createdAt: number;
}

/** Slot i is always the same (artifact, tier): the reconcile key, so slots collide on purpose. */
function slotKey(slot: number): { artifactId: string; tier: Tier } {
  return {
    artifactId: ARTIFACTS[slot % ARTIFACTS.length],
    tier: slot < ARTIFACTS.length ? 'GPU' : 'RAM',
  };
}

const keyOf = (r: { artifactId: string; tier: Tier }) => `${r.artifactId}/${r.tier}`;

type Op =
  | { t: 'register'; dt: number }
  | { t: 'local'; action: 'add' | 'drop' | 'toggle' | 'resize' | 'move'; slot: number; dt: number }
  /** registered_ts: each replica's creation time, or "the snapshot began `stamp` ms ago". */
  | { t: 'snapshot'; stamp: 'creation' | number; dt: number }
  | { t: 'delta'; mask: number; dt: number }
  | { t: 'duplicate'; dt: number }
  | { t: 'reorder'; back: number; dt: number }
  | { t: 'gap'; dt: number }
  | { t: 'futureGeneration'; dt: number }
  | { t: 'foreignDaemon'; dt: number }
  | { t: 'heartbeat'; dt: number }
  | { t: 'unregister'; dt: number }
  | { t: 'restart'; dt: number };

// Mostly no time passes between steps: equal timestamps are where the race rule's "after" bites.
const dt = fc.oneof(
  { arbitrary: fc.constant(0), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 1 },
);
const local = (action: 'add' | 'drop' | 'toggle' | 'resize' | 'move') =>
  fc.record({
    t: fc.constant('local' as const),
    action: fc.constant(action),
    slot: fc.integer({ min: 0, max: SLOTS - 1 }),
    dt,
  });
const simple = <T extends Op['t']>(t: T) => fc.record({ t: fc.constant(t), dt });
// Weights keep the daemon mostly registered with a changing inventory that the server has
// seen, so snapshots regularly meet extras, drift and the race rule.
const opArb = fc.oneof(
  { arbitrary: local('add'), weight: 8 },
  { arbitrary: local('drop'), weight: 4 },
  { arbitrary: local('toggle'), weight: 2 },
  { arbitrary: local('resize'), weight: 2 },
  { arbitrary: local('move'), weight: 2 },
  {
    arbitrary: fc.record({
      t: fc.constant('snapshot' as const),
      stamp: fc.oneof(fc.constant('creation' as const), fc.integer({ min: 0, max: 3 })),
      dt,
    }),
    weight: 8,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('delta' as const),
      mask: fc.integer({ min: 0, max: (1 << SLOTS) - 1 }),
      dt,
    }),
    weight: 5,
  },
  { arbitrary: simple('duplicate'), weight: 3 },
  {
    arbitrary: fc.record({
      t: fc.constant('reorder' as const),
      back: fc.integer({ min: 1, max: 4 }),
      dt,
    }),
    weight: 3,
  },
  { arbitrary: simple('gap'), weight: 2 },
  { arbitrary: simple('futureGeneration'), weight: 1 },
  { arbitrary: simple('foreignDaemon'), weight: 1 },
  { arbitrary: simple('heartbeat'), weight: 3 },
  { arbitrary: simple('register'), weight: 1 },
  { arbitrary: simple('unregister'), weight: 1 },
  { arbitrary: simple('restart'), weight: 1 },
) as fc.Arbitrary<Op>;

/** What the server should hold, per behavior.md, maintained independently of the code under test. */
class Model {
  registered = false;
  active = false;
  daemonId = 'daemon-model';
  generation = 0;
  seq = 0;
  version = 1;
  rows = new Map<string, Replica>();

  checksum(): string {
    return checksumOf([...this.rows.values()]);
  }

  /** The result kind a request must get, and the registry afterwards. */
  judge(request: SentRequest, now: number): string {
    if (!this.registered || !this.active) return 'FATAL';
    if (request.daemonId !== '' && request.daemonId !== this.daemonId) return 'REBASE_REQUIRED';
    if (request.generation < this.generation) return 'IGNORED_STALE';
    if (request.generation === this.generation && request.seq === this.seq) return 'NOOP_DUPLICATE';
    if (request.generation === this.generation && request.seq < this.seq) return 'IGNORED_STALE';
    if (request.generation > this.generation) return 'REBASE_REQUIRED';
    if (request.seq > this.seq + 1) return 'RETRY_LATER';
    let changed = false;
    const reported = new Set<string>();
    for (const { registeredTs: _stamp, ...item } of request.items) {
      const key = keyOf(item);
      reported.add(key);
      const row = this.rows.get(key);
      if (!row) {
        this.rows.set(key, { ...item, createdAt: now });
        changed = true;
      } else if (
        row.available !== item.available ||
        row.port !== item.port ||
        row.size !== item.size
      ) {
        // A new port is a new row in the replica table (its identity includes the port).
        this.rows.set(key, { ...item, createdAt: row.port !== item.port ? now : row.createdAt });
        changed = true;
      }
    }
    if (request.kind === 'SNAPSHOT') {
      const stamps = request.items.map((i) => i.registeredTs);
      const threshold = stamps.length > 0 ? Math.min(...stamps) : undefined;
      for (const [key, row] of [...this.rows]) {
        if (reported.has(key)) continue;
        if (threshold !== undefined && row.createdAt > threshold) continue;
        this.rows.delete(key);
        changed = true;
      }
    }
    this.seq = request.seq;
    if (changed) this.version += 1;
    return changed ? 'APPLIED' : 'NOOP_IN_SYNC';
  }
}

interface SentRequest {
  daemonId: string;
  generation: number;
  seq: number;
  kind: 'SNAPSHOT' | 'DELTA';
  items: (Replica & { registeredTs: number })[];
}

function checksumOf(replicas: Replica[]): string {
  return stateChecksum(
    replicas.map((r): ChecksumReplica => ({
      artifactId: r.artifactId,
      viewId: '',
      nodeId: NODE,
      nodeAddress: ADDRESS,
      nodePort: r.port,
      deviceId: 0,
      memoryType: r.tier,
      available: r.available,
    })),
  );
}

function wireOf(item: Replica & { registeredTs: number }): wire.ReplicaInfo__Output {
  return wireItem({
    ref: { artifact_id: item.artifactId },
    memory_info: {
      node_id: NODE,
      node_address: ADDRESS,
      node_port: item.port,
      memory_size: String(item.size),
      memory_type: `MEMORY_TYPE_${item.tier}`,
      device_id: 0,
    },
    stats: {
      is_available: item.available,
      registered_ts: {
        seconds: String(Math.floor(item.registeredTs / 1000)),
        nanos: (item.registeredTs % 1000) * 1e6,
      },
    },
  });
}

/** Everything a request could change, for "not applied means not changed". */
async function dumpState(h: ReconcileHarness, workerId: string): Promise<string> {
  const rows = await h.dataSource.manager.find(ReplicaEntity, { order: { replicaId: 'ASC' } });
  const worker = h.workers.getWorker(workerId);
  return JSON.stringify({
    rows,
    worker: worker && [
      worker.stateVersion,
      worker.stateChecksum,
      worker.reconcileGeneration,
      worker.reconcileRequestSeq,
    ],
  });
}

async function registryOf(
  h: ReconcileHarness,
  workerId: string,
): Promise<Map<string, Omit<Replica, 'createdAt'>>> {
  const rows = await h.replicas.readStoredRowsOfWorker(h.dataSource.manager, workerId);
  return new Map(
    rows.map((r) => {
      const tier: Tier = r.memoryType === 2 ? 'GPU' : 'RAM';
      const replica = {
        artifactId: r.artifactId,
        tier,
        port: r.nodePort,
        size: r.memorySize,
        available: r.available,
      };
      return [keyOf(replica), replica];
    }),
  );
}

function withoutCreation(rows: Map<string, Replica>): Map<string, Omit<Replica, 'createdAt'>> {
  return new Map([...rows].map(([key, { createdAt: _createdAt, ...rest }]) => [key, rest]));
}

async function runScenario(ops: Op[], dbFile: string): Promise<void> {
  let h = await openReconcileHarness({ dbFile });
  const model = new Model();
  const daemon = {
    workerId: '',
    generation: 0,
    seq: 0,
    version: 1,
    checksum: '',
    inventory: new Map<string, Replica>(),
    sent: [] as SentRequest[],
  };
  // A bystander worker whose replicas no request of the other daemon may touch.
  const bystander = await h.workers.registerWorker(workerInput({ nodeId: 'node-b' }));
  await h.reconcile.reconcileWorkerState({
    workerId: bystander.workerId,
    daemonId: '',
    generation: bystander.reconcileGeneration,
    requestSeq: 1,
    requestKind: 'RECONCILE_REQUEST_KIND_SNAPSHOT',
    inventory: [wireItem({ memory_info: { node_id: 'node-b' } })],
  });
  const bystanderRows = JSON.stringify(
    await h.replicas.readStoredRowsOfWorker(h.dataSource.manager, bystander.workerId),
  );

  const register = async () => {
    const answer = await h.workers.registerWorker(
      workerInput({
        daemonId: model.daemonId,
        nodeId: NODE,
        nodeAddress: ADDRESS,
        grpcPort: 40001,
      }),
    );
    const comingBack = !model.registered || !model.active;
    model.registered = true;
    model.active = true;
    model.generation += 1;
    model.seq = 0;
    if (comingBack) model.version = 1;
    assert.equal(
      answer.reconcileGeneration,
      model.generation,
      'every registration bumps the generation',
    );
    assert.equal(answer.expectedStateVersion, model.version);
    Object.assign(daemon, {
      workerId: answer.workerId,
      generation: answer.reconcileGeneration,
      seq: 0,
      version: answer.expectedStateVersion,
    });
  };

  const send = async (request: SentRequest, step: string) => {
    daemon.sent.push(request);
    const before = await dumpState(h, daemon.workerId);
    const verdict = model.judge(request, h.clock.now());
    const expected = verdict.startsWith('NOOP') ? 'NOOP' : verdict;
    const input: ReconcileInput = {
      workerId: daemon.workerId,
      daemonId: request.daemonId,
      generation: request.generation,
      requestSeq: request.seq,
      requestKind: `RECONCILE_REQUEST_KIND_${request.kind}`,
      inventory: request.items.map(wireOf),
    };
    let outcome: ReconcileOutcome | undefined;
    try {
      outcome = await h.reconcile.reconcileWorkerState(input);
    } catch (error) {
      assert.ok(
        error instanceof DomainError && error.code === 'WORKER_NOT_FOUND',
        `${step}: ${String(error)}`,
      );
    }
    assert.equal(outcome?.resultKind ?? 'FATAL', expected, `${step}: result kind`);
    const after = await dumpState(h, daemon.workerId);
    if (verdict === 'NOOP_IN_SYNC') {
      assert.ok(onlySeqMoved(before, after), `${step}: an in-sync NOOP may only consume its seq`);
    } else if (verdict !== 'APPLIED') {
      assert.equal(after, before, `${step}: a ${verdict} request changed stored state`);
    }
    assert.deepEqual(
      await registryOf(h, daemon.workerId),
      withoutCreation(model.rows),
      `${step}: registry`,
    );
    const worker = h.workers.getWorker(daemon.workerId);
    assert.equal(worker?.stateVersion, model.version, `${step}: state_version`);
    assert.equal(worker?.stateChecksum, model.checksum(), `${step}: state checksum`);
    if (outcome?.resultKind === 'REBASE_REQUIRED') {
      assert.deepEqual(
        new Set(
          outcome.expectedReplicas.map(
            (r) => `${r.artifactId}/${r.memoryType === 2 ? 'GPU' : 'RAM'}`,
          ),
        ),
        new Set(model.rows.keys()),
        `${step}: expected_replicas`,
      );
    }
    if (outcome && (outcome.resultKind === 'APPLIED' || outcome.resultKind === 'NOOP')) {
      assert.equal(outcome.stateVersion, model.version);
      assert.equal(outcome.stateChecksum, model.checksum());
      if (request.seq === daemon.seq + 1 && request.generation === daemon.generation) {
        daemon.seq = request.seq;
        daemon.version = outcome.stateVersion;
        daemon.checksum = outcome.stateChecksum;
      }
    }
  };

  const ownRequest = (
    kind: 'SNAPSHOT' | 'DELTA',
    items: Replica[],
    stamp: (r: Replica) => number,
  ): SentRequest => ({
    daemonId: model.daemonId,
    generation: daemon.generation,
    seq: daemon.seq + 1,
    kind,
    items: items.map((r) => ({ ...r, registeredTs: stamp(r) })),
  });

  try {
    await register();
    for (const [i, op] of ops.entries()) {
      const step = `op ${i} ${JSON.stringify(op)}`;
      h.clock.advance(op.dt);
      const now = h.clock.now();
      switch (op.t) {
        case 'register':
          await register();
          break;
        case 'local': {
          if (op.action === 'add') {
            const slot = slotKey(op.slot);
            if (!daemon.inventory.has(keyOf(slot))) {
              daemon.inventory.set(keyOf(slot), {
                ...slot,
                port: 7000,
                size: 1024,
                available: true,
                createdAt: now,
              });
            }
            break;
          }
          // Changes pick among the replicas held, so every one of them does something.
          const keys = [...daemon.inventory.keys()];
          if (keys.length === 0) break;
          const key = keys[op.slot % keys.length];
          const held = daemon.inventory.get(key) as Replica;
          if (op.action === 'drop') daemon.inventory.delete(key);
          else if (op.action === 'toggle') held.available = !held.available;
          else if (op.action === 'resize') held.size += 1024;
          else held.port = held.port === 7000 ? 7001 : 7000;
          break;
        }
        case 'snapshot':
          await send(
            ownRequest('SNAPSHOT', [...daemon.inventory.values()], (r) =>
              op.stamp === 'creation' ? r.createdAt : now - op.stamp,
            ),
            step,
          );
          // A daemon told FATAL registers again, as TensorCast daemons do.
          if (!model.active) await register();
          break;
        case 'delta': {
          const subset: Replica[] = [];
          for (let slot = 0; slot < SLOTS; slot++) {
            const held = daemon.inventory.get(keyOf(slotKey(slot)));
            if (held && op.mask & (1 << slot)) subset.push(held);
          }
          await send(
            ownRequest('DELTA', subset, (r) => r.createdAt),
            step,
          );
          if (!model.active) await register();
          break;
        }
        case 'duplicate': {
          const last = daemon.sent.at(-1);
          if (last) await send(structuredClone(last), step);
          break;
        }
        case 'reorder': {
          const old = daemon.sent.at(-1 - op.back);
          if (old) await send(structuredClone(old), step);
          break;
        }
        case 'gap':
          await send({ ...ownRequest('DELTA', [], () => now), seq: daemon.seq + 2 }, step);
          break;
        case 'futureGeneration':
          await send(
            { ...ownRequest('SNAPSHOT', [], () => now), generation: daemon.generation + 1, seq: 1 },
            step,
          );
          break;
        case 'foreignDaemon':
          await send(
            { ...ownRequest('SNAPSHOT', [], () => now), daemonId: 'daemon-intruder' },
            step,
          );
          break;
        case 'heartbeat': {
          const beat = h.workers.heartbeat({
            workerId: daemon.workerId,
            memPoolAvailableSize: 0,
            acceptingNewRequests: true,
            stateVersion: daemon.version,
            stateChecksum: daemon.checksum,
            registeredArtifactIds: [...daemon.inventory.values()].map((r) => r.artifactId),
            capabilityFlags: undefined,
          });
          assert.equal(beat.found, model.active, `${step}: heartbeat found`);
          if (beat.found) {
            const held = new Set([...model.rows.values()].map((r) => r.artifactId));
            const obsolete = [...daemon.inventory.values()].some((r) => !held.has(r.artifactId));
            const required =
              daemon.version < model.version ||
              (daemon.checksum !== '' && daemon.checksum !== model.checksum()) ||
              obsolete;
            assert.equal(beat.stateSyncRequired, required, `${step}: state_sync_required`);
            assert.equal(
              beat.expectedStateVersion,
              model.version,
              `${step}: expected_state_version`,
            );
          }
          break;
        }
        case 'unregister':
          await h.workers.unregisterWorker(daemon.workerId);
          if (model.active) {
            model.active = false;
            for (const row of model.rows.values()) row.available = false;
          }
          break;
        case 'restart':
          h = await h.restart();
          for (const row of model.rows.values()) row.available = false;
          break;
      }
    }

    // Convergence: a daemon that is registered and sends one fresh snapshot (stamped when it
    // was taken) leaves the registry equal to its inventory, and its heartbeat is in sync.
    if (!model.active) await register();
    h.clock.advance(1000);
    const now = h.clock.now();
    await send(
      ownRequest('SNAPSHOT', [...daemon.inventory.values()], () => now),
      'final snapshot',
    );
    assert.deepEqual(
      await registryOf(h, daemon.workerId),
      withoutCreation(daemon.inventory),
      'converged',
    );
    assert.equal(
      daemon.checksum,
      checksumOf([...daemon.inventory.values()]),
      'the daemon computes the same checksum',
    );
    const beat = h.workers.heartbeat({
      workerId: daemon.workerId,
      memPoolAvailableSize: 0,
      acceptingNewRequests: true,
      stateVersion: daemon.version,
      stateChecksum: daemon.checksum,
      registeredArtifactIds: [...daemon.inventory.values()].map((r) => r.artifactId),
      capabilityFlags: undefined,
    });
    assert.ok(beat.found && !beat.stateSyncRequired, 'in sync after convergence');
    const bystanderNow = await h.replicas.readStoredRowsOfWorker(
      h.dataSource.manager,
      bystander.workerId,
    );
    assert.deepEqual(
      bystanderNow.map((r) => r.replicaId),
      (JSON.parse(bystanderRows) as ReplicaEntity[]).map((r) => r.replicaId),
      'the other worker kept its replicas',
    );
  } finally {
    await h.close();
  }
}

/** A NOOP of rule 8 consumes the seq (the cursor moves) but must change nothing else. */
function onlySeqMoved(before: string, after: string): boolean {
  const a = JSON.parse(before) as { rows: unknown; worker: number[] };
  const b = JSON.parse(after) as { rows: unknown; worker: number[] };
  return (
    JSON.stringify(a.rows) === JSON.stringify(b.rows) &&
    a.worker[0] === b.worker[0] &&
    a.worker[1] === b.worker[1] &&
    a.worker[2] === b.worker[2] &&
    b.worker[3] === a.worker[3] + 1
  );
}

test('model-based: random sequences converge and stale/duplicate requests never change state', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-reconcile-model-'));
  let run = 0;
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 4, maxLength: 40, size: 'max' }),
        async (ops) => {
          run += 1;
          await runScenario(ops, join(dir, `run-${run}.db`));
        },
      ),
      { numRuns: Number(process.env.RECONCILE_PROPERTY_RUNS ?? 60) },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
