/**
 * ReconcileWorkerState against the real Global Store (in-memory database by default), two parts:
 *
 * 1. One worker's SNAPSHOT of --replicas replicas (default 10,000): the first one (every
 *    replica is an ADD; a fresh worker per repetition), the same snapshot again (unchanged:
 *    NOOP), and one with 1% of the replicas resized (100 UPDATEs); p50/p99/max over --reps.
 * 2. Fairness: --hb-workers workers (default 1,000) heartbeat at --hb-rate per second in
 *    total (default 1,000/s: each worker every second, 5x TensorCast's default interval) while
 *    --snap-workers other workers (default 100) each send a SNAPSHOT of --snap-replicas at the
 *    same moment; heartbeat p50/p99/max without snapshots, during first-time snapshots, and
 *    during unchanged ones.
 *
 *   node dist/bench/reconcile.bench.js [--replicas=10000] [--reps=5] [--hb-workers=1000]
 *     [--snap-workers=100] [--snap-replicas=200] [--baseline-seconds=3] [--hb-rate=1000]
 *     [--connections=4] [--parts=snapshot,fairness] [--databases=memory]
 *
 * --databases runs each part on several databases: `memory` (SQLite in memory, the default),
 * `sqlite-file` (an SQLite file in the temp folder) and `postgres` (a fresh PostgreSQL
 * database, TC_TEST_POSTGRES_URL, created and dropped by the bench). The snapshot part then
 * interleaves them (each repetition runs on every database in turn, so a change in load hits
 * all of them) and prints each database's p50 against the first one's.
 *
 * Exits 0, 1 when a call failed or answered an unexpected result kind, 2 on bad usage.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { UsageError, intArg, numberArg, parseStringOptions } from './support/args';
import {
  Message,
  ServiceClient,
  closeClients,
  openClients,
  unary,
  waitForReady,
} from './support/clients';
import { SpawnedGlobalStore, spawnGlobalStore } from './support/servers';
import { TestDatabase, createTestDatabase } from '../libs/persistence/src/test-databases.harness';
import { LatencyRecorder, LatencySummary, summarize } from './support/stats';
import { Row, count, ms, printTable, ratio } from './support/table';

type Part = 'snapshot' | 'fairness';
const PARTS: readonly Part[] = ['snapshot', 'fairness'];
export type BenchDatabase = 'memory' | 'sqlite-file' | 'postgres';
const DATABASES: readonly BenchDatabase[] = ['memory', 'sqlite-file', 'postgres'];

export interface ReconcileBenchOptions {
  replicas: number;
  reps: number;
  hbWorkers: number;
  snapWorkers: number;
  snapReplicas: number;
  baselineSeconds: number;
  hbRate: number;
  connections: number;
  parts: readonly Part[];
  databases: readonly BenchDatabase[];
}

export const DEFAULT_OPTIONS: ReconcileBenchOptions = {
  replicas: 10_000,
  reps: 5,
  hbWorkers: 1000,
  snapWorkers: 100,
  snapReplicas: 200,
  baselineSeconds: 3,
  hbRate: 1000,
  connections: 4,
  parts: PARTS,
  databases: ['memory'],
};

/** Large snapshots and their answers (every change is listed) exceed gRPC's 4 MiB default. */
const CLIENT_OPTIONS = {
  'grpc.max_receive_message_length': 256 * 1024 * 1024,
  'grpc.max_send_message_length': 256 * 1024 * 1024,
};
const EMPTY_STATE_CHECKSUM = 'cbf29ce484222325';
const BASE_SIZE = 1 << 20;
const HEARTBEAT_TICK_MS = 5;

