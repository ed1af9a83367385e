/**
 * Daemon simulator: N store daemons running the real daemon's timers, compressed in time,
 * against the real Global Store, then a transport storm.
 *
 *   node dist/bench/daemon-sim.bench.js [--workers=1000] [--replicas=2] [--chunks=64]
 *     [--compress=5] [--seconds=10] [--rounds=2] [--changed-share=0.05] [--legacy-share=0.1]
 *     [--storm-requesters=64] [--storm-sources=4] [--max-concurrency=4] [--storm-seconds=5]
 *     [--transfer-ms=20] [--profile-dir=DIR]
 *
 * Setup: every daemon registers, registers --replicas GPU replicas (peer-exportable) and
 * reports their --chunks chunk states once. Then two windows alternate for --rounds:
 * - reference: heartbeats only (every 5 s, compressed by --compress);
 * - daemon: heartbeats plus BatchUpdateChunkStates every 10 s (compressed): the newest
 *   daemons send only the replicas whose chunks changed (--changed-share of them per sync,
 *   with new states), --legacy-share of the daemons resend every chunk every time.
 * Both windows measure the server's CPU; the tables give CPU per daemon per (simulated)
 * minute for each, and the difference: what the chunk directory adds on top of liveness.
 *
 * Storm: --storm-requesters daemons each fetch the same artifact from --storm-sources
 * sources (max_concurrency --max-concurrency each) in a loop: RequestReplicaTransport (wait
 * 10 s, a fresh request_id), hold the slot --transfer-ms, CompleteReplicaTransport SUCCESS.
 * Reported: grant latency p50/p99 (queueing included) and grants/s against the ideal
 * sources × max_concurrency / transfer-ms, plus an uncontended grant's latency (one
 * requester, free slots) and the heartbeat round trip as references from the same run.
 *
 * Exits 0, 1 when calls failed, 2 on bad usage.
 */
import { readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, intArg, numberArg } from './support/args';
import {
  Message,
  ServiceClient,
  closeClients,
  openClients,
  unary,
  waitForReady,
} from './support/clients';
import { CpuMeter, waitForIdle } from './support/cpu';
import { selfTimeRows, summarizeCpuProfile } from './support/cpu-profile';
import { spawnGlobalStore } from './support/servers';
import { LatencySummary, summarize } from './support/stats';
import { Row, count, ms, printTable, ratio } from './support/table';

interface Options {
  workers: number;
  replicas: number;
  chunks: number;
  compress: number;
  seconds: number;
  rounds: number;
  changedShare: number;
  legacyShare: number;
  stormRequesters: number;
  stormSources: number;
  maxConcurrency: number;
  stormSeconds: number;
  transferMs: number;
  /** With it, the server runs with --cpu-prof and the daemon windows and the storm are summarized. */
  profileDir?: string;
}

const DEFAULTS: Options = {
  workers: 1000,
  replicas: 2,
  chunks: 64,
  compress: 5,
  seconds: 10,
  rounds: 2,
  changedShare: 0.05,
  legacyShare: 0.1,
  stormRequesters: 64,
  stormSources: 4,
  maxConcurrency: 4,
  stormSeconds: 5,
  transferMs: 20,
};

const HEARTBEAT_MS = 5_000;
const CHUNK_SYNC_MS = 10_000;
const MAX_WORKERS = 30_000;
const CONNECTIONS = 4;
const STATES = ['CHUNK_STATE_HOT', 'CHUNK_STATE_COLD', 'CHUNK_STATE_COPIED_GPU'];

