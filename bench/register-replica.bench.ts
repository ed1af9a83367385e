/**
 * RegisterReplica durability throughput: many daemons register replicas at once against the
 * real Global Store on an SQLite file at synchronous FULL, so every acknowledged write has
 * been fsynced. The same load runs twice in one invocation: with group commit (concurrent
 * writes share a transaction and its fsync; the default) and with `database.group_commit:
 * false` (one transaction, one fsync, per request). The tables show acknowledged writes/s,
 * latency percentiles, and grouped/ungrouped.
 *
 * Mode `postgres` runs the same load, group commit on, against a fresh PostgreSQL database
 * (TC_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432; created and dropped by
 * the bench): `--modes=grouped,postgres --rounds=3` compares the drivers interleaved and
 * prints postgres/sqlite.
 *
 *   node dist/bench/register-replica.bench.js [--workers=256] [--seconds=10] [--warmup=2]
 *     [--concurrency=64] [--connections=8] [--rounds=1] [--modes=grouped,ungrouped]
 *     [--db-dir=DIR]
 *
 * Every call registers a new replica (its own artifact, on worker i mod W), so each
 * acknowledged call is one durable row. After each run the bench counts the rows the server
 * holds and fails unless every acknowledged registration is there.
 *
 * Exits 0, 1 when a registration failed or an acknowledged one is missing, 2 on bad usage.
 */
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError, intArg, numberArg, parseStringOptions } from './support/args';
import {
  Message,
  ServiceClient,
  closeClients,
  openClients,
  unary,
  waitForReady,
} from './support/clients';
import { CpuMeter, CpuUsageWindow } from './support/cpu';
import { LoadResult, runCount, runLoad } from './support/load';
import { SpawnedGlobalStore, spawnGlobalStore } from './support/servers';
import { TestDatabase, createTestDatabase } from '../libs/persistence/src/test-databases.harness';
import { LatencySummary, summarize } from './support/stats';
import { Row, count, ms, printTable, ratio } from './support/table';

export type CommitMode = 'grouped' | 'ungrouped' | 'postgres';
const MODES: readonly CommitMode[] = ['grouped', 'ungrouped', 'postgres'];
const DEFAULT_MODES: readonly CommitMode[] = ['grouped', 'ungrouped'];
/** Every worker gets its own grpc_port (and p2p_port next to it) on 127.0.0.1. */
const MAX_WORKERS = 32_000;

export interface RegisterReplicaBenchOptions {
  workers: number;
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  connections: number;
  rounds: number;
  modes: readonly CommitMode[];
  /** Where the database files go: must be a real disk for FULL to mean an fsync. */
  dbDir: string;
}

export const DEFAULT_OPTIONS: RegisterReplicaBenchOptions = {
  workers: 256,
  seconds: 10,
  warmupSeconds: 2,
  concurrency: 64,
  connections: 8,
  rounds: 1,
  modes: DEFAULT_MODES,
  dbDir: tmpdir(),
};

interface ModeWindow {
  load: LoadResult;
  latency: LatencySummary;
  cpu: CpuUsageWindow;
  /** Rows the server holds for this window's calls, counted after it. */
  storedRows: number;
}

export interface ModeResult {
  mode: CommitMode;
  windows: ModeWindow[];
  missing: number;
}

interface RunningMode {
  mode: CommitMode;
  server: SpawnedGlobalStore;
  clients: ServiceClient[];
  workerIds: string[];
  dir: string;
  postgres?: TestDatabase;
}

