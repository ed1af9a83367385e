/**
 * Issue 16's table, measured on one machine in one run, each row next to the reference it
 * names (interleaved windows, so the noise of a shared machine hits both sides alike):
 *
 *  - the restart storm: workers each RegisterWorker + a first SNAPSHOT of --replicas-per-worker
 *    replicas, --storm-concurrency at a time, while --observers other workers heartbeat every
 *    second (their p99); this is also how the scale fixture is built (public API only);
 *  - restart to SERVING (spawn → gRPC health SERVING) and RSS after it, /metrics scrape
 *    latency, at --medium-workers and again at --workers (default 1k and 10k workers);
 *  - durable RegisterReplica (a new artifact each) vs etcd durable Put, --concurrency in flight;
 *  - KeepaliveRegistration over --keepalive-open open registrations, and the same over 64
 *    tcgs.registrations.v1 KeepaliveStreams, vs etcd LeaseKeepAlive over as many leases on 64
 *    streams;
 *  - ReconcileWorkerState SNAPSHOT of --reconcile-replicas: first / unchanged / 1 % changed;
 *  - WorkerHeartbeat over --hb-workers workers vs the bare grpc-js server (bench/support).
 *
 * The Global Store runs on a database file with synchronous FULL; etcd (a single node, data
 * dir on the same disk) is installed by bench/setup-etcd.sh when missing, except with
 * --quick or --no-etcd, where its rows are skipped with the reason printed.
 *
 *   node dist/bench/scale.bench.js [--workers=10000] [--medium-workers=1000]
 *     [--replicas-per-worker=100] [--storm-concurrency=16] [--observers=200] [--seconds=5]
 *     [--rounds=2] [--concurrency=64] [--keepalive-open=10000] [--hb-workers=5000]
 *     [--reconcile-replicas=10000] [--reconcile-reps=3] [--scrapes=20]
 *     [--max-build-minutes=30] [--dir=PATH] [--no-etcd] [--quick]
 *
 * Exits 0, 1 when a measurement failed, 2 on bad usage.
 */
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dump } from 'js-yaml';
import { UsageError, intArg, numberArg, runBenchMain } from './support/args';
import {
  Message,
  ServiceClient,
  closeClients,
  openClients,
  unary,
  waitForReady,
} from './support/clients';
import {
  KeepAliveStream,
  RunningEtcd,
  ensureEtcd,
  etcdClients,
  grantEtcdLeases,
  etcdPut,
  startEtcd,
} from './support/etcd';
import { LoadResult, runCount, runLoad } from './support/load';
import {
  EMPTY_STATE_CHECKSUM,
  FixtureSlice,
  FixtureWorker,
  buildFixtureSlice,
  fixtureReplicaRequest,
  fixtureInventory,
  heartbeatObservers,
  openFixtureRegistrations,
  registerFixtureWorker,
  sendSnapshot,
} from './support/scale-fixture';
import { RegistrationKeepaliveStream, keepaliveStreamClients } from './support/keepalive-stream';
import {
  GLOBAL_STORE_MAIN_JS,
  SpawnedServer,
  benchConfig,
  freePorts,
  httpText,
  spawnBareServer,
} from './support/servers';
import { summarize } from './support/stats';
import { Row, count, ms, printTable, ratio } from './support/table';

export interface ScaleBenchOptions {
  workers: number;
  mediumWorkers: number;
  replicasPerWorker: number;
  stormConcurrency: number;
  observers: number;
  seconds: number;
  rounds: number;
  concurrency: number;
  keepaliveOpen: number;
  hbWorkers: number;
  reconcileReplicas: number;
  reconcileReps: number;
  scrapes: number;
  maxBuildMinutes: number;
  dir: string | undefined;
  etcd: boolean;
  quick: boolean;
}