export function parseReconcileArgs(argv: readonly string[]): ReconcileBenchOptions {
  const values = parseStringOptions(argv, [
    'replicas',
    'reps',
    'hb-workers',
    'snap-workers',
    'snap-replicas',
    'baseline-seconds',
    'hb-rate',
    'connections',
    'parts',
    'databases',
  ]);
  const d = DEFAULT_OPTIONS;
  const parts = (values.parts ?? PARTS.join(',')).split(',').map((p) => p.trim());
  for (const p of parts) {
    if (!PARTS.includes(p as Part)) throw new UsageError(`--parts: unknown part "${p}"`);
  }
  const databases = (values.databases ?? d.databases.join(',')).split(',').map((x) => x.trim());
  for (const x of databases) {
    if (!DATABASES.includes(x as BenchDatabase))
      throw new UsageError(`--databases: unknown database "${x}"`);
  }
  return {
    replicas: intArg('replicas', values.replicas, d.replicas, 100),
    reps: intArg('reps', values.reps, d.reps),
    hbWorkers: intArg('hb-workers', values['hb-workers'], d.hbWorkers),
    snapWorkers: intArg('snap-workers', values['snap-workers'], d.snapWorkers),
    snapReplicas: intArg('snap-replicas', values['snap-replicas'], d.snapReplicas),
    baselineSeconds: numberArg(
      'baseline-seconds',
      values['baseline-seconds'],
      d.baselineSeconds,
      0.5,
    ),
    hbRate: intArg('hb-rate', values['hb-rate'], d.hbRate),
    connections: intArg('connections', values.connections, d.connections),
    parts: [...new Set(parts)] as Part[],
    databases: [...new Set(databases)] as BenchDatabase[],
  };
}

/** A registered worker and the cursor its daemon keeps. */
interface SimulatedDaemon {
  index: number;
  workerId: string;
  daemonId: string;
  nodeId: string;
  generation: string;
  seq: number;
}

class BenchFailure extends Error {}

let daemonCounter = 0;

async function registerDaemon(client: ServiceClient, runId: string): Promise<SimulatedDaemon> {
  daemonCounter += 1;
  const index = daemonCounter;
  const nodeId = `bench-node-${index}`;
  const daemonId = `bench-daemon-${runId}-${index}`;
  const response = await unary(client, 'RegisterWorker', {
    node_id: nodeId,
    node_address: '127.0.0.1',
    grpc_port: 1024 + 2 * index,
    p2p_port: 1025 + 2 * index,
    mem_pool_total_size: '1073741824',
    mem_pool_available_size: '536870912',
    daemon_id: daemonId,
  });
  if (response.status !== 'STATUS_OK')
    throw new BenchFailure(`RegisterWorker answered ${response.status}`);
  return {
    index,
    workerId: response.worker_id as string,
    daemonId,
    nodeId,
    generation: response.reconcile_generation as string,
    seq: 0,
  };
}

/** The daemon's inventory: n GPU replicas, item i resized by `resized(i)` bytes. */
function inventory(
  daemon: SimulatedDaemon,
  n: number,
  resized: (i: number) => number = () => 0,
): Message[] {
  const now = Date.now();
  const registeredTs = { seconds: String(Math.floor(now / 1000)), nanos: (now % 1000) * 1e6 };
  return Array.from({ length: n }, (_, i) => ({
    ref: { artifact_id: `mi2:bench-${daemon.index}-${i}` },
    memory_info: {
      node_id: daemon.nodeId,
      node_address: '127.0.0.1',
      node_port: 1025 + 2 * daemon.index,
      memory_size: String(BASE_SIZE + resized(i)),
      memory_type: 'MEMORY_TYPE_GPU',
      device_id: i % 8,
    },
    stats: { max_concurrency: 4, is_available: true, registered_ts: registeredTs },
  }));
}

/** Sends the daemon's next SNAPSHOT; resolves with the latency in ms, checking the result kind. */
async function snapshot(
  client: ServiceClient,
  daemon: SimulatedDaemon,
  items: Message[],
  expected: { kind: string; changes: number },
): Promise<number> {
  daemon.seq += 1;
  const started = performance.now();
  const response = await unary(client, 'ReconcileWorkerState', {
    worker_id: daemon.workerId,
    daemon_id: daemon.daemonId,
    generation: daemon.generation,
    request_seq: String(daemon.seq),
    request_kind: 'RECONCILE_REQUEST_KIND_SNAPSHOT',
    inventory: items,
  });
  const elapsed = performance.now() - started;
  const kind = String(response.result_kind).replace('RECONCILE_RESULT_KIND_', '');
  const changes = (response.state_changes as unknown[]).length;
  if (kind !== expected.kind || changes !== expected.changes) {
    throw new BenchFailure(
      `snapshot of ${items.length} for ${daemon.workerId}: expected ${expected.kind} with ` +
        `${expected.changes} change(s), got ${kind} with ${changes}`,
    );
  }
  return elapsed;
}

