/**
 * Registration leases under load, against the real Global Store on an SQLite file at
 * synchronous FULL (every Begin, Feed and Commit answer is durable):
 *
 * 1. keepalive: KeepaliveRegistration round-robin over the open registrations at full speed,
 *    first with --baseline open, then with --open (default 10,000). Keepalive touches memory
 *    only, so the two windows should match: the ratio shows that a lease costs the same
 *    whatever the number of leases.
 * 2. end to end: each call is one whole registration, BeginRegistration → FeedRegistration
 *    (a client stream of --chunks chunk frames) → CommitRegistration, with the --open
 *    registrations still open. Every registration is a new artifact on worker i mod daemons.
 *
 *   node dist/bench/registrations.bench.js [--open=10000] [--baseline=100] [--daemons=100]
 *     [--seconds=10] [--warmup=2] [--concurrency=64] [--connections=4]
 *     [--e2e-seconds=10] [--e2e-concurrency=32] [--chunks=16] [--db-dir=DIR]
 *
 * Exits 0, 1 when a call failed or the server's open registrations do not add up, 2 on bad
 * usage.
 */
import * as grpc from '@grpc/grpc-js';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
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
import { CpuMeter, CpuUsageWindow } from './support/cpu';
import { LoadResult, runCount, runLoad } from './support/load';
import { SpawnedGlobalStore, spawnGlobalStore } from './support/servers';
import { LatencySummary, summarize } from './support/stats';
import { Row, count, ms, printTable, ratio } from './support/table';

export interface RegistrationsBenchOptions {
  open: number;
  baseline: number;
  daemons: number;
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  connections: number;
  e2eSeconds: number;
  e2eConcurrency: number;
  chunks: number;
  dbDir: string;
}

export const DEFAULT_OPTIONS: RegistrationsBenchOptions = {
  open: 10_000,
  baseline: 100,
  daemons: 100,
  seconds: 10,
  warmupSeconds: 2,
  concurrency: 64,
  connections: 4,
  e2eSeconds: 10,
  e2eConcurrency: 32,
  chunks: 16,
  dbDir: tmpdir(),
};

const CHUNK_BYTES = 4 << 20;
const OWNER_PID = 4242;
const INDEX = Buffer.from(JSON.stringify({ tensors: ['bench.weight'], bench: true }));

interface Window {
  name: string;
  open: number;
  load: LoadResult;
  latency: LatencySummary;
  cpu: CpuUsageWindow;
}

type FeedClient = grpc.Client & {
  FeedRegistration(
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response?: Message) => void,
  ): grpc.ClientWritableStream<object>;
};

export function parseRegistrationsArgs(argv: readonly string[]): RegistrationsBenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: Object.fromEntries(
        [
          'open',
          'baseline',
          'daemons',
          'seconds',
          'warmup',
          'concurrency',
          'connections',
          'e2e-seconds',
          'e2e-concurrency',
          'chunks',
          'db-dir',
        ].map((name) => [name, { type: 'string' as const }]),
      ),
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const d = DEFAULT_OPTIONS;
  const open = intArg('open', values.open, d.open);
  const baseline = intArg('baseline', values.baseline, d.baseline);
  if (baseline > open) throw new UsageError('--baseline must not exceed --open');
  return {
    open,
    baseline,
    daemons: intArg('daemons', values.daemons, d.daemons),
    seconds: numberArg('seconds', values.seconds, d.seconds, 0.1),
    warmupSeconds: numberArg('warmup', values.warmup, d.warmupSeconds, 0),
    concurrency: intArg('concurrency', values.concurrency, d.concurrency),
    connections: intArg('connections', values.connections, d.connections),
    e2eSeconds: numberArg('e2e-seconds', values['e2e-seconds'], d.e2eSeconds, 0.1),
    e2eConcurrency: intArg('e2e-concurrency', values['e2e-concurrency'], d.e2eConcurrency),
    chunks: intArg('chunks', values.chunks, d.chunks),
    dbDir: resolve(values['db-dir'] ?? d.dbDir),
  };
}

