/**
 * Issue 16's fleet row: N simulated TensorCast daemons × R replicas against the real Global
 * Store (a child process on an SQLite file, synchronous FULL), each daemon on its own gRPC
 * channel and behaving as the spec says daemons do (behavior.md, daemon-rpcs.md,
 * docs/reconcile.md "The resync procedure"):
 *
 *  - RegisterWorker, then a SNAPSHOT of its whole inventory (request_seq 1, 2, … per
 *    generation; a seq is consumed only by a definite answer, so a lost answer is resent
 *    with the same seq and comes back NOOP);
 *  - WorkerHeartbeat every heartbeat_interval_ms (what RegisterWorker answered; the config
 *    here says 1 s) carrying state_version, the daemon's own state_checksum of its inventory
 *    (libs/workers' FNV-1a, all available) and the inventory's artifact ids;
 *    STATUS_NOT_FOUND → re-register and snapshot; state_sync_required → SNAPSHOT;
 *  - reconcile answers: APPLIED/NOOP adopt version and checksum, RETRY_LATER waits
 *    retry_after_ms, IGNORED_STALE moves to the next seq, REBASE_REQUIRED and gRPC NOT_FOUND
 *    (FATAL) re-register;
 *  - every call retries DEADLINE_EXCEEDED, INTERNAL, UNKNOWN and UNAVAILABLE 3 times within
 *    60 s (daemon-rpcs.md, "Common rules"); the spec gives no schedule, so the waits follow
 *    gRPC's connection-backoff defaults (1 s, ×1.6, ±20 % jitter), which is also what each
 *    daemon's channel does when it reconnects (grpc-js defaults, as in every gRPC stack).
 *
 * Measured, per build and round:
 *  - first convergence: every daemon started at once against a fresh server, until every
 *    replica is registered and available (the daemons' last APPLIED/NOOP snapshot answer,
 *    checked against GetClusterStatus);
 *  - after SIGTERM and a restart on the same file: the old process's exit, SERVING of the
 *    new one (spawn → /health 200) and the time until every daemon's post-restart SNAPSHOT
 *    was answered (all replicas available again, checked the same way), all from the
 *    SIGTERM; and where the time went (first answered call after the restart, snapshot
 *    latency);
 *  - reference, same run: the same restart with no fleet (an empty database), the floor the
 *    fleet can reach; with --reference-main=PATH (another build's dist/global-store.js, or
 *    dist/apps/global-store/src/main.js before bundling) every measure again for that build, rounds
 *    interleaved with ours.
 *
 *   node dist/bench/fleet.bench.js [--daemons=500] [--replicas=50] [--rounds=2]
 *     [--heartbeat-ms=1000] [--timeout-seconds=180] [--reference-main=PATH] [--profile-dir=DIR]
 *     [--quick]
 *
 * Exits 0, 1 when a measurement failed (a fleet did not converge, counts disagree), 2 on bad usage.
 */
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError, intArg, numberArg, parseStringOptions, runBenchMain } from './support/args';
import { Message, ServiceClient, openClients, unary } from './support/clients';
import { ADMIN_GRPC_PACKAGE } from '../libs/grpc/src';
import { stateChecksum } from '../libs/workers/src';
import { selfTimeRows, summarizeCpuProfile } from './support/cpu-profile';
import { FixtureWorker, fixtureInventory, fixtureRegisterRequest } from './support/scale-fixture';
import {
  ConfigDocument,
  GLOBAL_STORE_MAIN_JS,
  SpawnedGlobalStore,
  freePorts,
  spawnGlobalStore,
} from './support/servers';
import { LatencySummary, summarize } from './support/stats';
import { Row, count, printTable } from './support/table';

export interface FleetOptions {
  daemons: number;
  replicas: number;
  rounds: number;
  heartbeatMs: number;
  timeoutSeconds: number;
  referenceMain?: string;
  profileDir?: string;
}

