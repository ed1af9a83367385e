import { createHash } from 'node:crypto';
import { Message, ServiceClient, unary } from './clients';
import { runCount } from './load';
import { LatencyRecorder, LatencySummary, summarize } from './stats';

/**
 * The scale fixture: W workers with R replicas each, built the way a fleet of daemons builds
 * it after a restart (RegisterWorker, then one ReconcileWorkerState SNAPSHOT of its whole
 * inventory), through the public gRPC API only, never by writing SQL. Built in slices so a
 * benchmark can measure at 1k workers and then grow the same database to 10k.
 */

export const EMPTY_STATE_CHECKSUM = 'cbf29ce484222325';
const REPLICA_BYTES = 1 << 30;

export interface FixtureWorker {
  index: number;
  address: string;
  workerId: string;
  daemonId: string;
  nodeId: string;
  generation: string;
  seq: number;
}

export interface FixtureSlice {
  workers: number;
  replicas: number;
  seconds: number;
  /** Latency of each worker's first SNAPSHOT. */
  snapshot: LatencySummary;
  errors: number;
  errorKinds: string[];
}

/** Each kind of simulated worker gets its own loopback /16, so endpoints never collide. */
const PREFIX_OCTETS: Record<string, number> = {
  scale: 1,
  observer: 2,
  writer: 3,
  owner: 4,
  heartbeat: 5,
};

/** A loopback address unique to (prefix, index): up to 65,536 workers per prefix. */
export function fixtureAddress(prefix: string, index: number): string {
  const octet = PREFIX_OCTETS[prefix] ?? 6 + (prefix.length % 200);
  return `127.${octet}.${(index >> 8) & 255}.${index & 255}`;
}

export function fixtureRegisterRequest(runId: string, index: number, prefix = 'scale'): Message {
  return {
    node_id: `${prefix}-node-${index}`,
    node_address: fixtureAddress(prefix, index),
    grpc_port: 7000,
    p2p_port: 7001,
    mem_pool_total_size: '858993459200',
    mem_pool_available_size: '429496729600',
    daemon_id: `${prefix}-daemon-${runId}-${index}`,
  };
}

export async function registerFixtureWorker(
  client: ServiceClient,
  runId: string,
  index: number,
  prefix = 'scale',
): Promise<FixtureWorker> {
  const request = fixtureRegisterRequest(runId, index, prefix);
  const response = await unary(client, 'RegisterWorker', request, 60_000);
  if (response.status !== 'STATUS_OK') {
    throw new Error(`RegisterWorker answered ${String(response.status)}`);
  }
  return {
    index,
    address: request.node_address as string,
    workerId: response.worker_id as string,
    daemonId: request.daemon_id as string,
    nodeId: request.node_id as string,
    generation: response.reconcile_generation as string,
    seq: 0,
  };
}

/** Worker `w`'s inventory: n GPU replicas of its own artifacts, item i resized by resized(i). */
export function fixtureInventory(
  worker: FixtureWorker,
  n: number,
  resized: (i: number) => number = () => 0,
): Message[] {
  const now = Date.now();
  const registeredTs = { seconds: String(Math.floor(now / 1000)), nanos: (now % 1000) * 1e6 };
  return Array.from({ length: n }, (_, i) => ({
    ref: { artifact_id: `mi2:scale-${worker.nodeId}-${i}` },
    memory_info: {
      node_id: worker.nodeId,
      node_address: worker.address,
      node_port: 7001,
      memory_size: String(REPLICA_BYTES + resized(i)),
      memory_type: 'MEMORY_TYPE_GPU',
      device_id: i % 8,
    },
    stats: { max_concurrency: 4, is_available: true, registered_ts: registeredTs },
  }));
}

/** A durable RegisterReplica of a new artifact on the worker (the write rows of the benches). */
export function fixtureReplicaRequest(
  worker: FixtureWorker,
  artifactId: string,
  i: number,
): Message {
  return {
    artifact_id: artifactId,
    worker_id: worker.workerId,
    max_concurrency: 8,
    schema_version: 'v3',
    mem_info: {
      node_id: worker.nodeId,
      node_address: worker.address,
      node_port: 7001,
      memory_size: '1073741824',
      memory_type: 'MEMORY_TYPE_GPU',
      device_id: i % 8,
    },
  };
}

/** Sends the worker's next SNAPSHOT and answers the result kind and the number of changes. */
export async function sendSnapshot(
  client: ServiceClient,
  worker: FixtureWorker,
  inventory: Message[],
  timeoutMs = 300_000,
): Promise<{ kind: string; changes: number }> {
  worker.seq += 1;
  const response = await unary(
    client,
    'ReconcileWorkerState',
    {
      worker_id: worker.workerId,
      daemon_id: worker.daemonId,
      generation: worker.generation,
      request_seq: String(worker.seq),
      request_kind: 'RECONCILE_REQUEST_KIND_SNAPSHOT',
      inventory,
    },
    timeoutMs,
  );
  return {
    kind: String(response.result_kind).replace('RECONCILE_RESULT_KIND_', ''),
    changes: (response.state_changes as unknown[]).length,
  };
}