interface SnapshotPart {
  first: LatencySummary;
  unchanged: LatencySummary;
  changed: LatencySummary;
}

/**
 * One database's snapshot measurements, in steps, so that several databases can take turns
 * (interleaved) within one run.
 */
class SnapshotRun {
  private readonly client: ServiceClient;
  private readonly firsts: number[] = [];
  private readonly unchangeds: number[] = [];
  private readonly changeds: number[] = [];
  private daemon: SimulatedDaemon | undefined;
  private current: Message[] = [];

  constructor(
    readonly database: BenchDatabase,
    server: SpawnedGlobalStore,
    private readonly o: ReconcileBenchOptions,
    private readonly runId: string,
  ) {
    [this.client] = openClients(server.address, 'ClusterRuntimeService', 1, CLIENT_OPTIONS);
  }

  ready(): Promise<void> {
    return waitForReady([this.client]);
  }

  /** A fresh worker's first SNAPSHOT: every replica an ADD. */
  async first(rep: number): Promise<void> {
    const daemon = await registerDaemon(this.client, this.runId);
    this.daemon = daemon;
    this.firsts.push(
      await snapshot(this.client, daemon, inventory(daemon, this.o.replicas), {
        kind: 'APPLIED',
        changes: this.o.replicas,
      }),
    );
    log(`  ${this.database}: first snapshot #${rep + 1}: ${ms(this.firsts[rep])} ms`);
  }

  /** On the last first-snapshot worker: the same snapshot again (NOOP), then 1% resized. */
  async steady(rep: number): Promise<void> {
    const daemon = this.daemon as SimulatedDaemon;
    if (rep === 0) this.current = inventory(daemon, this.o.replicas);
    const everyHundredth = Math.ceil(this.o.replicas / 100);
    this.unchangeds.push(
      await snapshot(this.client, daemon, this.current, { kind: 'NOOP', changes: 0 }),
    );
    // 1% of the replicas grow by another 4 KiB: exactly that many UPDATEs each time.
    this.current = inventory(daemon, this.o.replicas, (i) =>
      i % 100 === 0 ? (rep + 1) * 4096 : 0,
    );
    this.changeds.push(
      await snapshot(this.client, daemon, this.current, {
        kind: 'APPLIED',
        changes: everyHundredth,
      }),
    );
    log(
      `  ${this.database}: unchanged #${rep + 1}: ${ms(this.unchangeds[rep])} ms, ` +
        `1% changed #${rep + 1}: ${ms(this.changeds[rep])} ms`,
    );
  }

  result(): SnapshotPart {
    return {
      first: summarize(this.firsts),
      unchanged: summarize(this.unchangeds),
      changed: summarize(this.changeds),
    };
  }

  close(): void {
    closeClients([this.client]);
  }
}

async function runSnapshotPart(
  servers: readonly DatabaseServer[],
  o: ReconcileBenchOptions,
  runId: string,
): Promise<{ database: BenchDatabase; part: SnapshotPart }[]> {
  const runs = servers.map((s) => new SnapshotRun(s.database, s.server, o, runId));
  try {
    for (const run of runs) await run.ready();
    for (let rep = 0; rep < o.reps; rep++) for (const run of runs) await run.first(rep);
    for (let rep = 0; rep < o.reps; rep++) for (const run of runs) await run.steady(rep);
    return runs.map((run) => ({ database: run.database, part: run.result() }));
  } finally {
    for (const run of runs) run.close();
  }
}

interface FairnessPhase {
  name: string;
  heartbeats: LatencySummary;
  seconds: number;
  snapshots?: LatencySummary;
}

/**
 * Heartbeats at a fixed rate (open loop), round-robin over the workers, until `until`
 * settles. Each latency counts from when the call was due, not from when it was sent, so a
 * server that stalls shows up in full: a closed loop would send less while the server is
 * stuck and hide the stall (coordinated omission).
 */