const DEFAULTS: FleetOptions = {
  daemons: 500,
  replicas: 50,
  rounds: 2,
  heartbeatMs: 1000,
  timeoutSeconds: 180,
};

const QUICK: Partial<FleetOptions> = { daemons: 20, replicas: 5, rounds: 1, timeoutSeconds: 60 };

export const TARGET_FIRST_S = 10;
export const TARGET_RESTART_S = 5;

const USAGE =
  'usage: node dist/bench/fleet.bench.js [--daemons=N] [--replicas=N] [--rounds=N] ' +
  '[--heartbeat-ms=N] [--timeout-seconds=S] [--reference-main=PATH] [--profile-dir=DIR] [--quick]';

export function parseFleetArgs(argv: readonly string[]): FleetOptions {
  const quick = argv.includes('--quick');
  const v = parseStringOptions(
    argv.filter((a) => a !== '--quick'),
    [
      'daemons',
      'replicas',
      'rounds',
      'heartbeat-ms',
      'timeout-seconds',
      'reference-main',
      'profile-dir',
    ],
  );
  const d = quick ? { ...DEFAULTS, ...QUICK } : DEFAULTS;
  return {
    daemons: intArg('daemons', v.daemons, d.daemons),
    replicas: intArg('replicas', v.replicas, d.replicas),
    rounds: intArg('rounds', v.rounds, d.rounds),
    heartbeatMs: intArg('heartbeat-ms', v['heartbeat-ms'], d.heartbeatMs, 100),
    timeoutSeconds: numberArg('timeout-seconds', v['timeout-seconds'], d.timeoutSeconds, 1),
    referenceMain: v['reference-main'] === undefined ? undefined : resolve(v['reference-main']),
    profileDir: v['profile-dir'] === undefined ? undefined : resolve(v['profile-dir']),
  };
}

// ---------------------------------------------------------------------------------------
// The daemon

const RETRYABLE = new Set([
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.INTERNAL,
  grpc.status.UNKNOWN,
  grpc.status.UNAVAILABLE,
]);
const RETRIES = 3;
const RETRY_WINDOW_MS = 60_000;
/** gRPC's connection-backoff defaults (doc/connection-backoff.md), used for call retries too. */
const BACKOFF = { initialMs: 1000, multiplier: 1.6, jitter: 0.2, maxMs: 120_000 };
const CALL_DEADLINE_MS = 20_000;

function sleep(msDelay: number): Promise<void> {
  return new Promise((r) => setTimeout(r, msDelay));
}

function jittered(baseMs: number): number {
  return baseMs * (1 + BACKOFF.jitter * (2 * Math.random() - 1));
}

/** A call as the daemon's client makes it: retryable codes 3 more times, within 60 s. */
async function daemonCall(
  client: ServiceClient,
  method: string,
  request: object,
  stopped: () => boolean,
): Promise<Message> {
  const started = Date.now();
  let backoff = BACKOFF.initialMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await unary(client, method, request, CALL_DEADLINE_MS);
    } catch (error) {
      const code = (error as grpc.ServiceError).code;
      const wait = jittered(backoff);
      if (
        !RETRYABLE.has(code) ||
        attempt >= RETRIES ||
        stopped() ||
        Date.now() + wait - started > RETRY_WINDOW_MS
      )
        throw error;
      await sleep(wait);
      backoff = Math.min(backoff * BACKOFF.multiplier, BACKOFF.maxMs);
    }
  }
}

class GaveUp extends Error {}

interface DaemonEvents {
  /** A reconcile answer that left every replica of this daemon registered and available. */
  synced(daemon: SimDaemon, at: number): void;
  /** Any call answered by the server (after retries). */
  answered(daemon: SimDaemon, at: number): void;
  error(kind: string): void;
}

class SimDaemon {
  readonly client: ServiceClient;
  readonly worker: FixtureWorker;
  readonly inventory: Message[];
  private readonly artifactIds: string[];
  private registered = false;
  private stateVersion = '1';
  private readonly checksum: string;
  private intervalMs: number;
  private stopping = false;
  private loop: Promise<void> | undefined;
  /** Set by each snapshot answer; read by the bench. */
  syncs = 0;