export function parseRegisterReplicaArgs(argv: readonly string[]): RegisterReplicaBenchOptions {
  const values = parseStringOptions(argv, [
    'workers',
    'seconds',
    'warmup',
    'concurrency',
    'connections',
    'rounds',
    'modes',
    'db-dir',
  ]);
  const d = DEFAULT_OPTIONS;
  const workers = intArg('workers', values.workers, d.workers);
  if (workers > MAX_WORKERS) throw new UsageError(`--workers must be at most ${MAX_WORKERS}`);
  const modes = (values.modes ?? DEFAULT_MODES.join(',')).split(',').map((m) => m.trim());
  for (const m of modes) {
    if (!MODES.includes(m as CommitMode)) throw new UsageError(`--modes: unknown mode "${m}"`);
  }
  return {
    workers,
    seconds: numberArg('seconds', values.seconds, d.seconds, 0.1),
    warmupSeconds: numberArg('warmup', values.warmup, d.warmupSeconds, 0),
    concurrency: intArg('concurrency', values.concurrency, d.concurrency),
    connections: intArg('connections', values.connections, d.connections),
    rounds: intArg('rounds', values.rounds, d.rounds),
    modes: [...new Set(modes)] as CommitMode[],
    dbDir: resolve(values['db-dir'] ?? d.dbDir),
  };
}

export async function runRegisterReplicaBench(
  o: RegisterReplicaBenchOptions,
): Promise<{ ok: boolean; results: ModeResult[] }> {
  log(
    `register-replica bench: ${o.workers} workers, ${o.concurrency} RegisterReplica calls in flight ` +
      `over ${o.connections} connections, ${o.rounds} x ${o.seconds} s measured per mode after ` +
      `${o.warmupSeconds} s warm-up; SQLite file in ${o.dbDir} (${filesystemOf(o.dbDir)}) at ` +
      `synchronous FULL; node ${process.version}, ${cpus().length} cores, load average ${loadAverage()}`,
  );
  const results: ModeResult[] = o.modes.map((mode) => ({ mode, windows: [], missing: 0 }));
  // Rounds alternate the modes, so a change in background load hits both rather than one.
  for (let round = 0; round < o.rounds; round++) {
    for (const result of results) {
      const running = await startMode(result.mode, o);
      try {
        const window = await measure(running, o, round);
        result.windows.push(window);
        const acknowledged = window.load.count + window.load.warmupCalls - window.load.warmupErrors;
        if (window.storedRows < acknowledged) result.missing += acknowledged - window.storedRows;
      } finally {
        await stopMode(running);
      }
    }
  }
  report(results, o);
  const ok = results.every(
    (r) => r.missing === 0 && r.windows.every((w) => w.load.errors + w.load.warmupErrors === 0),
  );
  for (const r of results) {
    const kinds = new Map<string, number>();
    for (const w of r.windows)
      for (const [k, n] of w.load.errorKinds) kinds.set(k, (kinds.get(k) ?? 0) + n);
    if (kinds.size > 0)
      log(`${r.mode} errors: ${[...kinds].map(([k, n]) => `${k} x${n}`).join(', ')}`);
    if (r.missing > 0) log(`FAIL: ${r.mode}: ${r.missing} acknowledged registrations not stored`);
  }
  return { ok, results };
}

async function startMode(mode: CommitMode, o: RegisterReplicaBenchOptions): Promise<RunningMode> {
  const dir = mkdtempSync(join(o.dbDir, 'tc-bench-replicas-'));
  const postgres = mode === 'postgres' ? await createTestDatabase('bench_replicas') : undefined;
  const server = await spawnGlobalStore({
    database: postgres
      ? postgres.configSection()
      : {
          db_file: join(dir, 'global-store.db'),
          synchronous: 'FULL',
          group_commit: mode === 'grouped',
        },
    // Workers do not heartbeat during the bench; nothing may expire under it.
    worker_policy: { heartbeat_timeout: '1h', default_heartbeat_interval: '5s' },
  });
  const clients = openClients(server.address, 'ClusterRuntimeService', o.connections);
  const running: RunningMode = { mode, server, clients, workerIds: [], dir, postgres };
  try {
    await waitForReady(clients);
    const runId = `${process.pid}-${Date.now().toString(36)}`;
    const workerIds = new Array<string>(o.workers);
    const registration = await runCount({
      total: o.workers,
      concurrency: Math.min(32, o.concurrency),
      call: async (i) => {
        const response = await unary(clients[i % clients.length], 'RegisterWorker', {
          node_id: `bench-node-${i}`,
          node_address: '127.0.0.1',
          grpc_port: 1024 + 2 * i,
          p2p_port: 1025 + 2 * i,
          mem_pool_total_size: '85899345920',
          mem_pool_available_size: '85899345920',
          daemon_id: `bench-daemon-${runId}-${i}`,
        });
        expectOk('RegisterWorker', response);
        workerIds[i] = response.worker_id as string;
      },
    });
    if (registration.errors > 0) {
      throw new Error(
        `${mode}: ${registration.errors} RegisterWorker calls failed: ${[...registration.errorKinds.keys()].join('; ')}`,
      );
    }
    running.workerIds = workerIds;
    return running;
  } catch (error) {
    await stopMode(running);
    throw error;
  }
}

