/**
 * Heartbeat throughput and latency: a daemon simulator registers N workers, then drives
 * WorkerHeartbeat round-robin over them at full speed for a fixed time. The same load runs
 * against a bare @grpc/grpc-js server on the same .proto (bench/support/bare-server.ts), and
 * the tables show ours/bare.
 *
 *   node dist/bench/heartbeat.bench.js [--workers=1000] [--seconds=10] [--concurrency=64]
 *     [--connections=4] [--warmup=2] [--rounds=1] [--register-concurrency=32]
 *     [--targets=ours,bare,sqlite-file,postgres] [--profile-dir=DIR]
 *
 * Both servers are started and registered first; then the heartbeat windows alternate
 * (ours, bare, ours, bare, … for --rounds), so a change in background load on the machine
 * hits both targets rather than one; ours/bare compares the fastest round of each.
 *
 * More targets of the real Global Store on other databases: `sqlite-file` (an SQLite file in
 * the temp folder, default settings) and `postgres` (a fresh PostgreSQL database,
 * TC_TEST_POSTGRES_URL, created and dropped by the bench). `--targets=sqlite-file,postgres
 * --rounds=3` compares the drivers interleaved and prints postgres/sqlite-file.
 *
 * Exits 0, 1 when more than 0.1% of heartbeats failed (or any registration failed), 2 on
 * bad usage.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
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
import { CpuMeter, CpuUsageWindow, waitForIdle } from './support/cpu';
import { ProfileSummary, selfTimeRows, summarizeCpuProfile } from './support/cpu-profile';
import { LoadResult, runCount, runLoad } from './support/load';
import { SpawnOptions, SpawnedServer, spawnBareServer, spawnGlobalStore } from './support/servers';
import { TestDatabase, createTestDatabase } from '../libs/persistence/src/test-databases.harness';
import { LatencySummary, summarize } from './support/stats';
import { Row, count, ms, printTable, ratio } from './support/table';

/** The FNV-1a 64 offset basis: the checksum of an empty replica set, what a fresh daemon reports. */
const EMPTY_STATE_CHECKSUM = 'cbf29ce484222325';
/** More unexpected errors than this fails the run. */
const MAX_ERROR_RATE = 0.001;
/** Other processes using more than this share of a core during a window disturb it. */
const DISTURBED_OTHER_CPU = 0.25;
/** Every worker gets its own grpc_port (and p2p_port next to it) on 127.0.0.1. */
const MAX_WORKERS = 32_000;

export type TargetName = 'ours' | 'bare' | 'sqlite-file' | 'postgres';
const TARGETS: readonly TargetName[] = ['ours', 'bare', 'sqlite-file', 'postgres'];
const DEFAULT_TARGETS: readonly TargetName[] = ['ours', 'bare'];

export interface HeartbeatBenchOptions {
  workers: number;
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  connections: number;
  rounds: number;
  registerConcurrency: number;
  targets: readonly TargetName[];
  /** When set, the Global Store runs with --cpu-prof writing here, and the profile is summarized. */
  profileDir?: string;
}

export const DEFAULT_OPTIONS: HeartbeatBenchOptions = {
  workers: 1000,
  seconds: 10,
  warmupSeconds: 2,
  concurrency: 64,
  connections: 4,
  rounds: 1,
  registerConcurrency: 32,
  targets: DEFAULT_TARGETS,
};

export interface HeartbeatWindow {
  load: LoadResult;
  latency: LatencySummary;
  cpu: CpuUsageWindow;
  /**
   * Server CPU seconds after the window until it went idle: work the heartbeats caused but
   * the server deferred (ours flushes heartbeat times to the database in batches).
   */
  tailCpuSeconds: number | undefined;
  /** The window and its tail in ms after the server was spawned, to cut its CPU profile. */
  serverWindowMs: [number, number];
}

export interface TargetResult {
  target: TargetName;
  registration: LoadResult;
  registrationLatency: LatencySummary;
  windows: HeartbeatWindow[];
  /** With --profile-dir: the server's CPU profile over the measured heartbeat windows. */
  profile?: { path: string; summary: ProfileSummary };
}

export interface HeartbeatBenchResult {
  ok: boolean;
  options: HeartbeatBenchOptions;
  results: TargetResult[];
}