  constructor(
    address: string,
    readonly index: number,
    private readonly runId: string,
    replicas: number,
    heartbeatMs: number,
    private readonly events: DaemonEvents,
  ) {
    // One channel (one HTTP/2 connection) per daemon, as each real daemon has its own.
    [this.client] = openClients(address, 'ClusterRuntimeService', 1, {
      'grpc.max_receive_message_length': 64 * 1024 * 1024,
      'grpc.fleet_daemon_index': index,
    });
    const request = fixtureRegisterRequest(this.runId, index, 'fleet');
    this.worker = {
      index,
      address: request.node_address as string,
      workerId: '',
      daemonId: request.daemon_id as string,
      nodeId: request.node_id as string,
      generation: '0',
      seq: 0,
    };
    // Captured once, when the daemon loaded its replicas (registered_ts = capture time).
    this.inventory = fixtureInventory(this.worker, replicas);
    this.artifactIds = this.inventory.map((item) => (item.ref as Message).artifact_id as string);
    // As real daemons do, heartbeats carry the checksum of what the daemon holds (all of it
    // available), computed by the daemon itself: a server that lost availability (restart)
    // or answered a resent request NOOP without applying it (rule 4) then still differs.
    this.checksum = stateChecksum(
      this.inventory.map((item) => {
        const info = item.memory_info as Message;
        return {
          artifactId: (item.ref as Message).artifact_id as string,
          viewId: '',
          nodeId: info.node_id as string,
          nodeAddress: info.node_address as string,
          nodePort: info.node_port as number,
          deviceId: info.device_id as number,
          memoryType: 'GPU' as const,
          available: true,
        };
      }),
    );
    this.intervalMs = heartbeatMs;
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
    this.client.close();
  }

  private async run(): Promise<void> {
    let next = Date.now();
    while (!this.stopping) {
      try {
        if (!this.registered) {
          await this.register();
          await this.snapshot();
        } else {
          const answer = await this.call('WorkerHeartbeat', {
            worker_id: this.worker.workerId,
            mem_pool_available_size: '429496729600',
            accepting_new_requests: true,
            state_version: this.stateVersion,
            state_checksum: this.checksum,
            registered_artifact_ids: this.artifactIds,
          });
          if (answer.status === 'STATUS_NOT_FOUND') {
            this.registered = false;
            continue;
          }
          if (answer.state_sync_required === true) await this.snapshot();
        }
      } catch (error) {
        if (!(error instanceof GaveUp)) this.events.error(describe(error));
      }
      next += this.intervalMs;
      const wait = next - Date.now();
      if (wait > 0) await sleep(wait);
      else next = Date.now();
    }
  }

  private async call(method: string, request: object): Promise<Message> {
    try {
      const answer = await daemonCall(this.client, method, request, () => this.stopping);
      this.events.answered(this, Date.now());
      return answer;
    } catch (error) {
      const code = (error as grpc.ServiceError).code;
      if (code === grpc.status.NOT_FOUND) this.events.answered(this, Date.now());
      if (RETRYABLE.has(code)) {
        this.events.error(`${method}: ${grpc.status[code]} after ${RETRIES} retries`);
        throw new GaveUp();
      }
      throw error;
    }
  }

  private async register(): Promise<void> {
    const answer = await this.call(
      'RegisterWorker',
      fixtureRegisterRequest(this.runId, this.index, 'fleet'),
    );
    if (answer.status !== 'STATUS_OK') throw new Error(`RegisterWorker: ${String(answer.status)}`);
    this.worker.workerId = answer.worker_id as string;
    this.worker.generation = answer.reconcile_generation as string;
    this.worker.seq = 0;
    this.stateVersion = String(answer.expected_state_version ?? '1');
    const interval = Number(answer.heartbeat_interval_ms);
    if (interval > 0) this.intervalMs = interval;
    this.registered = true;
  }