/**
 * Adds workers [from, to) to the registry, each registering and then reconciling a first
 * SNAPSHOT of `replicasPerWorker`, `concurrency` daemons at a time (the restart storm's
 * shape). Stops early, with what it built, once `deadline` (Date.now() ms) has passed.
 */
export async function buildFixtureSlice(
  clients: readonly ServiceClient[],
  runId: string,
  from: number,
  to: number,
  replicasPerWorker: number,
  concurrency: number,
  workers: FixtureWorker[],
  deadline = Number.POSITIVE_INFINITY,
): Promise<FixtureSlice> {
  const started = performance.now();
  const snapshotLatencies: number[] = [];
  let built = 0;
  const load = await runCount({
    total: to - from,
    concurrency,
    drainTimeoutMs: 300_000,
    call: async (i) => {
      if (Date.now() > deadline) return;
      const index = from + i;
      const client = clients[index % clients.length];
      const worker = await registerFixtureWorker(client, runId, index);
      const t0 = performance.now();
      const answer = await sendSnapshot(
        client,
        worker,
        fixtureInventory(worker, replicasPerWorker),
      );
      snapshotLatencies.push(performance.now() - t0);
      if (answer.kind !== 'APPLIED' && answer.kind !== 'NOOP') {
        throw new Error(`first SNAPSHOT answered ${answer.kind}`);
      }
      workers[index] = worker;
      built += 1;
    },
  });
  return {
    workers: built,
    replicas: built * replicasPerWorker,
    seconds: (performance.now() - started) / 1000,
    snapshot: summarize(snapshotLatencies),
    errors: load.errors,
    errorKinds: [...load.errorKinds.entries()].map(([kind, n]) => `${n}× ${kind}`),
  };
}

/** The owner pid the fixture's registrations are begun and kept alive with. */
export const FIXTURE_OWNER_PID = 4242;

/**
 * Opens `total` registrations over 16 new owner workers, `concurrency` at a time: the first
 * stores the tensor index, the rest refer to it by key, as daemons do. Answers the
 * KeepaliveRegistration request of each. Throws on the first failed BeginRegistration kind.
 */
export async function openFixtureRegistrations(
  runtime: readonly ServiceClient[],
  registrations: readonly ServiceClient[],
  runId: string,
  total: number,
  concurrency: number,
  ttlMs?: number,
): Promise<Message[]> {
  const owners: FixtureWorker[] = [];
  for (let i = 0; i < 16; i++)
    owners.push(await registerFixtureWorker(runtime[i % runtime.length], runId, i, 'owner'));
  const index = Buffer.from(JSON.stringify({ tensors: ['fixture.weight'], bench: runId }));
  const indexKey = createHash('sha256').update(index).digest('hex');
  const ids: string[] = [];
  const beginOne = async (i: number, withIndex: boolean) => {
    const w = owners[i % owners.length];
    const begun = await unary(registrations[i % registrations.length], 'BeginRegistration', {
      worker_id: w.workerId,
      daemon_id: w.daemonId,
      owner_pid: FIXTURE_OWNER_PID,
      device_id: 0,
      total_size: String(4 << 20),
      ...(ttlMs === undefined ? {} : { ttl_ms: ttlMs }),
      coalesced: {},
      ...(withIndex
        ? { tensor_index_data: index, encoding: 'json' }
        : { tensor_index_key: indexKey }),
    });
    ids.push(begun.registration_id as string);
  };
  await beginOne(0, true);
  const begin = await runCount({
    total: total - 1,
    concurrency,
    call: (i) => beginOne(i + 1, false),
  });
  if (begin.errors > 0) {
    throw new Error(`BeginRegistration: ${[...begin.errorKinds.keys()].join('; ')}`);
  }
  return ids.map((registration_id) => ({ registration_id, owner_pid: FIXTURE_OWNER_PID }));
}

/** Heartbeats every observer once a second (spread over the second) until stopped. */
export function heartbeatObservers(
  clients: readonly ServiceClient[],
  observers: readonly FixtureWorker[],
  heartbeatRequest: (workerId: string) => object,
) {
  const latencies = new LatencyRecorder();
  let errors = 0;
  let stopped = false;
  const loop = (async () => {
    if (observers.length === 0) return;
    const spacing = 1000 / observers.length;
    let next = performance.now();
    for (let i = 0; !stopped; i++) {
      const worker = observers[i % observers.length];
      const t0 = performance.now();
      void unary(
        clients[i % clients.length],
        'WorkerHeartbeat',
        heartbeatRequest(worker.workerId),
        30_000,
      ).then(
        () => latencies.add(performance.now() - t0),
        () => (errors += 1),
      );
      next += spacing;
      const wait = next - performance.now();
      if (wait > 1) await sleep(wait);
      else if (i % 16 === 0) await sleep(0);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await sleep(200);
      return { latency: summarize(latencies.values()), errors };
    },
  };
}

function sleep(msDelay: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msDelay));
}