export const DEFAULT_OPTIONS: ScaleBenchOptions = {
  workers: 10_000,
  mediumWorkers: 1_000,
  replicasPerWorker: 100,
  stormConcurrency: 16,
  observers: 200,
  seconds: 5,
  rounds: 2,
  concurrency: 64,
  keepaliveOpen: 10_000,
  hbWorkers: 5_000,
  reconcileReplicas: 10_000,
  reconcileReps: 3,
  scrapes: 20,
  maxBuildMinutes: 30,
  dir: undefined,
  etcd: true,
  quick: false,
};

/** A tiny run for CI's `npm run bench -- --quick`: every row, at sizes that take seconds. */
export const QUICK_OPTIONS: Partial<ScaleBenchOptions> = {
  workers: 20,
  mediumWorkers: 10,
  replicasPerWorker: 10,
  observers: 10,
  seconds: 0.5,
  rounds: 1,
  concurrency: 16,
  keepaliveOpen: 200,
  hbWorkers: 100,
  reconcileReplicas: 200,
  reconcileReps: 1,
  scrapes: 3,
  maxBuildMinutes: 1,
};

export const USAGE = `usage: node dist/bench/scale.bench.js [--workers=N] [--medium-workers=N]
  [--replicas-per-worker=N] [--storm-concurrency=N] [--observers=N] [--seconds=S] [--rounds=N]
  [--concurrency=N] [--keepalive-open=N] [--hb-workers=N] [--reconcile-replicas=N]
  [--reconcile-reps=N] [--scrapes=N] [--max-build-minutes=M] [--dir=PATH] [--no-etcd] [--quick]`;

export function parseScaleArgs(argv: readonly string[]): ScaleBenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        workers: { type: 'string' },
        'medium-workers': { type: 'string' },
        'replicas-per-worker': { type: 'string' },
        'storm-concurrency': { type: 'string' },
        observers: { type: 'string' },
        seconds: { type: 'string' },
        rounds: { type: 'string' },
        concurrency: { type: 'string' },
        'keepalive-open': { type: 'string' },
        'hb-workers': { type: 'string' },
        'reconcile-replicas': { type: 'string' },
        'reconcile-reps': { type: 'string' },
        scrapes: { type: 'string' },
        'max-build-minutes': { type: 'string' },
        dir: { type: 'string' },
        'no-etcd': { type: 'boolean' },
        quick: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const d = values.quick ? { ...DEFAULT_OPTIONS, ...QUICK_OPTIONS } : DEFAULT_OPTIONS;
  const o: ScaleBenchOptions = {
    workers: intArg('workers', values.workers, d.workers),
    mediumWorkers: intArg('medium-workers', values['medium-workers'], d.mediumWorkers),
    replicasPerWorker: intArg(
      'replicas-per-worker',
      values['replicas-per-worker'],
      d.replicasPerWorker,
    ),
    stormConcurrency: intArg('storm-concurrency', values['storm-concurrency'], d.stormConcurrency),
    observers: intArg('observers', values.observers, d.observers, 0),
    seconds: numberArg('seconds', values.seconds, d.seconds, 0.2),
    rounds: intArg('rounds', values.rounds, d.rounds),
    concurrency: intArg('concurrency', values.concurrency, d.concurrency),
    keepaliveOpen: intArg('keepalive-open', values['keepalive-open'], d.keepaliveOpen),
    hbWorkers: intArg('hb-workers', values['hb-workers'], d.hbWorkers),
    reconcileReplicas: intArg(
      'reconcile-replicas',
      values['reconcile-replicas'],
      d.reconcileReplicas,
      100,
    ),
    reconcileReps: intArg('reconcile-reps', values['reconcile-reps'], d.reconcileReps),
    scrapes: intArg('scrapes', values.scrapes, d.scrapes),
    maxBuildMinutes: numberArg(
      'max-build-minutes',
      values['max-build-minutes'],
      d.maxBuildMinutes,
      0.1,
    ),
    dir: values.dir,
    etcd: !values['no-etcd'],
    quick: values.quick === true,
  };
  if (o.mediumWorkers > o.workers)
    throw new UsageError('--medium-workers must be at most --workers');
  return o;
}

/** One line of the final table. */
interface Measured {
  measure: string;
  ours: string;
  reference: string;
  ratio: string;
  target: string;
  note?: string;
}