function parseOptions(argv: readonly string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: Object.fromEntries(
        [
          'workers',
          'replicas',
          'chunks',
          'compress',
          'seconds',
          'rounds',
          'changed-share',
          'legacy-share',
          'storm-requesters',
          'storm-sources',
          'max-concurrency',
          'storm-seconds',
          'transfer-ms',
          'profile-dir',
        ].map((name) => [name, { type: 'string' as const }]),
      ),
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = values as Record<string, string | undefined>;
  const d = DEFAULTS;
  const options: Options = {
    workers: intArg('workers', v.workers, d.workers),
    replicas: intArg('replicas', v.replicas, d.replicas),
    chunks: intArg('chunks', v.chunks, d.chunks),
    compress: numberArg('compress', v.compress, d.compress),
    seconds: numberArg('seconds', v.seconds, d.seconds),
    rounds: intArg('rounds', v.rounds, d.rounds),
    changedShare: numberArg('changed-share', v['changed-share'], d.changedShare, 0),
    legacyShare: numberArg('legacy-share', v['legacy-share'], d.legacyShare, 0),
    stormRequesters: intArg('storm-requesters', v['storm-requesters'], d.stormRequesters),
    stormSources: intArg('storm-sources', v['storm-sources'], d.stormSources),
    maxConcurrency: intArg('max-concurrency', v['max-concurrency'], d.maxConcurrency),
    stormSeconds: numberArg('storm-seconds', v['storm-seconds'], d.stormSeconds),
    transferMs: intArg('transfer-ms', v['transfer-ms'], d.transferMs, 0),
    profileDir: v['profile-dir'] === undefined ? undefined : resolve(v['profile-dir']),
  };
  if (options.workers > MAX_WORKERS)
    throw new UsageError(`--workers must be at most ${MAX_WORKERS}`);
  if (options.stormRequesters + options.stormSources > options.workers) {
    throw new UsageError('--storm-requesters + --storm-sources must not exceed --workers');
  }
  return options;
}

interface SimWorker {
  index: number;
  workerId: string;
  nodeId: string;
  p2pPort: number;
  artifacts: string[];
  legacy: boolean;
  /** Current state per (replica, chunk). */
  states: number[][];
}

/** Runs fn for each item with at most `limit` in flight. */
async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

function exportableMemInfo(w: SimWorker, slot: number): Message {
  return {
    node_id: w.nodeId,
    node_address: '127.0.0.1',
    node_port: 1 + ((w.index * 8 + slot) % 65000),
    memory_size: '4096',
    memory_type: 'MEMORY_TYPE_GPU',
    device_id: slot,
    remote_memory_keys: ['rk0'],
    buffer_sizes: ['4096'],
    transport: {
      export_state: 'EXPORT_STATE_EXPORTABLE',
      export_generation: '1',
      remote_memory_keys: ['rk0'],
      buffer_sizes: ['4096'],
    },
  };
}

function chunkBatch(w: SimWorker, replicaSlots: readonly number[]): Message {
  const updates: Message[] = [];
  for (const slot of replicaSlots) {
    for (let chunk = 0; chunk < w.states[slot].length; chunk += 1) {
      updates.push({
        artifact_id: w.artifacts[slot],
        chunk_idx: chunk,
        state: STATES[w.states[slot][chunk]],
        device_uuid: `GPU-${slot}`,
        replica: 0,
      });
    }
  }
  return { worker_id: w.workerId, node_id: w.nodeId, updates };
}

interface WindowResult {
  kind: 'reference' | 'daemon';
  wallSeconds: number;
  serverCpuSeconds: number;
  otherCpuSeconds: number;
  calls: number;
  heartbeats: number;
  syncs: number;
  /** Chunk updates carried by the syncs. */
  updates: number;
  errors: number;
  heartbeatLatency: LatencySummary;
}

/**
 * One window of compressed daemon timers. Every daemon's heartbeat (and chunk sync) is
 * spread evenly over its period, as real daemons started at different times are.
 */