async function heartbeatsDuring(
  clients: readonly ServiceClient[],
  workers: readonly SimulatedDaemon[],
  ratePerSecond: number,
  until: Promise<unknown>,
): Promise<{ latencies: LatencySummary; seconds: number }> {
  const recorder = new LatencyRecorder();
  const outstanding = new Set<Promise<void>>();
  let failure: Error | undefined;
  let issued = 0;
  let done = false;
  void until.finally(() => (done = true));
  const started = performance.now();
  const beat = async (i: number, dueAt: number) => {
    const w = i % workers.length;
    const response = await unary(clients[w % clients.length], 'WorkerHeartbeat', {
      worker_id: workers[w].workerId,
      accepting_new_requests: true,
      state_version: '1',
      state_checksum: EMPTY_STATE_CHECKSUM,
    });
    if (response.status !== 'STATUS_OK') {
      throw new BenchFailure(`WorkerHeartbeat answered ${response.status}`);
    }
    recorder.add(performance.now() - dueAt);
  };
  while (!done && failure === undefined) {
    const due = Math.floor(((performance.now() - started) * ratePerSecond) / 1000);
    for (; issued < due; issued++) {
      const call = beat(issued, started + (issued * 1000) / ratePerSecond)
        .catch((error: unknown) => {
          failure ??=
            error instanceof Error ? error : new Error(`heartbeat failed: ${String(error)}`);
        })
        .finally(() => outstanding.delete(call));
      outstanding.add(call);
    }
    await sleep(HEARTBEAT_TICK_MS);
  }
  await until;
  await Promise.all(outstanding);
  if (failure) throw failure;
  return { latencies: summarize(recorder.values()), seconds: (performance.now() - started) / 1000 };
}

async function runFairnessPart(
  server: SpawnedGlobalStore,
  o: ReconcileBenchOptions,
  runId: string,
): Promise<FairnessPhase[]> {
  const hbClients = openClients(
    server.address,
    'ClusterRuntimeService',
    o.connections,
    CLIENT_OPTIONS,
  );
  // The snapshotting daemons run on their own event loop, as separate daemons would: encoding
  // 100 large requests (and decoding their answers) here would delay the heartbeats this side
  // sends and count the client's stall as the server's.
  const sender = new Worker(__filename, {
    workerData: { address: server.address, connections: o.connections } satisfies SenderSetup,
  });
  const ask = (request: SenderRequest) =>
    new Promise<SenderReply>((resolve, reject) => {
      sender.once('message', (reply: SenderReply) =>
        reply.error === undefined ? resolve(reply) : reject(new BenchFailure(reply.error)),
      );
      sender.once('error', reject);
      sender.postMessage(request);
    });
  try {
    await waitForReady(hbClients);
    const hbWorkers: SimulatedDaemon[] = [];
    for (let i = 0; i < o.hbWorkers; i++)
      hbWorkers.push(await registerDaemon(hbClients[i % hbClients.length], runId));
    const snapWorkers: SimulatedDaemon[] = [];
    for (let i = 0; i < o.snapWorkers; i++)
      snapWorkers.push(await registerDaemon(hbClients[i % hbClients.length], runId));
    log(`  registered ${o.hbWorkers} heartbeating and ${o.snapWorkers} snapshotting workers`);

    // Warm-up: connections, JIT, the heartbeat path.
    await heartbeatsDuring(hbClients, hbWorkers, o.hbRate, sleep(1000));
    const phases: FairnessPhase[] = [];
    const baseline = await heartbeatsDuring(
      hbClients,
      hbWorkers,
      o.hbRate,
      sleep(o.baselineSeconds * 1000),
    );
    phases.push({
      name: 'no snapshots',
      heartbeats: baseline.latencies,
      seconds: baseline.seconds,
    });

    for (const [name, expected] of [
      ['first-time snapshots', { kind: 'APPLIED', changes: o.snapReplicas }],
      ['unchanged snapshots', { kind: 'NOOP', changes: 0 }],
    ] as const) {
      const sent = ask({ daemons: snapWorkers, replicas: o.snapReplicas, expected });
      const during = await heartbeatsDuring(hbClients, hbWorkers, o.hbRate, sent);
      const { latencies } = await sent;
      snapWorkers.forEach((d) => (d.seq += 1));
      phases.push({
        name,
        heartbeats: during.latencies,
        seconds: during.seconds,
        snapshots: summarize(latencies),
      });
      log(
        `  ${name}: ${o.snapWorkers} x ${o.snapReplicas} replicas in ${during.seconds.toFixed(2)} s`,
      );
    }
    return phases;
  } finally {
    closeClients(hbClients);
    await sender.terminate();
  }
}

