/**
 * What a daemon's memory-tier calls cost the Global Store: with memory tiers on, a daemon
 * calls PublishMemoryTierStatus and ListOutstandingLeases (its own node) every heartbeat
 * (5 s). The bench registers N workers on the real server (one node each; --leases-per-node
 * PENDING/ACTIVE leases seeded per node so the listing returns something), then alternates
 * two measured windows on the same server, R rounds:
 *
 *   tier       per worker tick: PublishMemoryTierStatus, then ListOutstandingLeases
 *   heartbeat  per worker tick: WorkerHeartbeat (the reference: the call every daemon makes)
 *
 * and reports server CPU per tick (the window's CPU plus its tail until idle: snapshots are
 * flushed to the database once a second), the tier/heartbeat ratio, and what N workers at
 * one tick per 5 s would cost in share of a core.
 *
 *   node dist/bench/memory-tier.bench.js [--workers=1000] [--seconds=5] [--warmup=1]
 *     [--rounds=2] [--concurrency=32] [--connections=4] [--leases-per-node=1] [--db=memory|file]
 *     [--profile-dir=DIR]
 *
 * With --profile-dir the server runs with --cpu-prof and the bench prints where its CPU went
 * during the tier windows.
 *
 * Exits 0, 1 when any call failed, 2 on bad usage.
 */
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MEMORY_TIER_PACKAGE, loadPackageDefinition } from '../libs/grpc/src';
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
import { selfTimeRows, summarizeCpuProfile } from './support/cpu-profile';
import { LoadResult, runCount, runLoad } from './support/load';
import { SpawnedGlobalStore, spawnGlobalStore } from './support/servers';
import { summarize } from './support/stats';
import { count, ms, printTable, ratio } from './support/table';

const EMPTY_STATE_CHECKSUM = 'cbf29ce484222325';
const TICK_SECONDS = 5;
const USAGE =
  'usage: memory-tier.bench [--workers=N] [--seconds=S] [--warmup=S] [--rounds=R] ' +
  '[--concurrency=C] [--connections=K] [--leases-per-node=L] [--db=memory|file] ' +
  '[--profile-dir=DIR]\n';

export interface MemoryTierBenchOptions {
  workers: number;
  seconds: number;
  warmupSeconds: number;
  rounds: number;
  concurrency: number;
  connections: number;
  leasesPerNode: number;
  db: 'memory' | 'file';
  profileDir?: string;
}

type WindowKind = 'tier' | 'heartbeat';

interface Window {
  kind: WindowKind;
  load: LoadResult;
  cpu: CpuUsageWindow;
  tailCpuSeconds: number;
  /** The measured window in ms after the server was spawned, to cut its CPU profile. */
  serverWindowMs: [number, number];
}

export function parseMemoryTierArgs(argv: readonly string[]): MemoryTierBenchOptions {
  const values = parseStringOptions(argv, [
    'workers',
    'seconds',
    'warmup',
    'rounds',
    'concurrency',
    'connections',
    'leases-per-node',
    'db',
    'profile-dir',
  ]);
  const db = values.db ?? 'memory';
  if (db !== 'memory' && db !== 'file') throw new UsageError('--db must be memory or file');
  return {
    workers: intArg('workers', values.workers, 1000),
    seconds: numberArg('seconds', values.seconds, 5, 0.1),
    warmupSeconds: numberArg('warmup', values.warmup, 1, 0),
    rounds: intArg('rounds', values.rounds, 2),
    concurrency: intArg('concurrency', values.concurrency, 32),
    connections: intArg('connections', values.connections, 4),
    leasesPerNode: intArg('leases-per-node', values['leases-per-node'], 1, 0),
    db,
    profileDir: values['profile-dir'] === undefined ? undefined : resolve(values['profile-dir']),
  };
}

function memoryTierClients(address: string, connections: number): ServiceClient[] {
  let node: unknown = grpc.loadPackageDefinition(loadPackageDefinition());
  for (const part of MEMORY_TIER_PACKAGE.split('.')) node = (node as Record<string, unknown>)[part];
  const Client = (node as Record<string, grpc.ServiceClientConstructor>).MemoryTierService;
  return Array.from(
    { length: connections },
    (_, index) =>
      new Client(address, grpc.credentials.createInsecure(), {
        'grpc.use_local_subchannel_pool': 1,
        'grpc.bench_connection_index': index,
      }) as unknown as ServiceClient,
  );
}