interface RunningTarget {
  name: TargetName;
  server: SpawnedServer;
  clients: ServiceClient[];
  result: TargetResult;
  requests: object[];
  profileDir?: string;
  /** sqlite-file: the folder of its database file; postgres: its database. */
  dir?: string;
  postgres?: TestDatabase;
}

export function parseHeartbeatArgs(argv: readonly string[]): HeartbeatBenchOptions {
  const values = parseStringOptions(argv, [
    'workers',
    'seconds',
    'warmup',
    'concurrency',
    'connections',
    'rounds',
    'register-concurrency',
    'targets',
    'profile-dir',
  ]);
  const d = DEFAULT_OPTIONS;
  const workers = intArg('workers', values.workers, d.workers);
  if (workers > MAX_WORKERS) throw new UsageError(`--workers must be at most ${MAX_WORKERS}`);
  const targets = (values.targets ?? DEFAULT_TARGETS.join(',')).split(',').map((t) => t.trim());
  for (const t of targets) {
    if (!TARGETS.includes(t as TargetName))
      throw new UsageError(`--targets: unknown target "${t}"`);
  }
  return {
    workers,
    seconds: numberArg('seconds', values.seconds, d.seconds, 0.1),
    warmupSeconds: numberArg('warmup', values.warmup, d.warmupSeconds, 0),
    concurrency: intArg('concurrency', values.concurrency, d.concurrency),
    connections: intArg('connections', values.connections, d.connections),
    rounds: intArg('rounds', values.rounds, d.rounds),
    registerConcurrency: intArg(
      'register-concurrency',
      values['register-concurrency'],
      d.registerConcurrency,
    ),
    targets: [...new Set(targets)] as TargetName[],
    profileDir: values['profile-dir'] === undefined ? undefined : resolve(values['profile-dir']),
  };
}

export async function runHeartbeatBench(o: HeartbeatBenchOptions): Promise<HeartbeatBenchResult> {
  log(
    `heartbeat bench: ${o.workers} workers, ${o.rounds} x ${o.seconds} s measured per target after ` +
      `${o.warmupSeconds} s warm-up, ${o.concurrency} calls outstanding over ${o.connections} ` +
      `connections; node ${process.version}, ${cpus().length} cores, load average ${loadAverage()}`,
  );
  const running: RunningTarget[] = [];
  try {
    for (const name of o.targets) {
      const target = await startTarget(name, o);
      running.push(target);
      await registerWorkers(target, o);
    }
    if (running.every((t) => t.result.registration.errors === 0)) {
      const pids = running.map((t) => t.server.pid);
      for (let round = 0; round < o.rounds; round++) {
        for (const target of running) {
          await waitForIdle(pids);
          target.result.windows.push(await heartbeatWindow(target, o));
        }
      }
    }
  } finally {
    for (const target of running) await stopTarget(target);
  }
  const results = running.map((t) => t.result);
  report(results, o);
  return { ok: checkErrors(results), options: o, results };
}

async function startTarget(name: TargetName, o: HeartbeatBenchOptions): Promise<RunningTarget> {
  // Each Global Store target profiles into a folder of its own: the newest file there is its.
  const profileDir =
    o.profileDir === undefined || name === 'bare'
      ? undefined
      : name === 'ours'
        ? o.profileDir
        : join(o.profileDir, name);
  const spawnOptions: SpawnOptions = profileDir
    ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] }
    : {};
  const dir = name === 'sqlite-file' ? mkdtempSync(join(tmpdir(), 'tc-bench-hb-')) : undefined;
  const postgres = name === 'postgres' ? await createTestDatabase('bench_heartbeat') : undefined;
  const database = postgres
    ? postgres.configSection()
    : dir
      ? { db_file: join(dir, 'global-store.db') }
      : {};
  const server =
    name === 'bare'
      ? await spawnBareServer(spawnOptions)
      : await spawnGlobalStore(
          {
            database,
            // Nothing may expire while the simulator round-robins over N workers, however slowly.
            worker_policy: { heartbeat_timeout: '1h', default_heartbeat_interval: '5s' },
          },
          spawnOptions,
        );
  const clients = openClients(server.address, 'ClusterRuntimeService', o.connections);
  const target: RunningTarget = {
    name,
    server,
    clients,
    profileDir,
    dir,
    postgres,
    requests: [],
    result: {
      target: name,
      registration: emptyLoad(),
      registrationLatency: summarize([]),
      windows: [],
    },
  };
  try {
    await waitForReady(clients);
  } catch (error) {
    await stopTarget(target);
    throw error;
  }
  return target;
}