async function measure(
  running: RunningMode,
  o: RegisterReplicaBenchOptions,
  round: number,
): Promise<ModeWindow> {
  const { clients, workerIds, server, mode } = running;
  const node = `bench-replica-node-${round}`;
  const meter = new CpuMeter([server.pid]);
  const load = await runLoad({
    concurrency: o.concurrency,
    seconds: o.seconds,
    warmupSeconds: o.warmupSeconds,
    onMeasureStart: () => meter.start(),
    call: async (i) => {
      const w = i % workerIds.length;
      // Worker w keeps its connection, as a daemon keeps its channel.
      const response = await unary(
        clients[w % clients.length],
        'RegisterReplica',
        replicaRequest(workerIds[w], node, i),
      );
      expectOk('RegisterReplica', response);
    },
  });
  const cpu = meter.read();
  const latency = summarize(load.latenciesMs);
  const listed = await unary(
    clients[0],
    'ListReplicasV2',
    { node_id: node, pagination: { page_size: 1 } },
    30_000,
  );
  const storedRows = Number(listed.page_info?.total_size ?? 0);
  log(
    `${mode}: ${count(load.count)} acknowledged RegisterReplica in ${load.elapsedSeconds.toFixed(2)} s ` +
      `(${count(load.count / load.elapsedSeconds)}/s), p50 ${ms(latency.p50Ms)} ms, p99 ${ms(latency.p99Ms)} ms; ` +
      `${count(storedRows)} rows stored; load average ${loadAverage()}`,
  );
  return { load, latency, cpu, storedRows };
}

async function stopMode(running: RunningMode): Promise<void> {
  closeClients(running.clients);
  const code = await running.server.stop();
  if (code !== 0) log(`${running.mode}: server exited with ${code}:\n${running.server.output()}`);
  rmSync(running.dir, { recursive: true, force: true });
  await running.postgres?.drop();
}

/** A GPU replica of a fresh artifact: one new artifact row and one new replica row per call. */
function replicaRequest(workerId: string, node: string, i: number): object {
  return {
    artifact_id: `mi2:bench-artifact-${node}-${i}`,
    worker_id: workerId,
    max_concurrency: 8,
    schema_version: 'v3',
    mem_info: {
      node_id: node,
      node_address: '127.0.0.1',
      node_port: 7000,
      memory_size: '1073741824',
      memory_type: 'MEMORY_TYPE_GPU',
      device_id: i % 8,
      remote_memory_keys: ['rkey-0', 'rkey-1'],
      buffer_sizes: ['536870912', '536870912'],
      is_memory_replica: true,
    },
  };
}