export async function runMemoryTierBench(o: MemoryTierBenchOptions): Promise<boolean> {
  log(
    `memory-tier bench: ${o.workers} workers, ${o.rounds} round(s) of ${o.seconds} s per window ` +
      `after ${o.warmupSeconds} s warm-up, ${o.concurrency} calls in flight over ` +
      `${o.connections} connections, ${o.leasesPerNode} lease(s) per node, ${o.db} database; ` +
      `node ${process.version}, ${cpus().length} cores, load average ${loadAverage()}`,
  );
  const dir = o.db === 'file' ? mkdtempSync(join(tmpdir(), 'tc-bench-mt-')) : undefined;
  const server: SpawnedGlobalStore = await spawnGlobalStore(
    {
      database: { db_file: dir ? join(dir, 'gs.db') : null, synchronous: 'NORMAL' },
      worker_policy: { heartbeat_timeout: '1h', default_heartbeat_interval: '5s' },
    },
    o.profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] } : {},
  );
  const runtime = openClients(server.address, 'ClusterRuntimeService', o.connections);
  const tier = memoryTierClients(server.address, o.connections);
  const windows: Window[] = [];
  let failures = 0;
  try {
    await waitForReady([...runtime, ...tier]);
    const runId = `${process.pid}-${Date.now().toString(36)}`;
    const workerIds = new Array<string>(o.workers);
    const registration = await runCount({
      total: o.workers,
      concurrency: 32,
      call: async (i) => {
        const response = await unary(runtime[i % runtime.length], 'RegisterWorker', {
          node_id: `bench-node-${i}`,
          node_address: '127.0.0.1',
          grpc_port: 1024 + 2 * i,
          p2p_port: 1025 + 2 * i,
          mem_pool_total_size: '1073741824',
          mem_pool_available_size: '536870912',
          daemon_id: `bench-daemon-${runId}-${i}`,
        });
        workerIds[i] = String(response.worker_id);
      },
    });
    const seeded = await runCount({
      total: o.workers * o.leasesPerNode,
      concurrency: 32,
      call: async (i) => {
        const w = i % o.workers;
        const response = await unary<Message>(tier[w % tier.length], 'RequestMemoryTierLease', {
          node_id: `bench-node-${w}`,
          artifact_id: `mi2:bench-${i}`,
          chunk_ids: [0, 1, 2, 3],
          bytes: '4194304',
          request_id: `seed-${i}`,
        });
        // Half the seeded leases are held (ACTIVE), half wait (PENDING), as on a busy node.
        if (i % 2 === 0) {
          await unary(tier[w % tier.length], 'AcknowledgeMemoryTierLease', {
            lease_id: response.lease.lease_id,
            action: 'LEASE_ACK_ACTION_ACQUIRED',
            chunk_ids: [0, 1, 2, 3],
            artifact_id: `mi2:bench-${i}`,
          });
        }
      },
    });
    failures += registration.errors + seeded.errors;
    log(
      `registered ${registration.count} workers, seeded ${seeded.count} leases ` +
        `(${registration.errors + seeded.errors} errors)`,
    );
    const heartbeats = workerIds.map((id, i) => ({
      worker_id: id,
      mem_pool_available_size: '536870912',
      accepting_new_requests: true,
      state_version: '1',
      state_checksum: EMPTY_STATE_CHECKSUM,
      registered_artifact_ids: [`mi2:bench-${i}-weights`],
    }));
    const started = Date.now();
    const ticks: Record<WindowKind, (w: number, i: number) => Promise<void>> = {
      tier: async (w, i) => {
        const client = tier[w % tier.length];
        await unary(client, 'PublishMemoryTierStatus', {
          status: {
            node_id: `bench-node-${w}`,
            worker_id: workerIds[w],
            stable_total_bytes: '68719476736',
            stable_used_bytes: String(1_000_000 + (i % 1000)),
            preemptible_total_bytes: '137438953472',
            preemptible_marked_bytes: '1048576',
            faults_per_sec: (i % 7) / 2,
            rehydrate_p99_ns: '250000',
            enable_preemptible: true,
            memory_tier_config_json: '{"stable_gib":64,"preemptible_gib":128}',
            // Distinct per tick, as the daemon's own clock would make them.
            epoch_ns: String(BigInt(started + i) * 1_000_000n),
          },
        });
        await unary(client, 'ListOutstandingLeases', { node_id: `bench-node-${w}` });
      },
      heartbeat: async (w) => {
        const response = await unary<Message>(
          runtime[w % runtime.length],
          'WorkerHeartbeat',
          heartbeats[w],
        );
        if (response.status !== 'STATUS_OK') throw new Error(`heartbeat ${response.status}`);
      },
    };
    for (let round = 0; round < o.rounds; round++) {
      for (const kind of ['tier', 'heartbeat'] as const) {
        await waitForIdle([server.pid]);
        const meter = new CpuMeter([server.pid]);
        let measuredFrom = Date.now();
        const load = await runLoad({
          concurrency: o.concurrency,
          seconds: o.seconds,
          warmupSeconds: o.warmupSeconds,
          captureStackTraces: false,
          onMeasureStart: () => {
            measuredFrom = Date.now();
            meter.start();
          },
          call: (i) => ticks[kind](i % o.workers, i),
        });
        const cpu = meter.read();
        await waitForIdle([server.pid]);
        const tail = (meter.read().serverSeconds ?? NaN) - (cpu.serverSeconds ?? NaN);
        windows.push({
          kind,
          load,
          cpu,
          tailCpuSeconds: tail,
          serverWindowMs: [measuredFrom - server.startedAt, Date.now() - server.startedAt],
        });
        failures += load.errors + load.warmupErrors;
        if (load.errorKinds.size > 0) {
          log(`${kind} errors: ${[...load.errorKinds].map(([k, n]) => `${k} x${n}`).join(', ')}`);
        }
      }
    }
  } finally {
    closeClients([...runtime, ...tier]);
    const code = await server.stop();
    if (code !== 0) log(`server exited with ${code}:\n${server.output()}`);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  report(windows, o);
  if (o.profileDir) printProfile(o.profileDir, windows);
  return failures === 0;
}