async function registerWorkers(target: RunningTarget, o: HeartbeatBenchOptions): Promise<void> {
  // A run id keeps daemon ids unique should a bench ever reuse a server.
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  const workerIds = new Array<string>(o.workers);
  const { clients } = target;
  const registration = await runCount({
    total: o.workers,
    concurrency: o.registerConcurrency,
    call: async (i) => {
      const response = await unary(
        clients[i % clients.length],
        'RegisterWorker',
        registerRequest(runId, i),
      );
      expectOk('RegisterWorker', response);
      workerIds[i] = response.worker_id as string;
    },
  });
  target.result.registration = registration;
  target.result.registrationLatency = summarize(registration.latenciesMs);
  // Built once, so the heartbeat loop measures the RPC and not request construction.
  target.requests = workerIds.map((id, i) => heartbeatRequest(id, i));
  log(
    `${target.name}: registered ${registration.count} workers in ` +
      `${registration.elapsedSeconds.toFixed(2)} s (${count(registration.count / registration.elapsedSeconds)}/s)`,
  );
}

async function heartbeatWindow(
  target: RunningTarget,
  o: HeartbeatBenchOptions,
): Promise<HeartbeatWindow> {
  const { clients, requests, server } = target;
  const meter = new CpuMeter([server.pid]);
  let measuredFrom = Date.now();
  const load = await runLoad({
    concurrency: o.concurrency,
    seconds: o.seconds,
    warmupSeconds: o.warmupSeconds,
    // The generator, not the server, is the bottleneck on a small machine: spare it the stacks.
    captureStackTraces: false,
    onMeasureStart: () => {
      measuredFrom = Date.now();
      meter.start();
    },
    call: async (i) => {
      // Worker w always uses connection w mod K, as a daemon keeps its channel.
      const w = i % requests.length;
      const response = await unary(clients[w % clients.length], 'WorkerHeartbeat', requests[w]);
      expectOk('WorkerHeartbeat', response);
    },
  });
  const cpu = meter.read();
  await waitForIdle([server.pid]);
  const afterTail = meter.read();
  const tailCpuSeconds =
    afterTail.serverSeconds === undefined || cpu.serverSeconds === undefined
      ? undefined
      : afterTail.serverSeconds - cpu.serverSeconds;
  const latency = summarize(load.latenciesMs);
  log(
    `${target.name}: ${count(load.count)} heartbeats in ${load.elapsedSeconds.toFixed(2)} s ` +
      `(${count(load.count / load.elapsedSeconds)}/s), p99 ${ms(latency.p99Ms)} ms, ` +
      `load average ${loadAverage()}`,
  );
  return {
    load,
    latency,
    cpu,
    tailCpuSeconds,
    serverWindowMs: [measuredFrom - server.startedAt, Date.now() - server.startedAt],
  };
}

async function stopTarget(target: RunningTarget): Promise<void> {
  closeClients(target.clients);
  const early = target.server.exitCode();
  const code = await target.server.stop();
  if (early !== undefined) {
    // On a shared machine something else may have signalled it; the errors say when.
    log(
      `${target.name}: the server exited (${early}) before the bench stopped it:\n${target.server.output()}`,
    );
  } else if (code !== 0) {
    log(`${target.name}: server exited with ${code}:\n${target.server.output()}`);
  }
  if (target.dir) rmSync(target.dir, { recursive: true, force: true });
  await target.postgres?.drop();
  // --cpu-prof writes the profile as the process exits, so it is read only now.
  const windows = target.result.windows.map((w) => w.serverWindowMs);
  const path = target.profileDir ? newestProfile(target.profileDir) : undefined;
  if (path && windows.length > 0) {
    target.result.profile = {
      path,
      summary: summarizeCpuProfile(path, { top: 15, windowsMs: windows }),
    };
  }
}