interface DatabaseServer {
  database: BenchDatabase;
  server: SpawnedGlobalStore;
  dir?: string;
  postgres?: TestDatabase;
}

async function startServer(database: BenchDatabase): Promise<DatabaseServer> {
  const dir = database === 'sqlite-file' ? mkdtempSync(join(tmpdir(), 'tc-bench-rec-')) : undefined;
  const postgres =
    database === 'postgres' ? await createTestDatabase('bench_reconcile') : undefined;
  try {
    const server = await spawnGlobalStore({
      database: postgres
        ? postgres.configSection()
        : { db_file: dir === undefined ? null : join(dir, 'global-store.db') },
      worker_policy: { heartbeat_timeout: '1h', default_heartbeat_interval: '5s' },
      server: { grpc: { max_receive_message_size: '256MiB' } },
    });
    return { database, server, dir, postgres };
  } catch (error) {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await postgres?.drop();
    throw error;
  }
}

async function stopServer(s: DatabaseServer): Promise<void> {
  const code = await s.server.stop();
  if (code !== 0) log(`${s.database}: server exited with ${code}:\n${s.server.output()}`);
  if (s.dir) rmSync(s.dir, { recursive: true, force: true });
  await s.postgres?.drop();
}

export async function runReconcileBench(o: ReconcileBenchOptions): Promise<boolean> {
  log(
    `reconcile bench: snapshot of ${o.replicas} replicas x ${o.reps} reps; fairness: ${o.hbWorkers} ` +
      `workers heartbeating (${o.hbRate}/s in total, open loop, over ${o.connections} connections) while ` +
      `${o.snapWorkers} workers snapshot ${o.snapReplicas} replicas each; databases ` +
      `${o.databases.join(', ')}; node ${process.version}, ${cpus().length} cores, load average ` +
      `${loadAverage()}`,
  );
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  let ok = true;
  for (const part of o.parts) {
    // The snapshot part interleaves the databases; the fairness part runs them one by one.
    const groups = part === 'snapshot' ? [o.databases] : o.databases.map((d) => [d]);
    for (const group of groups) {
      const servers: DatabaseServer[] = [];
      try {
        for (const database of group) servers.push(await startServer(database));
        log(`\n${part} (${group.join(', ')}):`);
        if (part === 'snapshot') reportSnapshots(await runSnapshotPart(servers, o, runId), o);
        else reportFairness(await runFairnessPart(servers[0].server, o, runId), o);
      } catch (error) {
        if (!(error instanceof BenchFailure)) throw error;
        log(`FAIL: ${error.message}`);
        ok = false;
      } finally {
        for (const server of servers) await stopServer(server);
      }
    }
  }
  log(`\nload average at the end ${loadAverage()}`);
  return ok;
}

function reportSnapshots(
  results: readonly { database: BenchDatabase; part: SnapshotPart }[],
  o: ReconcileBenchOptions,
): void {
  process.stdout.write('\n');
  const several = results.length > 1;
  const rows: Row[] = [];
  for (const { database, part } of results) rows.push(...snapshotRows(database, part, o, several));
  printTable(rows);
  for (const { database, part: r } of results) {
    log(
      `${several ? `${database}: ` : ''}first/unchanged p50 ${ratio(r.first.p50Ms / r.unchanged.p50Ms)}; ` +
        `1% changed/unchanged p50 ${ratio(r.changed.p50Ms / r.unchanged.p50Ms)}. ` +
        `With ${o.reps} reps, p99 is the slowest rep.`,
    );
  }
  const [reference, ...others] = results;
  for (const { database, part } of others) {
    log(
      `${database}/${reference.database} p50 (interleaved): first ` +
        `${ratio(part.first.p50Ms / reference.part.first.p50Ms)}, unchanged ` +
        `${ratio(part.unchanged.p50Ms / reference.part.unchanged.p50Ms)}, 1% changed ` +
        `${ratio(part.changed.p50Ms / reference.part.changed.p50Ms)} (lower is faster)`,
    );
  }
}