function cpuPerTick(w: Window): number {
  return ((w.cpu.serverSeconds ?? NaN) + w.tailCpuSeconds) / w.load.count;
}

function report(windows: readonly Window[], o: MemoryTierBenchOptions): void {
  process.stdout.write('\n');
  printTable(
    windows.map((w, i) => {
      const latency = summarize(w.load.latenciesMs);
      return {
        window: `${w.kind} #${Math.floor(i / 2) + 1}`,
        ticks: count(w.load.count),
        'ticks/s': count(w.load.count / w.load.elapsedSeconds),
        'p50 ms': ms(latency.p50Ms),
        'p99 ms': ms(latency.p99Ms),
        errors: w.load.errors + w.load.warmupErrors,
        'server us/tick': (cpuPerTick(w) * 1e6).toFixed(0),
        'tail CPU s': w.tailCpuSeconds.toFixed(2),
        'client CPU': share(w.cpu.clientSeconds, w.cpu.wallSeconds),
        'other CPU': share(w.cpu.otherSeconds, w.cpu.wallSeconds),
      };
    }),
  );
  const best = (kind: WindowKind) =>
    Math.min(...windows.filter((w) => w.kind === kind).map(cpuPerTick));
  const tierUs = best('tier') * 1e6;
  const heartbeatUs = best('heartbeat') * 1e6;
  if (Number.isFinite(tierUs) && Number.isFinite(heartbeatUs)) {
    const perCore = (us: number) => `${((o.workers / TICK_SECONDS) * us * 1e-4).toFixed(1)}%`;
    log(
      `\nserver CPU per daemon tick (lowest round of each): tier calls (Publish + List) ` +
        `${tierUs.toFixed(0)} us, WorkerHeartbeat ${heartbeatUs.toFixed(0)} us, ` +
        `tier/heartbeat ${ratio(tierUs / heartbeatUs)} per tick, ` +
        `${ratio(tierUs / 2 / heartbeatUs)} per call (a tier tick is two calls).\n` +
        `At ${o.workers} workers, one tick per ${TICK_SECONDS} s: tier calls ${perCore(tierUs)} ` +
        `of a core, heartbeats ${perCore(heartbeatUs)} (10k workers: tier ` +
        `${((10_000 / TICK_SECONDS) * tierUs * 1e-4).toFixed(1)}%).`,
    );
  }
}

/** --cpu-prof writes the profile as the server exits; the newest file is this run's. */
function printProfile(dir: string, windows: readonly Window[]): void {
  const path = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!path) {
    log(`no .cpuprofile written in ${dir}`);
    return;
  }
  const summary = summarizeCpuProfile(path, {
    top: 15,
    windowsMs: windows.filter((w) => w.kind === 'tier').map((w) => w.serverWindowMs),
  });
  log(
    `\nserver CPU profile over the tier windows (${path}): ` +
      `${summary.busyMs.toFixed(0)} ms busy of ${summary.totalMs.toFixed(0)} ms`,
  );
  printTable(selfTimeRows(summary.byPackage, 'package'));
  process.stdout.write('\n');
  printTable(selfTimeRows(summary.byFunction, 'function (self time)'));
}

function share(cpuSeconds: number | undefined, wallSeconds: number): string {
  if (cpuSeconds === undefined || !(wallSeconds > 0)) return '-';
  return `${Math.round((cpuSeconds / wallSeconds) * 100)}%`;
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: MemoryTierBenchOptions;
  try {
    options = parseMemoryTierArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}`);
    return 2;
  }
  return (await runMemoryTierBench(options)) ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `memory-tier bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