const CLIENT_OPTIONS = {
  'grpc.max_receive_message_length': 256 * 1024 * 1024,
  'grpc.max_send_message_length': 256 * 1024 * 1024,
};

class ScaleStore {
  child: ChildProcess | undefined;
  output = '';
  constructor(
    readonly configPath: string,
    readonly grpcPort: number,
    readonly metricsPort: number,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.grpcPort}`;
  }

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  /** Spawns the server; resolves with the ms from spawn to gRPC health SERVING. */
  async start(timeoutMs = 600_000): Promise<number> {
    const started = performance.now();
    this.output = '';
    const child = spawn(
      process.execPath,
      [GLOBAL_STORE_MAIN_JS, 'global', 'start', `--config=${this.configPath}`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    const collect = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-32768));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    process.once('exit', () => child.kill('SIGKILL'));
    const health = healthClient(this.address);
    try {
      for (;;) {
        if (child.exitCode !== null)
          throw new Error(`Global Store exited (${child.exitCode}):\n${this.output}`);
        if (performance.now() - started > timeoutMs)
          throw new Error(`not SERVING after ${timeoutMs} ms`);
        if ((await healthStatus(health)) === 'SERVING') return performance.now() - started;
        await sleep(10);
      }
    } finally {
      health.close();
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  }
}

type HealthClient = grpc.Client & {
  Check(
    request: object,
    options: grpc.CallOptions,
    callback: (e: grpc.ServiceError | null, r: { status: string }) => void,
  ): void;
};

function healthClient(address: string): HealthClient {
  const definition = loadSync(healthProtoPath, { keepCase: true, enums: String });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
  };
  // A channel that failed to connect waits out gRPC's reconnect backoff (1 s, 1.6 s, 2.6 s…)
  // before it tries again, so with the defaults "SERVING after" was rounded up to the next
  // step of that schedule (a start profiled as serving after 2.7 s was reported at 5.1 s).
  return new pkg.grpc.health.v1.Health(address, grpc.credentials.createInsecure(), {
    'grpc.initial_reconnect_backoff_ms': 10,
    'grpc.max_reconnect_backoff_ms': 10,
  }) as unknown as HealthClient;
}

function healthStatus(client: HealthClient): Promise<string> {
  return new Promise((resolve) =>
    client.Check({ service: '' }, { deadline: Date.now() + 1000 }, (error, response) =>
      resolve(error ? 'UNAVAILABLE' : response.status),
    ),
  );
}

function rssMiB(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function sleep(msDelay: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msDelay));
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

function rate(load: LoadResult): number {
  return load.elapsedSeconds > 0 ? load.count / load.elapsedSeconds : Number.NaN;
}

function errorsOf(load: LoadResult): string {
  const errors = load.errors + load.warmupErrors;
  return errors === 0
    ? ''
    : `${errors} errors: ${[...load.errorKinds.keys()].slice(0, 2).join('; ')}`;
}

function heartbeatRequest(workerId: string): object {
  return {
    worker_id: workerId,
    mem_pool_available_size: '429496729600',
    accepting_new_requests: true,
    state_version: '1',
    state_checksum: EMPTY_STATE_CHECKSUM,
  };
}

async function scrapeMetrics(
  store: ScaleStore,
  scrapes: number,
): Promise<{ p50: number; p99: number; bytes: number; quickCheckMs: number }> {
  const url = `http://127.0.0.1:${store.metricsPort}/metrics`;
  await httpText(url, 60_000);
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < scrapes; i++) {
    const t0 = performance.now();
    bytes = (await httpText(url, 60_000)).length;
    samples.push(performance.now() - t0);
    await sleep(50);
  }
  const s = summarize(samples);
  const text = await httpText(url, 60_000);
  const quick = /^tc_db_integrity_check_seconds\{check="quick"\} (\S+)$/m.exec(text);
  return {
    p50: s.p50Ms,
    p99: s.p99Ms,
    bytes,
    quickCheckMs: quick ? Number(quick[1]) * 1000 : Number.NaN,
  };
}