function snapshotRows(
  database: BenchDatabase,
  r: SnapshotPart,
  o: ReconcileBenchOptions,
  several: boolean,
): Row[] {
  const row = (name: string, s: LatencySummary, changes: string): Row => ({
    [`SNAPSHOT of ${count(o.replicas)}`]: several ? `${database}: ${name}` : name,
    changes,
    reps: s.count,
    'p50 ms': ms(s.p50Ms),
    'p99 ms': ms(s.p99Ms),
    'max ms': ms(s.maxMs),
    'us/replica (p50)': ((s.p50Ms * 1000) / o.replicas).toFixed(1),
  });
  return [
    row('first (all ADD)', r.first, count(o.replicas)),
    row('unchanged (NOOP)', r.unchanged, '0'),
    row('1% changed', r.changed, count(Math.ceil(o.replicas / 100))),
  ];
}

function reportFairness(phases: readonly FairnessPhase[], o: ReconcileBenchOptions): void {
  process.stdout.write('\n');
  printTable(
    phases.map((p) => ({
      [`heartbeats of ${count(o.hbWorkers)} workers`]: p.name,
      calls: count(p.heartbeats.count),
      'calls/s': count(p.heartbeats.count / p.seconds),
      'p50 ms': ms(p.heartbeats.p50Ms),
      'p99 ms': ms(p.heartbeats.p99Ms),
      'max ms': ms(p.heartbeats.maxMs),
      'snapshot p50 ms': p.snapshots ? ms(p.snapshots.p50Ms) : '-',
      'snapshot p99 ms': p.snapshots ? ms(p.snapshots.p99Ms) : '-',
    })),
  );
  const base = phases[0].heartbeats;
  for (const p of phases.slice(1)) {
    log(`heartbeat p99 during ${p.name} / without: ${ratio(p.heartbeats.p99Ms / base.p99Ms)}`);
  }
}

function sleep(msToWait: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

export const USAGE = `usage: node dist/bench/reconcile.bench.js [--replicas=N] [--reps=R] [--hb-workers=N]
  [--snap-workers=N] [--snap-replicas=N] [--baseline-seconds=S] [--hb-rate=PER_SECOND]
  [--connections=K] [--parts=snapshot,fairness] [--databases=memory,sqlite-file,postgres]
`;

/** CLI entry, also used by run-all: resolves with the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let options: ReconcileBenchOptions;
  try {
    options = parseReconcileArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}`);
    return 2;
  }
  return (await runReconcileBench(options)) ? 0 : 1;
}

interface SenderSetup {
  address: string;
  connections: number;
}

interface SenderRequest {
  daemons: SimulatedDaemon[];
  replicas: number;
  expected: { kind: string; changes: number };
}

interface SenderReply {
  latencies: number[];
  error?: string;
}

/** The snapshotting daemons' side, in a worker thread: one SNAPSHOT per daemon, all at once. */
function runSnapshotSender(setup: SenderSetup): void {
  const clients = openClients(
    setup.address,
    'ClusterRuntimeService',
    setup.connections,
    CLIENT_OPTIONS,
  );
  const port = parentPort;
  if (!port) return;
  port.on('message', (request: SenderRequest) => {
    const latencies: number[] = [];
    Promise.all(
      request.daemons.map(async (daemon, i) => {
        const items = inventory(daemon, request.replicas);
        latencies.push(
          await snapshot(clients[i % clients.length], daemon, items, request.expected),
        );
      }),
    ).then(
      () => port.postMessage({ latencies } satisfies SenderReply),
      (error: unknown) =>
        port.postMessage({ latencies, error: String(error) } satisfies SenderReply),
    );
  });
}

if (!isMainThread) {
  runSnapshotSender(workerData as SenderSetup);
} else if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `reconcile bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