export async function runRegistrationsBench(o: RegistrationsBenchOptions): Promise<boolean> {
  log(
    `registrations bench: keepalive over ${o.baseline} then ${o.open} open registrations ` +
      `(${o.daemons} daemons), ${o.seconds} s each after ${o.warmupSeconds} s warm-up, ` +
      `${o.concurrency} calls outstanding over ${o.connections} connections; then ` +
      `begin→feed(${o.chunks} chunks)→commit for ${o.e2eSeconds} s with ${o.e2eConcurrency} at once; ` +
      `SQLite file in ${o.dbDir} at synchronous FULL; node ${process.version}, ${cpus().length} cores, ` +
      `load average ${loadAverage()}`,
  );
  const dir = mkdtempSync(join(o.dbDir, 'tc-bench-registrations-'));
  let server: SpawnedGlobalStore | undefined;
  let clients: ServiceClient[] = [];
  try {
    server = await spawnGlobalStore({
      database: { db_file: join(dir, 'global-store.db'), synchronous: 'FULL' },
      worker_policy: { heartbeat_timeout: '1h', default_heartbeat_interval: '5s' },
      registrations: { default_ttl: '1h', max_ttl: '1h', max_pending_per_daemon: o.open + 1000 },
    });
    clients = openClients(server.address, 'RegistrationService', o.connections);
    const runtime = openClients(server.address, 'ClusterRuntimeService', 1);
    await waitForReady([...clients, ...runtime]);
    const workers = await registerDaemons(runtime[0], o.daemons);
    closeClients(runtime);

    const opened: string[] = [];
    const begins: LoadResult[] = [];
    begins.push(await beginMany(clients, workers, o.baseline, opened));
    const windows: Window[] = [await keepaliveWindow(server, clients, opened, o, 'keepalive')];
    begins.push(await beginMany(clients, workers, o.open - o.baseline, opened));
    windows.push(await keepaliveWindow(server, clients, opened, o, 'keepalive'));
    const e2e = await endToEndWindow(server, clients, workers, o);

    const listed = await unary(clients[0], 'ListRegistrations', {}, 30_000);
    const stillOpen = (listed.registrations as unknown[]).length;

    report(begins, windows, e2e, o);
    const failures = [...begins, ...windows.map((w) => w.load), e2e.load].reduce(
      (sum, l) => sum + l.errors + l.warmupErrors,
      0,
    );
    const ok = failures === 0 && stillOpen === o.open;
    if (!ok) {
      log(`FAIL: ${failures} failed calls; ${stillOpen} registrations open, expected ${o.open}`);
      for (const l of [...begins, ...windows.map((w) => w.load), e2e.load]) {
        if (l.errorKinds.size > 0)
          log(`  errors: ${[...l.errorKinds].map(([k, n]) => `${k} x${n}`).join(', ')}`);
      }
    }
    return ok;
  } finally {
    closeClients(clients);
    if (server) {
      const code = await server.stop();
      if (code !== 0) log(`server exited with ${code}:\n${server.output()}`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

interface BenchWorker {
  worker_id: string;
  daemon_id: string;
}

async function registerDaemons(client: ServiceClient, daemons: number): Promise<BenchWorker[]> {
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  const workers: BenchWorker[] = [];
  for (let i = 0; i < daemons; i++) {
    const daemon_id = `bench-reg-daemon-${runId}-${i}`;
    const response = await unary(client, 'RegisterWorker', {
      node_id: `bench-reg-node-${i}`,
      node_address: '127.0.0.1',
      grpc_port: 2000 + 2 * i,
      p2p_port: 2001 + 2 * i,
      mem_pool_total_size: '85899345920',
      mem_pool_available_size: '85899345920',
      daemon_id,
    });
    workers.push({ worker_id: response.worker_id as string, daemon_id });
  }
  return workers;
}

let indexStored = false;

function beginRequest(worker: BenchWorker, chunks: number): object {
  const index = indexStored
    ? { tensor_index_key: sha256Hex(INDEX) }
    : { tensor_index_data: INDEX, encoding: 'json' };
  return {
    worker_id: worker.worker_id,
    daemon_id: worker.daemon_id,
    owner_pid: OWNER_PID,
    device_id: 0,
    total_size: String(chunks * CHUNK_BYTES),
    coalesced: {},
    ...index,
  };
}

async function beginMany(
  clients: ServiceClient[],
  workers: BenchWorker[],
  total: number,
  opened: string[],
): Promise<LoadResult> {
  const result = await runCount({
    total,
    concurrency: 64,
    call: async (i) => {
      const begun = await unary(
        clients[i % clients.length],
        'BeginRegistration',
        beginRequest(workers[i % workers.length], 1),
      );
      indexStored = true;
      opened.push(begun.registration_id as string);
    },
  });
  log(
    `opened ${count(opened.length)} registrations: ${count(result.count / result.elapsedSeconds)} begins/s, ` +
      `p99 ${ms(summarize(result.latenciesMs).p99Ms)} ms`,
  );
  return result;
}

async function keepaliveWindow(
  server: SpawnedGlobalStore,
  clients: ServiceClient[],
  opened: readonly string[],
  o: RegistrationsBenchOptions,
  name: string,
): Promise<Window> {
  const requests = opened.map((registration_id) => ({ registration_id, owner_pid: OWNER_PID }));
  const meter = new CpuMeter([server.pid]);
  const load = await runLoad({
    concurrency: o.concurrency,
    seconds: o.seconds,
    warmupSeconds: o.warmupSeconds,
    onMeasureStart: () => meter.start(),
    call: async (i) => {
      const r = i % requests.length;
      await unary(clients[r % clients.length], 'KeepaliveRegistration', requests[r]);
    },
  });
  const window = {
    name,
    open: opened.length,
    load,
    latency: summarize(load.latenciesMs),
    cpu: meter.read(),
  };
  log(
    `keepalive with ${count(opened.length)} open: ${count(load.count / load.elapsedSeconds)}/s, ` +
      `p99 ${ms(window.latency.p99Ms)} ms`,
  );
  return window;
}

async function endToEndWindow(
  server: SpawnedGlobalStore,
  clients: ServiceClient[],
  workers: BenchWorker[],
  o: RegistrationsBenchOptions,
): Promise<Window> {
  const meter = new CpuMeter([server.pid]);
  const load = await runLoad({
    concurrency: o.e2eConcurrency,
    seconds: o.e2eSeconds,
    warmupSeconds: o.warmupSeconds,
    onMeasureStart: () => meter.start(),
    call: async (i) => {
      const client = clients[i % clients.length];
      const begun = await unary(
        client,
        'BeginRegistration',
        beginRequest(workers[i % workers.length], o.chunks),
      );
      const registration_id = begun.registration_id as string;
      const epoch = (begun.lease as Message).epoch as string;
      await feedChunks(client, registration_id, epoch, o.chunks);
      await unary(client, 'CommitRegistration', { registration_id, epoch });
    },
  });
  const window = {
    name: 'begin→feed→commit',
    open: o.open,
    load,
    latency: summarize(load.latenciesMs),
    cpu: meter.read(),
  };
  log(
    `end to end: ${count(load.count / load.elapsedSeconds)} registrations/s, p99 ${ms(window.latency.p99Ms)} ms`,
  );
  return window;
}

/** One client stream of `chunks` frames; digests are random (each registration is new content). */
function feedChunks(
  client: ServiceClient,
  registration_id: string,
  epoch: string,
  chunks: number,
): Promise<Message> {
  return new Promise((resolvePromise, reject) => {
    const stream = (client as unknown as FeedClient).FeedRegistration(
      new grpc.Metadata(),
      {},
      (error, response) => (error ? reject(error) : resolvePromise(response ?? {})),
    );
    for (let c = 0; c < chunks; c++) {
      stream.write({
        registration_id,
        epoch,
        chunk: {
          offset: String(c * CHUNK_BYTES),
          length: String(CHUNK_BYTES),
          digest: randomBytes(32),
        },
      });
    }
    stream.end();
  });
}

function report(
  begins: LoadResult[],
  windows: Window[],
  e2e: Window,
  o: RegistrationsBenchOptions,
): void {
  process.stdout.write('\n');
  const all = [...windows, e2e];
  printTable(
    all.map((w): Row => ({
      window: w.name,
      'open leases': count(w.open),
      calls: count(w.load.count),
      'calls/s': count(w.load.count / w.load.elapsedSeconds),
      'p50 ms': ms(w.latency.p50Ms),
      'p99 ms': ms(w.latency.p99Ms),
      'p99.9 ms': ms(w.latency.p999Ms),
      'max ms': ms(w.latency.maxMs),
      errors: w.load.errors + w.load.warmupErrors,
      'server CPU': cpuShare(w.cpu.serverSeconds, w.cpu.wallSeconds),
      'server us/call': microsPerCall(w),
      'client CPU': cpuShare(w.cpu.clientSeconds, w.cpu.wallSeconds),
      'other CPU': cpuShare(w.cpu.otherSeconds, w.cpu.wallSeconds),
    })),
  );
  const [small, large] = windows;
  const rate = (w: Window) => w.load.count / w.load.elapsedSeconds;
  const beginLatency = summarize(begins[1].latenciesMs);
  log(
    `\nkeepalive with ${count(large.open)} open / with ${count(small.open)} open: throughput ` +
      `${ratio(rate(large) / rate(small))}, p99 ${ratio(large.latency.p99Ms / small.latency.p99Ms)}, ` +
      `server CPU per call ${ratio(cpuPerCall(large) / cpuPerCall(small))} ` +
      '(1.00x = a lease costs the same however many are open)',
  );
  log(
    `end to end: ${count(rate(e2e))} registrations/s = ${count(rate(e2e) * 3)} RPCs/s plus ` +
      `${count(rate(e2e) * o.chunks)} feed frames/s; one registration costs the server ` +
      `${ratio(cpuPerCall(e2e) / cpuPerCall(large))} the CPU of a keepalive; begin alone (while opening): ` +
      `${count(begins[1].count / begins[1].elapsedSeconds)}/s, p99 ${ms(beginLatency.p99Ms)} ms`,
  );
  log(
    'CPU is the share of one core over the measured window; server us/call is server CPU\n' +
      'microseconds per call (per whole registration end to end), the figure least disturbed by\n' +
      'other load. Client CPU near 100% means the load generator, not the server, limited calls/s;\n' +
      'high other CPU means the machine was busy with something else.',
  );
}

function cpuPerCall(w: Window): number {
  return (w.cpu.serverSeconds ?? Number.NaN) / w.load.count;
}

function microsPerCall(w: Window): string {
  const perCall = cpuPerCall(w);
  return Number.isFinite(perCall) ? (perCall * 1e6).toFixed(0) : '-';
}

function cpuShare(cpuSeconds: number | undefined, wallSeconds: number): string {
  if (cpuSeconds === undefined || !(wallSeconds > 0)) return '-';
  return `${Math.round((cpuSeconds / wallSeconds) * 100)}%`;
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

export const USAGE = `usage: node dist/bench/registrations.bench.js [--open=N] [--baseline=N] [--daemons=D]
  [--seconds=S] [--warmup=S] [--concurrency=C] [--connections=K]
  [--e2e-seconds=S] [--e2e-concurrency=C] [--chunks=N] [--db-dir=DIR]
`;

/** CLI entry, also used by run-all: resolves with the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let options: RegistrationsBenchOptions;
  try {
    options = parseRegistrationsArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}`);
    return 2;
  }
  return (await runRegistrationsBench(options)) ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `registrations bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