/** `tensorcast global check-db --db=FILE`: the full integrity_check, timed. */
function fullCheck(dbFile: string): Promise<{ ms: number; code: number | null }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [GLOBAL_STORE_MAIN_JS, 'global', 'check-db', `--db=${dbFile}`],
      {
        stdio: 'ignore',
      },
    );
    child.once('exit', (code) => resolve({ ms: performance.now() - started, code }));
  });
}

export async function runScaleBench(
  o: ScaleBenchOptions,
): Promise<{ rows: Measured[]; ok: boolean }> {
  const rows: Measured[] = [];
  let ok = true;
  const dir = mkdtempSync(join(o.dir ?? tmpdir(), 'tc-scale-'));
  const dbFile = join(dir, 'global-store.db');
  const [grpcPort, metricsPort] = await freePorts(2);
  const config = benchConfig({
    database: {
      db_file: dbFile,
      synchronous: 'FULL',
      // The full integrity_check of a 1 GB file would run inside the measured windows.
      background_integrity_check_delay: null,
    },
    server: {
      listen: { host: '127.0.0.1', port: grpcPort },
      metrics_port: metricsPort,
      grpc: { max_receive_message_size: '256MiB' },
    },
    // Fixture workers stop heartbeating while other rows run: nothing may expire meanwhile.
    worker_policy: { heartbeat_timeout: '1h', default_heartbeat_interval: '5s' },
  });
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, dump(config));
  const store = new ScaleStore(configPath, grpcPort, metricsPort);
  const runId = `${process.pid}-${Date.now().toString(36)}`;

  const etcdBinary = o.etcd ? ensureEtcd(!o.quick, log) : undefined;
  const etcdSkip = !o.etcd
    ? 'skipped: --no-etcd'
    : etcdBinary === undefined
      ? o.quick
        ? 'skipped: etcd not installed (quick mode never installs it; run bench/setup-etcd.sh)'
        : 'skipped: etcd could not be installed (bench/setup-etcd.sh failed)'
      : undefined;
  if (etcdSkip) log(`etcd rows ${etcdSkip}`);
  let etcd: RunningEtcd | undefined;
  let clients: ServiceClient[] = [];
  const deadline = Date.now() + o.maxBuildMinutes * 60_000;

  try {
    if (etcdBinary) etcd = await startEtcd(etcdBinary, dir);
    log(
      `first start on an empty database: ${count(await store.start())} ms; load average ${loadAverage()}`,
    );
    clients = openClients(store.address, 'ClusterRuntimeService', 8, CLIENT_OPTIONS);
    await waitForReady(clients);

    const observers: FixtureWorker[] = [];
    for (let i = 0; i < o.observers; i++) {
      observers.push(
        await registerFixtureWorker(clients[i % clients.length], runId, i, 'observer'),
      );
    }
    const workers: FixtureWorker[] = [];

    const storm = async (from: number, to: number): Promise<FixtureSlice> => {
      const hb = heartbeatObservers(clients, observers, heartbeatRequest);
      const slice = await buildFixtureSlice(
        clients,
        runId,
        from,
        to,
        o.replicasPerWorker,
        o.stormConcurrency,
        workers,
        deadline,
      );
      const beat = await hb.stop();
      const perSecond = slice.replicas / slice.seconds;
      const extrapolated = (10_000 * o.replicasPerWorker) / perSecond;
      log(
        `storm: ${count(slice.workers)} workers × ${o.replicasPerWorker} replicas in ${slice.seconds.toFixed(1)} s ` +
          `(${count(perSecond)} replicas/s; snapshot p50 ${ms(slice.snapshot.p50Ms)} p99 ${ms(slice.snapshot.p99Ms)} ms); ` +
          `observer heartbeats p99 ${ms(beat.latency.p99Ms)} ms (${beat.errors} errors); load average ${loadAverage()}`,
      );
      if (slice.errors > 0) {
        ok = false;
        log(`storm errors: ${slice.errorKinds.join('; ')}`);
      }
      rows.push({
        measure: `restart storm: ${count(slice.workers)} workers × first ${o.replicasPerWorker}-replica SNAPSHOT, ${o.stormConcurrency} at a time`,
        ours: `${slice.seconds.toFixed(1)} s (${count(perSecond)} replicas/s; 10k workers ≈ ${extrapolated.toFixed(0)} s)`,
        reference: `heartbeat p99 ${ms(beat.latency.p99Ms)} ms`,
        ratio: '',
        target: '10k workers ≤ 60 s, heartbeat p99 ≤ 50 ms',
        note:
          slice.workers < to - from
            ? `stopped at --max-build-minutes=${o.maxBuildMinutes}`
            : undefined,
      });
      return slice;
    };

    const restart = async (label: string, target: string): Promise<void> => {
      closeClients(clients);
      await store.stop();
      const servingMs = await store.start();
      const rss = rssMiB(store.pid);
      await sleep(2000);
      const rssLater = rssMiB(store.pid);
      clients = openClients(store.address, 'ClusterRuntimeService', 8, CLIENT_OPTIONS);
      await waitForReady(clients);
      const scrape = await scrapeMetrics(store, o.scrapes);
      log(
        `restart at ${label}: SERVING after ${count(servingMs)} ms, RSS ${rss.toFixed(0)} MiB (${rssLater.toFixed(0)} MiB 2 s later); ` +
          `/metrics p50 ${ms(scrape.p50)} ms p99 ${ms(scrape.p99)} ms (${count(scrape.bytes)} bytes); load average ${loadAverage()}`,
      );
      const full = await fullCheck(dbFile);
      log(
        `integrity at ${label}: startup quick_check ${count(scrape.quickCheckMs)} ms; ` +
          `full integrity_check (check-db, server idle) ${count(full.ms)} ms, exit ${full.code}`,
      );
      rows.push({
        measure: `startup quick_check vs full integrity_check (check-db), ${label}`,
        ours: `${count(scrape.quickCheckMs)} ms`,
        reference: `${count(full.ms)} ms (incl. the CLI's process start)`,
        ratio: '',
        target: 'off the startup path',
      });
      rows.push({
        measure: `restart to SERVING, ${label}`,
        ours: `${count(servingMs)} ms`,
        reference: '',
        ratio: '',
        target,
      });
      rows.push({
        measure: `RSS after that restart, ${label}`,
        ours: `${rssLater.toFixed(0)} MiB`,
        reference: '',
        ratio: '',
        target: '≤ 400 MiB (at 10k/1M)',
      });
      rows.push({
        measure: `/metrics scrape, ${label}`,
        ours: `p50 ${ms(scrape.p50)} ms, p99 ${ms(scrape.p99)} ms`,
        reference: '',
        ratio: '',
        target: '≤ 50 ms',
      });
    };

    const sizeLabel = (w: number) =>
      `${count(w)} workers + ${count(w * o.replicasPerWorker)} replicas`;
    const medium = await storm(0, o.mediumWorkers);
    await restart(sizeLabel(medium.workers), '≤ 1 s at 1k/100k');
    if (o.workers > o.mediumWorkers && Date.now() < deadline) {
      const rest = await storm(o.mediumWorkers, o.workers);
      await restart(sizeLabel(medium.workers + rest.workers), '≤ 3 s at 10k/1M');
    } else if (o.workers > o.mediumWorkers) {
      log(
        `full size not built: --max-build-minutes=${o.maxBuildMinutes} used up at the medium size`,
      );
    }

    rows.push(...(await registerReplicaRows(o, clients, runId, etcd, etcdSkip, store.pid)));
    rows.push(...(await keepaliveRows(o, store.address, clients, runId, etcd, etcdSkip)));
    rows.push(...(await reconcileRows(o, clients, runId)));
    rows.push(...(await heartbeatRows(o, clients, runId)));
  } catch (error) {
    ok = false;
    log(`FAIL: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    log(store.output.slice(-4000));
  } finally {
    closeClients(clients);
    await store.stop();
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, ok };
}

/** Durable RegisterReplica, a new artifact each, vs etcd Put, windows interleaved. */
async function registerReplicaRows(
  o: ScaleBenchOptions,
  clients: ServiceClient[],
  runId: string,
  etcd: RunningEtcd | undefined,
  etcdSkip: string | undefined,
  serverPid: number,
): Promise<Measured[]> {
  const writers: FixtureWorker[] = [];
  for (let i = 0; i < o.concurrency; i++) {
    writers.push(await registerFixtureWorker(clients[i % clients.length], runId, i, 'writer'));
  }
  const kv = etcd ? etcdClients(etcd.address, 'KV', clients.length) : [];
  const value = Buffer.alloc(320, 'v');
  const ours: LoadResult[] = [];
  const theirs: LoadResult[] = [];
  let n = 0;
  try {
    for (let round = 0; round < o.rounds; round++) {
      const node = `writer-node-${runId}-${round}`;
      ours.push(
        await runLoad({
          concurrency: o.concurrency,
          seconds: o.seconds,
          warmupSeconds: Math.min(1, o.seconds / 2),
          call: async (i) => {
            const w = writers[i % writers.length];
            const response = await unary(
              clients[i % clients.length],
              'RegisterReplica',
              fixtureReplicaRequest(w, `mi2:scale-write-${node}-${i}`, i),
            );
            if (response.status !== 'STATUS_OK')
              throw new Error(`RegisterReplica answered ${String(response.status)}`);
          },
        }),
      );
      log(
        `RegisterReplica round ${round + 1}: ${count(rate(ours[round]))}/s ${errorsOf(ours[round])} (server pid ${serverPid}); load average ${loadAverage()}`,
      );
      if (etcd) {
        theirs.push(
          await runLoad({
            concurrency: o.concurrency,
            seconds: o.seconds,
            warmupSeconds: Math.min(1, o.seconds / 2),
            call: (i) => etcdPut(kv[i % kv.length], `bench/replicas/${round}/${n++}`, value),
          }),
        );
        log(
          `etcd Put round ${round + 1}: ${count(rate(theirs[round]))}/s ${errorsOf(theirs[round])}`,
        );
      }
    }
  } finally {
    for (const c of kv) c.close();
  }
  return [
    pairRow(
      `durable RegisterReplica (new artifact each) vs etcd durable Put, ${o.concurrency} in flight`,
      ours,
      theirs,
      etcdSkip,
      '≥ 0.5×',
    ),
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function pairRow(
  measure: string,
  ours: LoadResult[],
  theirs: LoadResult[],
  skip: string | undefined,
  target: string,
): Measured {
  const a = median(ours.map(rate));
  const b = median(theirs.map(rate));
  const p99 = summarize(Float64Array.from(ours.flatMap((l) => [...l.latenciesMs]))).p99Ms;
  const errors = [...ours, ...theirs].map(errorsOf).filter((e) => e !== '');
  return {
    measure,
    ours: `${count(a)}/s (p99 ${ms(p99)} ms)`,
    reference: theirs.length > 0 ? `${count(b)}/s` : (skip ?? '-'),
    ratio: theirs.length > 0 ? ratio(a / b) : '-',
    target,
    note: errors.length > 0 ? errors.join('; ') : undefined,
  };
}

/**
 * KeepaliveRegistration over N open registrations, and the same registrations over 64
 * KeepaliveStreams (tcgs.registrations.v1), vs etcd keepalives over N leases on 64 streams:
 * the three interleaved in each round.
 */
async function keepaliveRows(
  o: ScaleBenchOptions,
  address: string,
  runtime: ServiceClient[],
  runId: string,
  etcd: RunningEtcd | undefined,
  etcdSkip: string | undefined,
): Promise<Measured[]> {
  const clients = openClients(address, 'RegistrationService', runtime.length);
  await waitForReady(clients);
  const registrations = await openFixtureRegistrations(
    runtime,
    clients,
    runId,
    o.keepaliveOpen,
    o.concurrency,
  );
  log(`opened ${count(registrations.length)} registrations`);
  const requests = registrations;
  const streamClients = keepaliveStreamClients(address, runtime.length);
  await waitForReady(streamClients);
  const ourStreams = Array.from(
    { length: 64 },
    (_, i) => new RegistrationKeepaliveStream(streamClients[i % streamClients.length]),
  );
  let leases: string[] = [];
  let streams: KeepAliveStream[] = [];
  const leaseClients = etcd ? etcdClients(etcd.address, 'Lease', 8) : [];
  if (etcd) {
    leases = await grantEtcdLeases(leaseClients, o.keepaliveOpen, o.concurrency);
    streams = Array.from(
      { length: 64 },
      (_, i) => new KeepAliveStream(leaseClients[i % leaseClients.length]),
    );
    log(`granted ${count(leases.length)} etcd leases`);
  }
  const ours: LoadResult[] = [];
  const oursStreamed: LoadResult[] = [];
  const theirs: LoadResult[] = [];
  const window = (call: (i: number) => Promise<void>) =>
    runLoad({
      concurrency: o.concurrency,
      seconds: o.seconds,
      warmupSeconds: Math.min(1, o.seconds / 2),
      call,
    });
  try {
    for (let round = 0; round < o.rounds; round++) {
      ours.push(
        await window(async (i) => {
          const r = i % requests.length;
          await unary(clients[r % clients.length], 'KeepaliveRegistration', requests[r]);
        }),
      );
      log(
        `KeepaliveRegistration round ${round + 1}: ${count(rate(ours[round]))}/s ${errorsOf(ours[round])}`,
      );
      oursStreamed.push(
        await window((i) => ourStreams[i % ourStreams.length].send(requests[i % requests.length])),
      );
      log(
        `KeepaliveStream round ${round + 1}: ${count(rate(oursStreamed[round]))}/s ${errorsOf(oursStreamed[round])}`,
      );
      if (etcd) {
        theirs.push(
          await window((i) => streams[i % streams.length].send(leases[i % leases.length])),
        );
        log(
          `etcd LeaseKeepAlive round ${round + 1}: ${count(rate(theirs[round]))}/s ${errorsOf(theirs[round])}`,
        );
      }
    }
  } finally {
    for (const s of ourStreams) s.close();
    for (const s of streams) s.close();
    for (const c of leaseClients) c.close();
    closeClients(streamClients);
    closeClients(clients);
  }
  return [
    pairRow(
      `KeepaliveRegistration, ${count(o.keepaliveOpen)} open vs etcd LeaseKeepAlive, ${count(o.keepaliveOpen)} leases / 64 streams`,
      ours,
      theirs,
      etcdSkip,
      '≥ 0.8×',
    ),
    pairRow(
      `KeepaliveStream (tcgs.registrations.v1), ${count(o.keepaliveOpen)} open / 64 streams vs etcd LeaseKeepAlive, ${count(o.keepaliveOpen)} leases / 64 streams`,
      oursStreamed,
      theirs,
      etcdSkip,
      '≥ 0.8×',
    ),
  ];
}

/** One worker's SNAPSHOT of N replicas: first time, unchanged, 1 % resized. */
async function reconcileRows(
  o: ScaleBenchOptions,
  clients: ServiceClient[],
  runId: string,
): Promise<Measured[]> {
  const first: number[] = [];
  const unchanged: number[] = [];
  const changed: number[] = [];
  const n = o.reconcileReplicas;
  const every = 100;
  for (let rep = 0; rep < o.reconcileReps; rep++) {
    const client = clients[rep % clients.length];
    const worker = await registerFixtureWorker(client, runId, rep, 'reconcile');
    const items = fixtureInventory(worker, n);
    const timed = async (inventory: Message[], into: number[], expected: string) => {
      const t0 = performance.now();
      const answer = await sendSnapshot(client, worker, inventory);
      into.push(performance.now() - t0);
      if (answer.kind !== expected)
        throw new Error(`SNAPSHOT of ${n}: expected ${expected}, got ${answer.kind}`);
    };
    await timed(items, first, 'APPLIED');
    await timed(items, unchanged, 'NOOP');
    await timed(
      fixtureInventory(worker, n, (i) => (i % every === 0 ? 4096 : 0)),
      changed,
      'APPLIED',
    );
    log(
      `reconcile ${count(n)} rep ${rep + 1}: first ${ms(first[rep])} ms, unchanged ${ms(unchanged[rep])} ms, 1 % changed ${ms(changed[rep])} ms`,
    );
  }
  return [
    {
      measure: `ReconcileWorkerState SNAPSHOT of ${count(n)}: first / unchanged / 1 % changed (median of ${o.reconcileReps})`,
      ours: `${ms(median(first))} / ${ms(median(unchanged))} / ${ms(median(changed))} ms`,
      reference: '',
      ratio: '',
      target: '≤ 500 / 150 / 250 ms',
    },
  ];
}

/** WorkerHeartbeat over N workers, against the Global Store and the bare server, interleaved. */
async function heartbeatRows(
  o: ScaleBenchOptions,
  clients: ServiceClient[],
  runId: string,
): Promise<Measured[]> {
  const workers = new Array<FixtureWorker>(o.hbWorkers);
  const registered = await runCount({
    total: o.hbWorkers,
    concurrency: 32,
    call: async (i) => {
      workers[i] = await registerFixtureWorker(clients[i % clients.length], runId, i, 'heartbeat');
    },
  });
  if (registered.errors > 0) throw new Error(`RegisterWorker: ${errorsOf(registered)}`);
  const requests = workers.map((w) => heartbeatRequest(w.workerId));
  let bare: SpawnedServer | undefined;
  let bareClients: ServiceClient[] = [];
  const ours: LoadResult[] = [];
  const theirs: LoadResult[] = [];
  try {
    bare = await spawnBareServer();
    bareClients = openClients(bare.address, 'ClusterRuntimeService', clients.length);
    await waitForReady(bareClients);
    const window = (targets: ServiceClient[]) =>
      runLoad({
        concurrency: o.concurrency,
        seconds: o.seconds,
        warmupSeconds: Math.min(1, o.seconds / 2),
        captureStackTraces: false,
        call: async (i) => {
          const w = i % requests.length;
          await unary(targets[w % targets.length], 'WorkerHeartbeat', requests[w]);
        },
      });
    for (let round = 0; round < o.rounds; round++) {
      ours.push(await window(clients));
      theirs.push(await window(bareClients));
      log(
        `WorkerHeartbeat round ${round + 1}: ours ${count(rate(ours[round]))}/s, bare ${count(rate(theirs[round]))}/s; load average ${loadAverage()}`,
      );
    }
  } finally {
    closeClients(bareClients);
    await bare?.stop();
  }
  return [
    pairRow(
      `WorkerHeartbeat, ${count(o.hbWorkers)} workers vs bare grpc-js server`,
      ours,
      theirs,
      undefined,
      '≥ 0.85×',
    ),
  ];
}

export function report(rows: readonly Measured[]): void {
  const table: Row[] = rows.map((r) => ({
    measure: r.measure,
    ours: r.ours,
    reference: r.reference,
    ratio: r.ratio,
    target: r.target,
    ...(r.note ? { note: r.note } : {}),
  }));
  process.stdout.write('\n');
  printTable(table);
}

export async function main(argv: readonly string[]): Promise<number> {
  let o: ScaleBenchOptions;
  try {
    o = parseScaleArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  log(
    `scale bench: ${count(o.workers)} workers × ${o.replicasPerWorker} replicas (restart also measured at ${count(o.mediumWorkers)}), ` +
      `${o.rounds} round(s) of ${o.seconds} s per paired row, ${o.concurrency} in flight; load average ${loadAverage()}`,
  );
  const { rows, ok } = await runScaleBench(o);
  report(rows);
  return ok ? 0 : 1;
}

runBenchMain(module, 'scale bench', main);