  /** SNAPSHOT with the next seq, handling every reconcile answer the resync procedure names. */
  private async snapshot(): Promise<void> {
    for (let tries = 0; tries < 50 && !this.stopping; tries++) {
      let answer: Message;
      try {
        answer = await this.call('ReconcileWorkerState', {
          worker_id: this.worker.workerId,
          daemon_id: this.worker.daemonId,
          generation: this.worker.generation,
          request_seq: String(this.worker.seq + 1),
          request_kind: 'RECONCILE_REQUEST_KIND_SNAPSHOT',
          inventory: this.inventory,
        });
      } catch (error) {
        if ((error as grpc.ServiceError).code === grpc.status.NOT_FOUND) {
          // FATAL: the worker is unknown or inactive here.
          await this.register();
          continue;
        }
        throw error;
      }
      const kind = String(answer.result_kind).replace('RECONCILE_RESULT_KIND_', '');
      if (kind === 'APPLIED' || kind === 'NOOP') {
        this.worker.seq += 1;
        this.stateVersion = String(answer.new_state_version);
        this.syncs += 1;
        // Synced only when the server now holds what the daemon holds: a resent request the
        // server had already applied before a restart answers NOOP (rule 4) without applying
        // it, and the next heartbeat asks for another SNAPSHOT.
        if (answer.new_state_checksum === this.checksum) this.events.synced(this, Date.now());
        else
          this.events.error(`SNAPSHOT ${kind} with the server's checksum ≠ the daemon's (resent)`);
        return;
      }
      if (kind === 'RETRY_LATER') {
        await sleep(Number(answer.retry_after_ms) || 100);
      } else if (kind === 'IGNORED_STALE') {
        this.worker.seq += 1;
      } else if (kind === 'REBASE_REQUIRED') {
        await this.register();
      } else {
        throw new Error(`ReconcileWorkerState answered ${kind}`);
      }
    }
  }
}

function describe(error: unknown): string {
  const code = (error as grpc.ServiceError).code;
  if (code !== undefined) return `${grpc.status[code]}: ${(error as Error).message.slice(0, 120)}`;
  return error instanceof Error ? error.message.slice(0, 160) : String(error);
}

// ---------------------------------------------------------------------------------------
// The fleet and the measurements

class Fleet implements DaemonEvents {
  readonly daemons: SimDaemon[] = [];
  private syncedAfter = new Map<number, number>();
  private firstAnswerAfter = new Map<number, number>();
  private since = 0;
  private waiters: (() => void)[] = [];
  readonly errors = new Map<string, number>();

  constructor(address: string, options: FleetOptions, runId: string) {
    for (let i = 0; i < options.daemons; i++) {
      this.daemons.push(
        new SimDaemon(address, i, runId, options.replicas, options.heartbeatMs, this),
      );
    }
  }

  /** Forget every daemon's sync: from now on each must sync again to count. */
  resetFrom(at: number): void {
    this.since = at;
    this.syncedAfter.clear();
    this.firstAnswerAfter.clear();
  }

  synced(daemon: SimDaemon, at: number): void {
    if (at < this.since || this.syncedAfter.has(daemon.index)) return;
    this.syncedAfter.set(daemon.index, at);
    if (this.syncedAfter.size === this.daemons.length) this.waiters.splice(0).forEach((w) => w());
  }

  answered(daemon: SimDaemon, at: number): void {
    if (at >= this.since && !this.firstAnswerAfter.has(daemon.index))
      this.firstAnswerAfter.set(daemon.index, at);
  }

  error(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  start(): void {
    for (const d of this.daemons) d.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.daemons.map((d) => d.stop()));
  }