function report(results: readonly TargetResult[], o: HeartbeatBenchOptions): void {
  process.stdout.write('\n');
  printTable(
    results.map((r) => ({
      registration: r.target,
      workers: r.registration.count,
      'reg/s': count(r.registration.count / r.registration.elapsedSeconds),
      'p50 ms': ms(r.registrationLatency.p50Ms),
      'p99 ms': ms(r.registrationLatency.p99Ms),
      errors: r.registration.errors,
    })),
  );
  process.stdout.write('\n');
  const rows: Row[] = [];
  for (const r of results) {
    r.windows.forEach((w, round) => {
      rows.push({
        heartbeat: o.rounds > 1 ? `${r.target} #${round + 1}` : r.target,
        calls: count(w.load.count),
        'calls/s': count(throughput(w)),
        'p50 ms': ms(w.latency.p50Ms),
        'p99 ms': ms(w.latency.p99Ms),
        'p99.9 ms': ms(w.latency.p999Ms),
        'max ms': ms(w.latency.maxMs),
        errors: w.load.errors + w.load.warmupErrors,
        'server CPU': cpuShare(w.cpu.serverSeconds, w.cpu.wallSeconds),
        'server us/call': microsPerCall(w),
        'tail CPU s': w.tailCpuSeconds === undefined ? '-' : w.tailCpuSeconds.toFixed(2),
        'client CPU': cpuShare(w.cpu.clientSeconds, w.cpu.wallSeconds),
        'other CPU': cpuShare(w.cpu.otherSeconds, w.cpu.wallSeconds),
      });
    });
  }
  printTable(rows);

  const ours = results.find((r) => r.target === 'ours');
  const bare = results.find((r) => r.target === 'bare');
  const oursWindow = ours && fastestWindow(ours.windows);
  const bareWindow = bare && fastestWindow(bare.windows);
  if (oursWindow && bareWindow) {
    const which = o.rounds > 1 ? ' (fastest round of each)' : '';
    log(
      `\nours/bare${which}: throughput ${ratio(throughput(oursWindow) / throughput(bareWindow))}, ` +
        `p50 ${ratio(oursWindow.latency.p50Ms / bareWindow.latency.p50Ms)}, ` +
        `p99 ${ratio(oursWindow.latency.p99Ms / bareWindow.latency.p99Ms)}, ` +
        `server CPU per call ${ratio(cpuPerCall(oursWindow) / cpuPerCall(bareWindow))} ` +
        '(latency and CPU: higher is worse)',
    );
  }
  // The drivers side by side: PostgreSQL against an SQLite file, else the in-memory default.
  const postgres = results.find((r) => r.target === 'postgres');
  const sqlite = results.find((r) => r.target === 'sqlite-file') ?? ours;
  const postgresWindow = postgres && fastestWindow(postgres.windows);
  const sqliteWindow = sqlite && fastestWindow(sqlite.windows);
  if (postgresWindow && sqliteWindow && sqlite) {
    const which = o.rounds > 1 ? ' (fastest round of each)' : '';
    log(
      `\npostgres/${sqlite.target}${which}: throughput ` +
        `${ratio(throughput(postgresWindow) / throughput(sqliteWindow))}, ` +
        `p50 ${ratio(postgresWindow.latency.p50Ms / sqliteWindow.latency.p50Ms)}, ` +
        `p99 ${ratio(postgresWindow.latency.p99Ms / sqliteWindow.latency.p99Ms)}, ` +
        `server CPU per call ${ratio(cpuPerCall(postgresWindow) / cpuPerCall(sqliteWindow))} ` +
        '(latency and CPU: higher is worse)',
    );
  }
  log(
    'CPU is the share of one core over the measured window. Client CPU near 100% means the load\n' +
      'generator, not the server, limited calls/s: then server us/call (server CPU microseconds\n' +
      'per heartbeat, including the tail: CPU the server spent after the window until idle, on\n' +
      'work it deferred) compares the servers better than calls/s. Other CPU is everything else\n' +
      'on the machine; when it is high the figures are disturbed.',
  );
  const disturbed = results.flatMap((r) =>
    r.windows.filter((w) => (w.cpu.otherSeconds ?? 0) > DISTURBED_OTHER_CPU * w.cpu.wallSeconds),
  );
  if (disturbed.length > 0) {
    log(
      `WARNING: in ${disturbed.length} window(s) other processes used more than ` +
        `${DISTURBED_OTHER_CPU * 100}% of a core: rerun on a quiet machine before quoting figures.`,
    );
  }
  for (const r of results) if (r.profile) printProfile(r.target, r.profile);
}