async function runWindow(
  kind: WindowResult['kind'],
  workers: SimWorker[],
  clients: ServiceClient[],
  options: Options,
  serverPid: number,
): Promise<WindowResult> {
  const heartbeatPeriod = HEARTBEAT_MS / options.compress;
  const syncPeriod = CHUNK_SYNC_MS / options.compress;
  const latencies: number[] = [];
  let calls = 0;
  let heartbeats = 0;
  let syncs = 0;
  let updates = 0;
  let errors = 0;
  const inflight = new Set<Promise<void>>();
  const fire = (method: string, request: object, record: boolean) => {
    const started = performance.now();
    calls += 1;
    const p = unary(clients[calls % clients.length], method, request, 30_000).then(
      (response) => {
        if (record) latencies.push(performance.now() - started);
        const status = response.status;
        if (status !== undefined && status !== 'STATUS_OK') errors += 1;
      },
      () => {
        errors += 1;
      },
    );
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  const meter = new CpuMeter([serverPid]);
  const started = performance.now();
  const end = started + options.seconds * 1000;
  let hbCursor = 0;
  let syncCursor = 0;
  const n = workers.length;
  while (performance.now() < end) {
    const elapsed = performance.now() - started;
    const hbDue = Math.floor((elapsed / heartbeatPeriod) * n);
    for (; hbCursor < hbDue; hbCursor += 1) {
      const w = workers[hbCursor % n];
      heartbeats += 1;
      fire(
        'WorkerHeartbeat',
        {
          worker_id: w.workerId,
          state_version: '1',
          accepting_new_requests: true,
          mem_pool_available_size: '536870912',
          registered_artifact_ids: w.artifacts,
        },
        true,
      );
    }
    if (kind === 'daemon') {
      const syncDue = Math.floor((elapsed / syncPeriod) * n);
      for (; syncCursor < syncDue; syncCursor += 1) {
        const w = workers[syncCursor % n];
        const changed: number[] = [];
        for (let slot = 0; slot < w.artifacts.length; slot += 1) {
          if (Math.random() < options.changedShare) {
            changed.push(slot);
            w.states[slot] = w.states[slot].map((s) => (s + 1) % STATES.length);
          }
        }
        const slots = w.legacy ? w.artifacts.map((_, i) => i) : changed;
        const batch = chunkBatch(w, slots);
        syncs += 1;
        updates += (batch.updates as unknown[]).length;
        fire('BatchUpdateChunkStates', batch, false);
      }
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all([...inflight]);
  const cpu = meter.read();
  return {
    kind,
    wallSeconds: cpu.wallSeconds,
    serverCpuSeconds: cpu.serverSeconds ?? Number.NaN,
    otherCpuSeconds: cpu.otherSeconds ?? Number.NaN,
    calls,
    heartbeats,
    syncs,
    updates,
    errors,
    heartbeatLatency: summarize(latencies),
  };
}

interface StormResult {
  grants: number;
  timedOut: number;
  errors: number;
  wallSeconds: number;
  grantLatency: LatencySummary;
  uncontended: LatencySummary;
}

async function runStorm(
  requesters: SimWorker[],
  clients: ServiceClient[],
  artifactId: string,
  options: Options,
): Promise<StormResult> {
  let seq = 0;
  const request = (w: SimWorker) => ({
    artifact_id: artifactId,
    source_node_id: w.nodeId,
    source_address: '127.0.0.1',
    source_port: w.p2pPort,
    requester_worker_id: w.workerId,
    request_id: `storm-${process.pid}-${(seq += 1)}`,
    wait_timeout_dur: { seconds: '10', nanos: 0 },
  });
  // Reference: one requester, every slot free.
  const uncontended: number[] = [];
  for (let i = 0; i < 50; i += 1) {
    const t0 = performance.now();
    const r = await unary(clients[0], 'RequestReplicaTransport', request(requesters[0]), 15_000);
    uncontended.push(performance.now() - t0);
    await unary(clients[0], 'CompleteReplicaTransport', {
      transport_id: r.transport_id,
      outcome: 'TRANSPORT_COMPLETION_OUTCOME_SUCCESS',
    });
  }
  const latencies: number[] = [];
  let grants = 0;
  let timedOut = 0;
  let errors = 0;
  const started = performance.now();
  const end = started + options.stormSeconds * 1000;
  await Promise.all(
    requesters.map(async (w, i) => {
      const client = clients[i % clients.length];
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          const r = await unary(client, 'RequestReplicaTransport', request(w), 15_000);
          if (r.status === 'STATUS_OK') {
            grants += 1;
            latencies.push(performance.now() - t0);
            if (options.transferMs > 0)
              await new Promise((res) => setTimeout(res, options.transferMs));
            const c = await unary(client, 'CompleteReplicaTransport', {
              transport_id: r.transport_id,
              outcome: 'TRANSPORT_COMPLETION_OUTCOME_SUCCESS',
            });
            if (c.status !== 'STATUS_OK') errors += 1;
          } else if (r.status === 'STATUS_TIMED_OUT') {
            timedOut += 1;
          } else {
            errors += 1;
          }
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return {
    grants,
    timedOut,
    errors,
    wallSeconds: (performance.now() - started) / 1000,
    grantLatency: summarize(latencies),
    uncontended: summarize(uncontended),
  };
}

export async function runDaemonSim(options: Options): Promise<boolean> {
  const profiled = options.profileDir;
  const server = await spawnGlobalStore(
    {
      // Liveness is not what is measured: setup of thousands of daemons on a busy machine can
      // take longer than a real timeout, and a timed-out daemon would only answer NOT_FOUND.
      worker_policy: { heartbeat_timeout: '3600s', default_heartbeat_interval: '5s' },
    },
    profiled ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profiled}`] } : {},
  );
  const sinceSpawn = () => Date.now() - server.startedAt;
  const daemonWindowsMs: [number, number][] = [];
  const stormWindowMs: [number, number][] = [];
  const runtime = openClients(server.address, 'ClusterRuntimeService', CONNECTIONS);
  let ok = true;
  try {
    await waitForReady(runtime);
    process.stdout.write(
      `daemon-sim: ${options.workers} daemons × ${options.replicas} GPU replicas × ${options.chunks} chunks, ` +
        `timers compressed ${options.compress}× (heartbeat ${HEARTBEAT_MS / options.compress} ms, ` +
        `chunk sync ${CHUNK_SYNC_MS / options.compress} ms); ${cpus().length} cores, ` +
        `load ${loadavg()[0].toFixed(2)}\n`,
    );
    const workers: SimWorker[] = Array.from({ length: options.workers }, (_, index) => ({
      index,
      workerId: '',
      nodeId: `sim-node-${index}`,
      p2pPort: 0,
      artifacts: Array.from({ length: options.replicas }, (_, r) => `sim-art-${index % 97}-${r}`),
      legacy: index < options.workers * options.legacyShare,
      states: Array.from({ length: options.replicas }, () =>
        new Array<number>(options.chunks).fill(0),
      ),
    }));
    const setupStarted = performance.now();
    await inParallel(workers, 32, async (w) => {
      const client = runtime[w.index % runtime.length];
      const grpcPort = 1024 + ((w.index * 2) % 60000);
      w.p2pPort = grpcPort + 1;
      const reg = await unary(client, 'RegisterWorker', {
        node_id: w.nodeId,
        node_address: `127.0.${(w.index >> 8) & 255}.${w.index & 255}`,
        grpc_port: grpcPort,
        p2p_port: w.p2pPort,
        mem_pool_total_size: '1073741824',
        mem_pool_available_size: '536870912',
        daemon_id: `sim-daemon-${process.pid}-${w.index}`,
      });
      w.workerId = reg.worker_id as string;
      for (let slot = 0; slot < w.artifacts.length; slot += 1) {
        await unary(client, 'RegisterReplica', {
          artifact_id: w.artifacts[slot],
          worker_id: w.workerId,
          max_concurrency: options.maxConcurrency,
          mem_info: exportableMemInfo(w, slot),
        });
      }
      await unary(
        client,
        'BatchUpdateChunkStates',
        chunkBatch(
          w,
          w.artifacts.map((_, i) => i),
        ),
      );
    });
    process.stdout.write(
      `setup: ${options.workers} daemons registered with replicas and chunk rows in ` +
        `${((performance.now() - setupStarted) / 1000).toFixed(1)} s\n`,
    );
    await waitForIdle([server.pid], { timeoutMs: 10_000 });

    const windows: WindowResult[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      for (const kind of ['reference', 'daemon'] as const) {
        const from = sinceSpawn();
        windows.push(await runWindow(kind, workers, runtime, options, server.pid));
        if (kind === 'daemon') daemonWindowsMs.push([from, sinceSpawn()]);
        await waitForIdle([server.pid], { timeoutMs: 10_000 });
      }
    }
    // Costs per call, not per wall second: on a busy machine the load generator falls behind
    // its schedule, so the calls actually made are what the CPU paid for. A daemon makes 12
    // heartbeats and 6 chunk syncs a minute.
    const refs = windows.filter((w) => w.kind === 'reference');
    const fulls = windows.filter((w) => w.kind === 'daemon');
    const perHeartbeat = Math.min(...refs.map((w) => w.serverCpuSeconds / w.heartbeats));
    const perSync = Math.min(
      ...fulls.map((w) => (w.serverCpuSeconds - w.heartbeats * perHeartbeat) / w.syncs),
    );
    const rows: Row[] = windows.map((w, i) => ({
      window: `${Math.floor(i / 2) + 1} ${w.kind}`,
      heartbeats: count(w.heartbeats),
      'chunk syncs': count(w.syncs),
      'chunk updates': count(w.updates),
      errors: count(w.errors),
      'server CPU s': w.serverCpuSeconds.toFixed(2),
      'other CPU s': w.otherCpuSeconds.toFixed(2),
      'µs / call': ((w.serverCpuSeconds * 1e6) / (w.heartbeats + w.syncs)).toFixed(0),
      'hb p50': ms(w.heartbeatLatency.p50Ms),
      'hb p99': ms(w.heartbeatLatency.p99Ms),
    }));
    printTable(rows);
    const heartbeatMinuteMs = 12 * perHeartbeat * 1000;
    const syncMinuteMs = 6 * perSync * 1000;
    const daemonMinuteMs = heartbeatMinuteMs + syncMinuteMs;
    process.stdout.write(
      `server CPU per call (best window): heartbeat ${(perHeartbeat * 1e6).toFixed(0)} µs, ` +
        `chunk sync ${(perSync * 1e6).toFixed(0)} µs\n` +
        `server CPU per daemon per minute: heartbeats only (reference) ${heartbeatMinuteMs.toFixed(2)} ms, ` +
        `full daemon ${daemonMinuteMs.toFixed(2)} ms (${ratio(daemonMinuteMs / heartbeatMinuteMs)} ` +
        `of the reference); at 10k daemons ${((daemonMinuteMs * 10_000) / 60_000).toFixed(3)} cores ` +
        `(heartbeats alone ${((heartbeatMinuteMs * 10_000) / 60_000).toFixed(3)})\n`,
    );
    if (windows.some((w) => w.errors > 0)) ok = false;

    // Storm: the first sources hold the storm artifact, the next daemons request it.
    const stormArtifact = `storm-${process.pid}`;
    const sources = workers.slice(0, options.stormSources);
    for (const [i, w] of sources.entries()) {
      await unary(runtime[0], 'RegisterReplica', {
        artifact_id: stormArtifact,
        worker_id: w.workerId,
        max_concurrency: options.maxConcurrency,
        mem_info: { ...exportableMemInfo(w, 7), device_id: 7, node_port: 65001 + i },
      });
    }
    const requesters = workers.slice(
      options.stormSources,
      options.stormSources + options.stormRequesters,
    );
    // Keep the storm's daemons alive: the windows are over, nothing else heartbeats now.
    const keep = setInterval(() => {
      for (const w of [...sources, ...requesters]) {
        void unary(runtime[w.index % runtime.length], 'WorkerHeartbeat', {
          worker_id: w.workerId,
          state_version: '1',
          accepting_new_requests: true,
        }).catch(() => undefined);
      }
    }, 2000);
    const stormFrom = sinceSpawn();
    const storm = await runStorm(requesters, runtime, stormArtifact, options).finally(() =>
      clearInterval(keep),
    );
    stormWindowMs.push([stormFrom, sinceSpawn()]);
    const ideal =
      options.transferMs > 0
        ? (options.stormSources * options.maxConcurrency * 1000) / options.transferMs
        : Number.NaN;
    printTable([
      {
        case: 'uncontended grant (reference)',
        count: count(storm.uncontended.count),
        p50: ms(storm.uncontended.p50Ms),
        p99: ms(storm.uncontended.p99Ms),
        'grants/s': '',
      },
      {
        case: `storm ${options.stormRequesters} req / ${options.stormSources}×${options.maxConcurrency} slots`,
        count: count(storm.grants),
        p50: ms(storm.grantLatency.p50Ms),
        p99: ms(storm.grantLatency.p99Ms),
        'grants/s': `${(storm.grants / storm.wallSeconds).toFixed(0)} (ideal ${ideal.toFixed(0)})`,
      },
    ]);
    process.stdout.write(`storm: ${storm.timedOut} timed out, ${storm.errors} errors\n`);
    if (storm.errors > 0) ok = false;
  } finally {
    closeClients(runtime);
    await server.stop();
  }
  if (profiled) {
    // --cpu-prof writes the profile as the server exits.
    const [path] = readdirSync(profiled)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(profiled, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    if (path) {
      for (const [label, windowsMs] of [
        ['daemon windows', daemonWindowsMs],
        ['transport storm', stormWindowMs],
      ] as const) {
        const summary = summarizeCpuProfile(path, { top: 12, windowsMs });
        process.stdout.write(`\nprofile (${label}): ${summary.busyMs.toFixed(0)} ms busy\n`);
        printTable(selfTimeRows(summary.byPackage, 'package'));
        printTable(selfTimeRows(summary.byFunction, 'function (self time)'));
      }
    }
  }
  return ok;
}

const USAGE =
  'usage: daemon-sim [--workers=N] [--replicas=N] [--chunks=N] [--compress=X] [--seconds=S] ' +
  '[--rounds=N] [--changed-share=F] [--legacy-share=F] [--storm-requesters=N] ' +
  '[--storm-sources=N] [--max-concurrency=N] [--storm-seconds=S] [--transfer-ms=N] ' +
  '[--profile-dir=DIR]\n';

export async function main(argv: readonly string[]): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}`);
    return 2;
  }
  return (await runDaemonSim(options)) ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `daemon-sim bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