  /** Resolves with the time (Date.now()) the last daemon synced, or rejects at the timeout. */
  async allSynced(timeoutMs: number): Promise<number> {
    if (this.syncedAfter.size < this.daemons.length) {
      await new Promise<void>((resolveWait, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `only ${this.syncedAfter.size} of ${this.daemons.length} daemons synced within ` +
                  `${timeoutMs / 1000} s; errors: ${[...this.errors].map(([k, n]) => `${n}× ${k}`).join('; ')}`,
              ),
            ),
          timeoutMs,
        );
        this.waiters.push(() => {
          clearTimeout(timer);
          resolveWait();
        });
      });
    }
    return Math.max(...this.syncedAfter.values());
  }

  /** Per daemon, ms after `from`: first answered call, and sync. */
  timeline(from: number): { firstAnswer: LatencySummary; synced: LatencySummary } {
    return {
      firstAnswer: summarize([...this.firstAnswerAfter.values()].map((t) => t - from)),
      synced: summarize([...this.syncedAfter.values()].map((t) => t - from)),
    };
  }
}

/**
 * Replica counts as the server reports them (admin GetClusterStatus, read from the database),
 * until they reach `expected` or 5 s have passed; a late agreement is logged, not hidden.
 */
async function settledCounts(
  address: string,
  expected: number,
  what: string,
): Promise<{ available: number; total: number }> {
  const first = await replicaCounts(address);
  let counts = first;
  const started = Date.now();
  while (counts.available !== expected && Date.now() - started < 5000) {
    await sleep(500);
    counts = await replicaCounts(address);
  }
  if (counts.available === expected && first.available !== expected) {
    log(
      `note: ${what}, GetClusterStatus said ${first.available} of ${first.total} available, ` +
        `${expected} only ${Date.now() - started} ms later`,
    );
  }
  return counts;
}

/** Replica counts as the server reports them (admin GetClusterStatus). */
async function replicaCounts(address: string): Promise<{ available: number; total: number }> {
  const [client] = openClients(address, `${ADMIN_GRPC_PACKAGE}.GlobalStoreAdmin`, 1);
  try {
    const { status } = await unary<{ status: Message }>(client, 'GetClusterStatus', {}, 30_000);
    let available = 0;
    for (const tier of status.replicas_by_tier as Message[]) available += Number(tier.available);
    return { available, total: Number(status.replica_total) };
  } finally {
    client.close();
  }
}

interface RoundResult {
  build: string;
  firstConvergenceMs: number;
  shutdownMs: number;
  servingMs: number;
  availableMs: number;
  firstAnswerP50Ms: number;
  firstAnswerMaxMs: number;
  syncAfterAnswerMaxMs: number;
  emptyShutdownMs: number;
  emptyServingMs: number;
  errors: string;
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The Global Store on a fixed database file and fixed ports, restartable. */
class Store {
  server: SpawnedGlobalStore | undefined;
  constructor(
    private readonly config: ConfigDocument,
    private readonly mainJs: string,
  ) {}

  /** Spawns; resolves with ms from spawn to /health 200 (SERVING). */
  async start(nodeArgs: string[] = []): Promise<number> {
    const server = await spawnGlobalStore(this.config, {
      mainJs: this.mainJs,
      nodeArgs,
      pollMs: 5,
      startTimeoutMs: 120_000,
    });
    this.server = server;
    return server.servingAt - server.startedAt;
  }