function checkErrors(results: readonly TargetResult[]): boolean {
  let ok = true;
  for (const r of results) {
    const kinds = new Map(r.registration.errorKinds);
    let calls = 0;
    let errors = 0;
    for (const w of r.windows) {
      calls += w.load.count + w.load.errors + w.load.warmupCalls;
      errors += w.load.errors + w.load.warmupErrors;
      for (const [kind, n] of w.load.errorKinds) kinds.set(kind, (kinds.get(kind) ?? 0) + n);
    }
    if (kinds.size > 0)
      log(`${r.target} errors: ${[...kinds].map(([k, n]) => `${k} x${n}`).join(', ')}`);
    if (r.registration.errors > 0 || errors > MAX_ERROR_RATE * calls) {
      log(
        `FAIL: ${r.target}: ${r.registration.errors} registrations and ${errors} of ${calls} ` +
          'heartbeats failed',
      );
      ok = false;
    }
  }
  return ok;
}

function registerRequest(runId: string, i: number): object {
  return {
    node_id: `bench-node-${i}`,
    node_address: '127.0.0.1',
    grpc_port: 1024 + 2 * i,
    p2p_port: 1025 + 2 * i,
    mem_pool_total_size: '1073741824',
    mem_pool_available_size: '536870912',
    daemon_id: `bench-daemon-${runId}-${i}`,
  };
}

function heartbeatRequest(workerId: string, i: number): object {
  return {
    worker_id: workerId,
    mem_pool_available_size: '536870912',
    accepting_new_requests: true,
    state_version: '1',
    state_checksum: EMPTY_STATE_CHECKSUM,
    registered_artifact_ids: [`mi2:bench-${i}-weights`, `mi2:bench-${i}-tokenizer`],
  };
}

function expectOk(method: string, response: Message): void {
  if (response.status !== 'STATUS_OK')
    throw new Error(`${method} answered ${String(response.status)}`);
}

function emptyLoad(): LoadResult {
  return {
    count: 0,
    errors: 0,
    errorKinds: new Map(),
    latenciesMs: new Float64Array(0),
    elapsedSeconds: Number.NaN,
    warmupCalls: 0,
    warmupErrors: 0,
    abandoned: 0,
  };
}

function throughput(w: HeartbeatWindow): number {
  return w.load.count / w.load.elapsedSeconds;
}

function cpuPerCall(w: HeartbeatWindow): number {
  return ((w.cpu.serverSeconds ?? Number.NaN) + (w.tailCpuSeconds ?? Number.NaN)) / w.load.count;
}

/**
 * The round with the most calls/s. On a shared machine other processes can only slow a
 * round down, so the fastest one is the least disturbed estimate of what the target can do.
 */
function fastestWindow(windows: readonly HeartbeatWindow[]): HeartbeatWindow | undefined {
  return [...windows].sort((a, b) => throughput(b) - throughput(a))[0];
}

function cpuShare(cpuSeconds: number | undefined, wallSeconds: number): string {
  if (cpuSeconds === undefined || !(wallSeconds > 0)) return '-';
  return `${Math.round((cpuSeconds / wallSeconds) * 100)}%`;
}

function microsPerCall(w: HeartbeatWindow): string {
  const perCall = cpuPerCall(w);
  return Number.isFinite(perCall) ? (perCall * 1e6).toFixed(0) : '-';
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** node --cpu-prof names files CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile; the newest is this run's. */
function newestProfile(dir: string): string | undefined {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    files = [];
  }
  const newest = files
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) log(`no .cpuprofile written in ${dir}`);
  return newest;
}

function printProfile(
  target: TargetName,
  { path, summary }: { path: string; summary: ProfileSummary },
): void {
  log(
    `\n${target} server CPU profile over the measured windows (${path}): ` +
      `${summary.busyMs.toFixed(0)} ms busy of ${summary.totalMs.toFixed(0)} ms`,
  );
  printTable(selfTimeRows(summary.byPackage, 'package'));
  process.stdout.write('\n');
  printTable(selfTimeRows(summary.byFunction, 'function (self time)'));
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

export const USAGE = `usage: node dist/bench/heartbeat.bench.js [--workers=N] [--seconds=S] [--warmup=S]
  [--concurrency=C] [--connections=K] [--rounds=R] [--register-concurrency=R]
  [--targets=ours,bare,sqlite-file,postgres] [--profile-dir=DIR]
`;

/** CLI entry, also used by run-all: resolves with the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let options: HeartbeatBenchOptions;
  try {
    options = parseHeartbeatArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}`);
    return 2;
  }
  const { ok } = await runHeartbeatBench(options);
  return ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `heartbeat bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