function report(results: readonly ModeResult[], o: RegisterReplicaBenchOptions): void {
  process.stdout.write('\n');
  const rows: Row[] = [];
  for (const r of results) {
    r.windows.forEach((w, round) => {
      rows.push({
        RegisterReplica: o.rounds > 1 ? `${r.mode} #${round + 1}` : r.mode,
        acknowledged: count(w.load.count),
        'writes/s': count(throughput(w)),
        'p50 ms': ms(w.latency.p50Ms),
        'p99 ms': ms(w.latency.p99Ms),
        'p99.9 ms': ms(w.latency.p999Ms),
        'max ms': ms(w.latency.maxMs),
        errors: w.load.errors + w.load.warmupErrors,
        'server CPU': cpuShare(w.cpu.serverSeconds, w.cpu.wallSeconds),
        'client CPU': cpuShare(w.cpu.clientSeconds, w.cpu.wallSeconds),
        'other CPU': cpuShare(w.cpu.otherSeconds, w.cpu.wallSeconds),
      });
    });
  }
  printTable(rows);
  const grouped = median(results.find((r) => r.mode === 'grouped')?.windows ?? []);
  const ungrouped = median(results.find((r) => r.mode === 'ungrouped')?.windows ?? []);
  if (grouped && ungrouped) {
    log(
      `\ngrouped/ungrouped${o.rounds > 1 ? ' (median rounds by writes/s)' : ''}: ` +
        `writes/s ${ratio(throughput(grouped) / throughput(ungrouped))}, ` +
        `p50 ${ratio(grouped.latency.p50Ms / ungrouped.latency.p50Ms)}, ` +
        `p99 ${ratio(grouped.latency.p99Ms / ungrouped.latency.p99Ms)} (latency: lower is better)`,
    );
  }
  const postgres = median(results.find((r) => r.mode === 'postgres')?.windows ?? []);
  if (grouped && postgres) {
    log(
      `\npostgres/sqlite (both group commit${o.rounds > 1 ? ', median rounds' : ''}): ` +
        `writes/s ${ratio(throughput(postgres) / throughput(grouped))}, ` +
        `p50 ${ratio(postgres.latency.p50Ms / grouped.latency.p50Ms)}, ` +
        `p99 ${ratio(postgres.latency.p99Ms / grouped.latency.p99Ms)} (latency: lower is better)`,
    );
  }
  log(
    'Acknowledged = answered OK, i.e. committed and fsynced (synchronous FULL). CPU is the share\n' +
      'of one core over the measured window; high "other CPU" means the machine was busy with\n' +
      'something else and the figures are disturbed.',
  );
}

function throughput(w: ModeWindow): number {
  return w.load.count / w.load.elapsedSeconds;
}

function median(windows: readonly ModeWindow[]): ModeWindow | undefined {
  const sorted = [...windows].sort((a, b) => throughput(a) - throughput(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function cpuShare(cpuSeconds: number | undefined, wallSeconds: number): string {
  if (cpuSeconds === undefined || !(wallSeconds > 0)) return '-';
  return `${Math.round((cpuSeconds / wallSeconds) * 100)}%`;
}

function expectOk(method: string, response: Message): void {
  if (response.status !== 'STATUS_OK')
    throw new Error(`${method} answered ${String(response.status)}`);
}

/** tmpfs would make FULL meaningless (no fsync reaches a disk): say which it is. */
function filesystemOf(dir: string): string {
  const TMPFS_MAGIC = 0x01021994;
  try {
    return statfsSync(dir).type === TMPFS_MAGIC
      ? 'tmpfs: fsync is free here, figures overstate a disk'
      : 'on disk';
  } catch {
    return 'filesystem unknown';
  }
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

export const USAGE = `usage: node dist/bench/register-replica.bench.js [--workers=N] [--seconds=S]
  [--warmup=S] [--concurrency=C] [--connections=K] [--rounds=R] [--modes=grouped,ungrouped]
  [--db-dir=DIR]
`;

/** CLI entry, also used by run-all: resolves with the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let options: RegisterReplicaBenchOptions;
  try {
    options = parseRegisterReplicaArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}`);
    return 2;
  }
  const { ok } = await runRegisterReplicaBench(options);
  return ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `register-replica bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