  /** SIGTERM; resolves with ms until the process exited. */
  async stop(): Promise<number> {
    const t0 = Date.now();
    const code = await this.server?.stop(60_000);
    if (code !== 0 && code !== undefined) log(`warning: the Global Store exited with ${code}`);
    return Date.now() - t0;
  }
}

async function storeConfig(dir: string): Promise<ConfigDocument> {
  const [grpcPort, metricsPort] = await freePorts(2);
  return {
    database: {
      db_file: join(dir, 'global-store.db'),
      synchronous: 'FULL',
      background_integrity_check_delay: null,
    },
    server: { listen: { host: '127.0.0.1', port: grpcPort }, metrics_port: metricsPort },
    worker_policy: { default_heartbeat_interval: '1s', heartbeat_timeout: '30s' },
  };
}

async function emptyRestart(
  mainJs: string,
  root: string,
): Promise<{ shutdownMs: number; servingMs: number }> {
  const dir = mkdtempSync(join(root, 'empty-'));
  const store = new Store(await storeConfig(dir), mainJs);
  try {
    await store.start();
    const shutdownMs = await store.stop();
    const t0 = Date.now();
    await store.start();
    return { shutdownMs, servingMs: shutdownMs + (Date.now() - t0) };
  } finally {
    await store.stop();
  }
}

async function fleetRound(
  build: string,
  mainJs: string,
  options: FleetOptions,
  root: string,
  round: number,
): Promise<RoundResult> {
  const dir = mkdtempSync(join(root, `${build}-`));
  const config = await storeConfig(dir);
  const store = new Store(config, mainJs);
  const runId = `${process.pid}${round}${build.length}`;
  const timeoutMs = options.timeoutSeconds * 1000;
  const expected = options.daemons * options.replicas;
  await store.start();
  const address = store.server?.address ?? '';
  const fleet = new Fleet(address, options, runId);
  try {
    const t0 = Date.now();
    fleet.resetFrom(t0);
    fleet.start();
    const firstConvergenceMs = (await fleet.allSynced(timeoutMs)) - t0;
    const first = await settledCounts(address, expected, 'after the first convergence');
    if (first.available !== expected || first.total !== expected) {
      throw new Error(
        `after first convergence the server reports ${first.available} of ${first.total} replicas available, expected ${expected}`,
      );
    }
    log(
      `${build} round ${round}: first convergence of ${count(options.daemons)} daemons × ${options.replicas} replicas ` +
        `in ${count(firstConvergenceMs)} ms; load average ${loadAverage()}`,
    );
    // Let the fleet settle into its heartbeat rhythm before the restart.
    await sleep(Math.max(2 * options.heartbeatMs, 1000));

    const profiling = options.profileDir && build === 'ours' && round === 1;
    const sigterm = Date.now();
    const shutdownMs = await store.stop();
    fleet.resetFrom(Date.now());
    const spawnedAt = Date.now();
    const spawnToServing = await store.start(
      profiling ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [],
    );
    const servingMs = spawnedAt - sigterm + spawnToServing;
    const clientCpu0 = process.cpuUsage();
    const allAt = await fleet.allSynced(timeoutMs);
    const availableMs = allAt - sigterm;
    const clientCpu = process.cpuUsage(clientCpu0);
    const serverCpuS = store.server?.cpuSeconds() ?? Number.NaN;
    const after = await settledCounts(address, expected, 'after the restart');
    if (after.available !== expected) {
      throw new Error(
        `after the restart the server reports ${after.available} of ${after.total} replicas available, expected ${expected}`,
      );
    }
    const timeline = fleet.timeline(sigterm);
    log(
      `${build} round ${round}: restart: exited ${count(shutdownMs)} ms after SIGTERM, SERVING at ${count(servingMs)} ms, ` +
        `all ${count(expected)} replicas available at ${count(availableMs)} ms; first answered call per daemon ` +
        `p50 ${count(timeline.firstAnswer.p50Ms)} max ${count(timeline.firstAnswer.maxMs)} ms, synced p50 ` +
        `${count(timeline.synced.p50Ms)} max ${count(timeline.synced.maxMs)} ms; CPU from spawn to all available: ` +
        `server ${serverCpuS.toFixed(1)} s, simulated fleet ${((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)} s ` +
        `(from SERVING); load average ${loadAverage()}`,
    );
    const errors = [...fleet.errors].map(([k, n]) => `${n}× ${k}`).join('; ');
    if (errors)
      log(`${build} round ${round}: daemon-side failures (retried or gave up): ${errors}`);
    await fleet.stop();
    await store.stop();
    if (profiling)
      summarizeProfile(options.profileDir as string, servingMs - (spawnedAt - sigterm));
    const empty = await emptyRestart(mainJs, root);
    log(
      `${build} round ${round}: empty-fleet restart: exited ${count(empty.shutdownMs)} ms after SIGTERM, SERVING at ${count(empty.servingMs)} ms`,
    );
    return {
      build,
      firstConvergenceMs,
      shutdownMs,
      servingMs,
      availableMs,
      firstAnswerP50Ms: timeline.firstAnswer.p50Ms,
      firstAnswerMaxMs: timeline.firstAnswer.maxMs,
      syncAfterAnswerMaxMs: timeline.synced.maxMs - timeline.firstAnswer.maxMs,
      emptyShutdownMs: empty.shutdownMs,
      emptyServingMs: empty.servingMs,
      errors,
    };
  } finally {
    await fleet.stop();
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function summarizeProfile(dir: string, startupMs: number): void {
  const [path] = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!path) return;
  const summary = summarizeCpuProfile(path, { top: 15, windowsMs: [[0, startupMs]] });
  log(
    `\nprofile of the restarted server until SERVING (${path}): ${summary.busyMs.toFixed(0)} ms busy`,
  );
  printTable(selfTimeRows(summary.byPackage, 'package'));
  printTable(selfTimeRows(summary.byFunction, 'function (self time)'));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function seconds(msValue: number): string {
  return Number.isFinite(msValue) ? `${(msValue / 1000).toFixed(1)} s` : '-';
}

export async function runFleetBench(options: FleetOptions): Promise<boolean> {
  const root = mkdtempSync(join(tmpdir(), 'tc-fleet-'));
  const builds: [string, string][] = [['ours', GLOBAL_STORE_MAIN_JS]];
  if (options.referenceMain) builds.push(['reference', options.referenceMain]);
  const results: RoundResult[] = [];
  let ok = true;
  try {
    for (let round = 1; round <= options.rounds; round++) {
      // Alternate which build goes first, so drift in the machine's load hits both alike.
      const order = round % 2 === 1 ? builds : [...builds].reverse();
      for (const [build, mainJs] of order) {
        try {
          results.push(await fleetRound(build, mainJs, options, root, round));
        } catch (error) {
          ok = false;
          log(
            `FAIL ${build} round ${round}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const rows: Row[] = [];
  for (const [build] of builds) {
    const mine = results.filter((r) => r.build === build);
    if (mine.length === 0) continue;
    const m = (pick: (r: RoundResult) => number) => median(mine.map(pick));
    rows.push({
      build: `${build} (median of ${mine.length})`,
      'first convergence': seconds(m((r) => r.firstConvergenceMs)),
      'restart: exit': `${count(m((r) => r.shutdownMs))} ms`,
      SERVING: `${count(m((r) => r.servingMs))} ms`,
      'all available': seconds(m((r) => r.availableMs)),
      'first answer p50/max': `${count(m((r) => r.firstAnswerP50Ms))} / ${count(m((r) => r.firstAnswerMaxMs))} ms`,
      'empty-fleet SERVING': `${count(m((r) => r.emptyServingMs))} ms`,
    });
  }
  rows.push({
    build: 'target',
    'first convergence': `≤ ${TARGET_FIRST_S} s`,
    'restart: exit': '',
    SERVING: '',
    'all available': `≤ ${TARGET_RESTART_S} s`,
    'first answer p50/max': '',
    'empty-fleet SERVING': '',
  });
  log(
    `\nfleet of ${count(options.daemons)} daemons × ${options.replicas} replicas, heartbeats every ${options.heartbeatMs} ms; ` +
      'restart times from the SIGTERM; "empty-fleet SERVING" is the same restart with no fleet (the floor)',
  );
  printTable(rows);
  return ok;
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: FleetOptions;
  try {
    options = parseFleetArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  log(
    `fleet bench: ${count(options.daemons)} daemons × ${options.replicas} replicas, ${options.rounds} round(s)` +
      `${options.referenceMain ? `, reference ${options.referenceMain}` : ''}; load average ${loadAverage()}`,
  );
  return (await runFleetBench(options)) ? 0 : 1;
}

runBenchMain(module, 'fleet bench', main);
