/**
 * The per-RPC rows of issue 16, each against its named reference and, optionally, against a
 * second Global Store build (the previous commit), all windows interleaved in one run:
 *
 *  - keepalive: KeepaliveRegistration round-robin over --keepalive-open open registrations, and
 *    the same registrations over 64 tcgs.registrations.v1 KeepaliveStreams (target
 *    "ours-stream"), vs etcd LeaseKeepAlive over as many leases on 64 bidi streams;
 *  - heartbeat: WorkerHeartbeat round-robin over --hb-workers workers vs the bare grpc-js
 *    server (bench/support/bare-server.ts) answering the same message;
 *  - register: durable RegisterReplica, a new artifact each, vs etcd durable Put (320 bytes);
 *  - snapshot: ReconcileWorkerState SNAPSHOT of --snapshot-replicas on a fresh worker: first
 *    (all ADD) / unchanged / 1 % resized (no outside reference; ours vs --ref only);
 *  - storm (only when named in --rows): the restart storm, --storm-workers fresh workers each
 *    RegisterWorker + a first SNAPSHOT of --storm-replicas, --storm-concurrency at a time,
 *    while --storm-observers other workers heartbeat once a second: replicas/s, the server's
 *    CPU per replica and the observers' heartbeat p99, one window per build per round.
 *
 * Every Global Store runs on its own database file at synchronous FULL, etcd on the same disk.
 * Each window also reports the CPU the target process used per call (from /proc), so a
 * loaded machine still gives a cost per call that compares across builds. With
 * --profile-dir the Global Store(s) run under `node --cpu-prof` and each row prints the top
 * self-time items of the server over that row's measured windows only.
 *
 *   node dist/bench/rpc-paths.bench.js [--rows=keepalive,heartbeat,register,snapshot]
 *     [--ref=/path/to/other/dist/global-store.js] [--rounds=3] [--seconds=5]
 *     [--warmup=1] [--concurrency=64] [--connections=8] [--keepalive-open=10000]
 *     [--hb-workers=5000] [--snapshot-replicas=10000] [--snapshot-reps=3]
 *     [--storm-workers=400] [--storm-replicas=100] [--storm-concurrency=16]
 *     [--storm-observers=200]
 *     [--profile-dir=DIR] [--no-etcd] [--dir=PATH]
 *
 * Exits 0, 1 when a call failed, 2 on bad usage.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, intArg, numberArg, runBenchMain } from './support/args';
import { ServiceClient, closeClients, openClients, unary, waitForReady } from './support/clients';
import { CpuMeter, CpuUsageWindow, waitForIdle } from './support/cpu';
import { selfTimeRows, summarizeCpuProfile } from './support/cpu-profile';
import {
  EtcdClient,
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
import { SpawnedServer, spawnBareServer, spawnGlobalStore } from './support/servers';
import { summarize } from './support/stats';
import { Row, count, ms, printTable, ratio } from './support/table';

const ROWS = ['keepalive', 'heartbeat', 'register', 'snapshot', 'storm'] as const;
/** The storm takes minutes: only when asked for. */
const DEFAULT_ROWS: readonly RowName[] = ['keepalive', 'heartbeat', 'register', 'snapshot'];
/** As many streams as etcd's keepalives use (KeepAliveStream × 64). */
const KEEPALIVE_STREAMS = 64;
type RowName = (typeof ROWS)[number];

export interface RpcPathsOptions {
  rows: RowName[];
  ref: string | undefined;
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  connections: number;
  keepaliveOpen: number;
  hbWorkers: number;
  snapshotReplicas: number;
  snapshotReps: number;
  stormWorkers: number;
  stormReplicas: number;
  stormConcurrency: number;
  stormObservers: number;
  profileDir: string | undefined;
  etcd: boolean;
  dir: string | undefined;
}

export const DEFAULT_OPTIONS: RpcPathsOptions = {
  rows: [...DEFAULT_ROWS],
  ref: undefined,
  rounds: 3,
  seconds: 5,
  warmupSeconds: 1,
  concurrency: 64,
  connections: 8,
  keepaliveOpen: 10_000,
  hbWorkers: 5_000,
  snapshotReplicas: 10_000,
  snapshotReps: 3,
  stormWorkers: 400,
  stormReplicas: 100,
  stormConcurrency: 16,
  stormObservers: 200,
  profileDir: undefined,
  etcd: true,
  dir: undefined,
};

export const USAGE = `usage: node dist/bench/rpc-paths.bench.js [--rows=keepalive,heartbeat,register,snapshot]
  [--ref=OTHER_BUILD/dist/global-store.js] [--rounds=N] [--seconds=S] [--warmup=S]
  [--concurrency=N] [--connections=N] [--keepalive-open=N] [--hb-workers=N]
  [--snapshot-replicas=N] [--snapshot-reps=N] [--storm-workers=N] [--storm-replicas=N]
  [--storm-concurrency=N] [--storm-observers=N] [--profile-dir=DIR] [--no-etcd] [--dir=PATH]`;

export function parseRpcPathsArgs(argv: readonly string[]): RpcPathsOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        rows: { type: 'string' },
        ref: { type: 'string' },
        rounds: { type: 'string' },
        seconds: { type: 'string' },
        warmup: { type: 'string' },
        concurrency: { type: 'string' },
        connections: { type: 'string' },
        'keepalive-open': { type: 'string' },
        'hb-workers': { type: 'string' },
        'snapshot-replicas': { type: 'string' },
        'snapshot-reps': { type: 'string' },
        'storm-workers': { type: 'string' },
        'storm-replicas': { type: 'string' },
        'storm-concurrency': { type: 'string' },
        'storm-observers': { type: 'string' },
        'profile-dir': { type: 'string' },
        'no-etcd': { type: 'boolean' },
        dir: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const d = DEFAULT_OPTIONS;
  const rows = (values.rows ?? d.rows.join(',')).split(',').map((r) => r.trim());
  for (const r of rows) {
    if (!(ROWS as readonly string[]).includes(r))
      throw new UsageError(`--rows: unknown row "${r}"`);
  }
  return {
    rows: [...new Set(rows)] as RowName[],
    ref: values.ref === undefined ? undefined : resolve(values.ref),
    rounds: intArg('rounds', values.rounds, d.rounds),
    seconds: numberArg('seconds', values.seconds, d.seconds, 0.2),
    warmupSeconds: numberArg('warmup', values.warmup, d.warmupSeconds, 0),
    concurrency: intArg('concurrency', values.concurrency, d.concurrency),
    connections: intArg('connections', values.connections, d.connections),
    keepaliveOpen: intArg('keepalive-open', values['keepalive-open'], d.keepaliveOpen),
    hbWorkers: intArg('hb-workers', values['hb-workers'], d.hbWorkers),
    snapshotReplicas: intArg(
      'snapshot-replicas',
      values['snapshot-replicas'],
      d.snapshotReplicas,
      100,
    ),
    snapshotReps: intArg('snapshot-reps', values['snapshot-reps'], d.snapshotReps),
    stormWorkers: intArg('storm-workers', values['storm-workers'], d.stormWorkers),
    stormReplicas: intArg('storm-replicas', values['storm-replicas'], d.stormReplicas),
    stormConcurrency: intArg('storm-concurrency', values['storm-concurrency'], d.stormConcurrency),
    stormObservers: intArg('storm-observers', values['storm-observers'], d.stormObservers, 0),
    profileDir: values['profile-dir'] === undefined ? undefined : resolve(values['profile-dir']),
    etcd: !values['no-etcd'],
    dir: values.dir,
  };
}

/** One Global Store build under test: "ours" (this build) or "ref" (--ref). */
interface Store {
  name: 'ours' | 'ref';
  server: SpawnedServer;
  runtime: ServiceClient[];
  registrations: ServiceClient[];
  profileDir: string | undefined;
  /** Measured windows in ms after the server's spawn, per row (or path), to cut its CPU profile. */
  windows: Map<string, [number, number][]>;
}

/** What one window measures: a target process under a closed-loop load. */
interface Window {
  row: RowName;
  target: string;
  round: number;
  load: LoadResult;
  cpu: CpuUsageWindow;
  loadAverage: string;
}

export async function runRpcPaths(o: RpcPathsOptions): Promise<{ ok: boolean }> {
  const dir = mkdtempSync(join(o.dir ?? tmpdir(), 'tc-rpc-paths-'));
  const stores: Store[] = [];
  const profiledOthers: Profiled[] = [];
  const windows: Window[] = [];
  const snapshots: {
    target: string;
    rep: number;
    first: number;
    unchanged: number;
    changed: number;
  }[] = [];
  const storms: StormWindow[] = [];
  let etcd: RunningEtcd | undefined;
  let bare: SpawnedServer | undefined;
  let ok = true;
  try {
    const wantsEtcd = o.etcd && o.rows.some((r) => r === 'keepalive' || r === 'register');
    const etcdBinary = wantsEtcd ? ensureEtcd(true, log) : undefined;
    if (etcdBinary) etcd = await startEtcd(etcdBinary, dir);
    stores.push(await startStore('ours', undefined, o, dir));
    if (o.ref) stores.push(await startStore('ref', o.ref, o, dir));
    log(
      `servers: ${stores.map((s) => `${s.name} pid ${s.server.pid}`).join(', ')}` +
        `${etcd ? `, etcd pid ${etcd.pid}` : ''}; load average ${loadAverage()}`,
    );
    const allPids = () =>
      [...stores.map((s) => s.server.pid), etcd?.pid, bare?.pid].filter(
        (p): p is number => p !== undefined && p > 0,
      );

    /** Runs the windows of one row: every target once per round, the order rotating. */
    const interleave = async (
      row: RowName,
      targets: {
        name: string;
        pid: number;
        profiled?: Profiled;
        /** The profile section of this target's windows; the row's name by default. */
        profileKey?: string;
        call: (i: number) => Promise<void>;
      }[],
    ) => {
      for (let round = 0; round < o.rounds; round++) {
        for (let k = 0; k < targets.length; k++) {
          const t = targets[(k + round) % targets.length];
          await waitForIdle(allPids(), { timeoutMs: 15_000 });
          const meter = new CpuMeter([t.pid]);
          let from = 0;
          const load = await runLoad({
            concurrency: o.concurrency,
            seconds: o.seconds,
            warmupSeconds: o.warmupSeconds,
            captureStackTraces: false,
            onMeasureStart: () => {
              meter.start();
              from = Date.now();
            },
            call: t.call,
          });
          const cpu = meter.read();
          if (t.profiled) {
            const at = t.profiled.startedAt;
            const key = t.profileKey ?? row;
            const list = t.profiled.windows.get(key) ?? [];
            list.push([from - at, Date.now() - at]);
            t.profiled.windows.set(key, list);
          }
          const w: Window = { row, target: t.name, round, load, cpu, loadAverage: loadAverage() };
          windows.push(w);
          if (load.errors + load.warmupErrors > 0) ok = false;
          log(describeWindow(w));
        }
      }
    };

    for (const row of o.rows) {
      if (row === 'keepalive') {
        const targets = [];
        const closers: (() => void)[] = [];
        for (const s of stores) {
          const requests = await openRegistrations(s, o);
          targets.push({
            name: s.name,
            pid: s.server.pid,
            profiled: profiledOf(s),
            call: async (i: number) => {
              const r = i % requests.length;
              await unary(
                s.registrations[r % s.registrations.length],
                'KeepaliveRegistration',
                requests[r],
              );
            },
          });
          // The same registrations kept alive over 64 KeepaliveStreams (tcgs.registrations.v1),
          // as etcd's keepalives run over 64 LeaseKeepAlive streams; a build without the
          // service (an older --ref) has the unary row only.
          const opened = await openKeepaliveStreams(s, o, requests[0]);
          if (opened) {
            closers.push(opened.close);
            targets.push({
              name: `${s.name}-stream`,
              pid: s.server.pid,
              profiled: profiledOf(s),
              profileKey: 'keepalive (KeepaliveStream)',
              call: (i: number) =>
                opened.streams[i % opened.streams.length].send(requests[i % requests.length]),
            });
          }
        }
        if (etcd) {
          const leaseClients = etcdClients(etcd.address, 'Lease', 8);
          const leases = await grantLeases(leaseClients, o);
          const streams = Array.from(
            { length: 64 },
            (_, i) => new KeepAliveStream(leaseClients[i % leaseClients.length]),
          );
          closers.push(() => {
            for (const s of streams) s.close();
            for (const c of leaseClients) c.close();
          });
          targets.push({
            name: 'etcd',
            pid: etcd.pid,
            call: (i: number) => streams[i % streams.length].send(leases[i % leases.length]),
          });
        }
        try {
          await interleave('keepalive', targets);
        } finally {
          for (const close of closers) close();
        }
      } else if (row === 'heartbeat') {
        const targets = [];
        for (const s of stores) {
          const requests = await registerHeartbeatWorkers(s, o);
          targets.push({
            name: s.name,
            pid: s.server.pid,
            profiled: profiledOf(s),
            call: async (i: number) => {
              const w = i % requests.length;
              await unary(s.runtime[w % s.runtime.length], 'WorkerHeartbeat', requests[w]);
            },
          });
        }
        const bareProfileDir = o.profileDir ? join(o.profileDir, 'bare') : undefined;
        bare = await spawnBareServer({
          nodeArgs: bareProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${bareProfileDir}`] : [],
        });
        const bareProfiled: Profiled = {
          name: 'bare',
          profileDir: bareProfileDir,
          startedAt: bare.startedAt,
          windows: new Map(),
        };
        profiledOthers.push(bareProfiled);
        const bareClients = openClients(bare.address, 'ClusterRuntimeService', o.connections);
        await waitForReady(bareClients);
        const bareRequests = Array.from({ length: o.hbWorkers }, (_, i) =>
          heartbeatRequest(`worker-bare-${i}`),
        );
        targets.push({
          name: 'bare',
          pid: bare.pid,
          profiled: bareProfiled,
          call: async (i: number) => {
            const w = i % bareRequests.length;
            await unary(bareClients[w % bareClients.length], 'WorkerHeartbeat', bareRequests[w]);
          },
        });
        try {
          await interleave('heartbeat', targets);
        } finally {
          closeClients(bareClients);
          await bare.stop();
          bare = undefined;
        }
      } else if (row === 'register') {
        const targets = [];
        for (const s of stores) {
          const writers: FixtureWorker[] = [];
          for (let i = 0; i < o.concurrency; i++) {
            writers.push(
              await registerFixtureWorker(s.runtime[i % s.runtime.length], s.name, i, 'writer'),
            );
          }
          let n = 0;
          targets.push({
            name: s.name,
            pid: s.server.pid,
            profiled: profiledOf(s),
            call: async (i: number) => {
              const w = writers[i % writers.length];
              const response = await unary(
                s.runtime[i % s.runtime.length],
                'RegisterReplica',
                fixtureReplicaRequest(w, `mi2:rpc-paths-${s.name}-${n++}`, i),
              );
              if (response.status !== 'STATUS_OK')
                throw new Error(`RegisterReplica answered ${String(response.status)}`);
            },
          });
        }
        let kv: EtcdClient[] = [];
        if (etcd) {
          kv = etcdClients(etcd.address, 'KV', o.connections);
          const value = Buffer.alloc(320, 'v');
          let n = 0;
          targets.push({
            name: 'etcd',
            pid: etcd.pid,
            call: (i: number) => etcdPut(kv[i % kv.length], `bench/replicas/${n++}`, value),
          });
        }
        try {
          await interleave('register', targets);
        } finally {
          for (const c of kv) c.close();
        }
      } else if (row === 'storm') {
        const observersOf = new Map<Store, FixtureWorker[]>();
        for (const s of stores) {
          const observers: FixtureWorker[] = [];
          for (let i = 0; i < o.stormObservers; i++) {
            observers.push(
              await registerFixtureWorker(s.runtime[i % s.runtime.length], s.name, i, 'observer'),
            );
          }
          observersOf.set(s, observers);
        }
        for (let round = 0; round < o.rounds; round++) {
          for (let k = 0; k < stores.length; k++) {
            const s = stores[(k + round) % stores.length];
            await waitForIdle(allPids(), { timeoutMs: 15_000 });
            const at = s.server.startedAt;
            const from = Date.now() - at;
            const meter = new CpuMeter([s.server.pid]);
            const hb = heartbeatObservers(s.runtime, observersOf.get(s) ?? [], heartbeatRequest);
            const slice = await buildFixtureSlice(
              s.runtime,
              `${s.name}-storm`,
              round * o.stormWorkers,
              (round + 1) * o.stormWorkers,
              o.stormReplicas,
              o.stormConcurrency,
              [],
            );
            const beat = await hb.stop();
            const cpu = meter.read();
            const list = s.windows.get('storm') ?? [];
            list.push([from, Date.now() - at]);
            s.windows.set('storm', list);
            if (slice.errors > 0 || beat.errors > 0) {
              ok = false;
              log(`storm errors: ${slice.errorKinds.join('; ')}; ${beat.errors} heartbeat errors`);
            }
            const storm: StormWindow = {
              target: s.name,
              seconds: slice.seconds,
              replicas: slice.replicas,
              serverUsPerReplica: ((cpu.serverSeconds ?? Number.NaN) * 1e6) / slice.replicas,
              clientUsPerReplica: (cpu.clientSeconds * 1e6) / slice.replicas,
              heartbeatP99Ms: beat.latency.p99Ms,
            };
            storms.push(storm);
            log(
              `storm ${s.name} round ${round + 1}: ${count(slice.workers)} workers × ${o.stormReplicas} in ` +
                `${slice.seconds.toFixed(1)} s (${count(storm.replicas / storm.seconds)} replicas/s, ` +
                `${count(storm.serverUsPerReplica)} µs server CPU/replica, ` +
                `${count(storm.clientUsPerReplica)} µs client CPU/replica); observers' heartbeat p99 ` +
                `${ms(beat.latency.p99Ms)} ms; load average ${loadAverage()}`,
            );
          }
        }
      } else {
        for (let rep = 0; rep < o.snapshotReps; rep++) {
          for (let k = 0; k < stores.length; k++) {
            const s = stores[(k + rep) % stores.length];
            await waitForIdle(allPids(), { timeoutMs: 15_000 });
            const worker = await registerFixtureWorker(s.runtime[0], s.name, rep, 'reconcile');
            const items = fixtureInventory(worker, o.snapshotReplicas);
            const at = s.server.startedAt;
            const from = Date.now() - at;
            const timed = async (
              inventory: ReturnType<typeof fixtureInventory>,
              expected: string,
            ) => {
              const t0 = performance.now();
              const answer = await sendSnapshot(s.runtime[0], worker, inventory);
              if (answer.kind !== expected)
                throw new Error(`SNAPSHOT: expected ${expected}, got ${answer.kind}`);
              return performance.now() - t0;
            };
            const first = await timed(items, 'APPLIED');
            const unchanged = await timed(items, 'NOOP');
            const changed = await timed(
              fixtureInventory(worker, o.snapshotReplicas, (i) => (i % 100 === 0 ? 4096 : 0)),
              'APPLIED',
            );
            const list = s.windows.get('snapshot') ?? [];
            list.push([from, Date.now() - at]);
            s.windows.set('snapshot', list);
            snapshots.push({ target: s.name, rep, first, unchanged, changed });
            log(
              `snapshot ${count(o.snapshotReplicas)} ${s.name} rep ${rep + 1}: first ${ms(first)} ms, ` +
                `unchanged ${ms(unchanged)} ms, 1 % changed ${ms(changed)} ms; load average ${loadAverage()}`,
            );
          }
        }
      }
    }
  } catch (error) {
    ok = false;
    log(`FAIL: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    for (const s of stores) log(`${s.name} output:\n${s.server.output().slice(-3000)}`);
  } finally {
    for (const s of stores) {
      closeClients(s.runtime);
      closeClients(s.registrations);
      await s.server.stop();
    }
    await bare?.stop();
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  report(o, windows, snapshots, storms);
  for (const p of [...stores.map(profiledOf), ...profiledOthers]) printProfiles(p);
  return { ok };
}

async function startStore(
  name: 'ours' | 'ref',
  mainJs: string | undefined,
  o: RpcPathsOptions,
  dir: string,
): Promise<Store> {
  const profileDir = o.profileDir ? join(o.profileDir, name) : undefined;
  const server = await spawnGlobalStore(
    {
      database: {
        db_file: join(dir, `${name}.db`),
        synchronous: 'FULL',
        background_integrity_check_delay: null,
      },
      // Nothing may expire while the load round-robins over N workers, however slowly.
      worker_policy: { heartbeat_timeout: '1h', default_heartbeat_interval: '5s' },
      server: { grpc: { max_receive_message_size: '256MiB' } },
    },
    {
      mainJs,
      nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      startTimeoutMs: 120_000,
    },
  );
  const big = {
    'grpc.max_receive_message_length': 256 * 1024 * 1024,
    'grpc.max_send_message_length': 256 * 1024 * 1024,
  };
  const runtime = openClients(server.address, 'ClusterRuntimeService', 8, big);
  const registrations = openClients(server.address, 'RegistrationService', 8);
  await waitForReady([...runtime, ...registrations]);
  return { name, server, runtime, registrations, profileDir, windows: new Map() };
}

async function openRegistrations(s: Store, o: RpcPathsOptions): Promise<object[]> {
  const requests = await openFixtureRegistrations(
    s.runtime,
    s.registrations,
    s.name,
    o.keepaliveOpen,
    o.concurrency,
    3_600_000,
  );
  log(`${s.name}: opened ${count(requests.length)} registrations`);
  return requests;
}

async function openKeepaliveStreams(
  s: Store,
  o: RpcPathsOptions,
  probe: object | undefined,
): Promise<{ streams: RegistrationKeepaliveStream[]; close: () => void } | undefined> {
  const clients = keepaliveStreamClients(s.server.address, o.connections);
  await waitForReady(clients);
  const streams = Array.from(
    { length: KEEPALIVE_STREAMS },
    (_, i) => new RegistrationKeepaliveStream(clients[i % clients.length]),
  );
  const close = () => {
    for (const stream of streams) stream.close();
    closeClients(clients);
  };
  try {
    if (probe) await Promise.all(streams.map((stream) => stream.send(probe)));
  } catch (error) {
    log(
      `${s.name}: no KeepaliveStream (${error instanceof Error ? error.message : String(error)})`,
    );
    close();
    return undefined;
  }
  log(`${s.name}: ${KEEPALIVE_STREAMS} KeepaliveStreams over ${o.connections} connections`);
  return { streams, close };
}

async function grantLeases(clients: EtcdClient[], o: RpcPathsOptions): Promise<string[]> {
  const leases = await grantEtcdLeases(clients, o.keepaliveOpen, o.concurrency);
  log(`etcd: granted ${count(leases.length)} leases`);
  return leases;
}

async function registerHeartbeatWorkers(s: Store, o: RpcPathsOptions): Promise<object[]> {
  const workers = new Array<FixtureWorker>(o.hbWorkers);
  const registered = await runCount({
    total: o.hbWorkers,
    concurrency: 32,
    call: async (i) => {
      workers[i] = await registerFixtureWorker(
        s.runtime[i % s.runtime.length],
        s.name,
        i,
        'heartbeat',
      );
    },
  });
  if (registered.errors > 0)
    throw new Error(`RegisterWorker on ${s.name}: ${[...registered.errorKinds.keys()][0]}`);
  log(`${s.name}: registered ${count(o.hbWorkers)} heartbeat workers`);
  return workers.map((w) => heartbeatRequest(w.workerId));
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

function rate(load: LoadResult): number {
  return load.elapsedSeconds > 0 ? load.count / load.elapsedSeconds : Number.NaN;
}

/** Microseconds of the given CPU seconds per successful call. */
function perCallUs(seconds: number | undefined, load: LoadResult): number {
  return seconds === undefined || load.count === 0 ? Number.NaN : (seconds * 1e6) / load.count;
}

function describeWindow(w: Window): string {
  const s = summarize(w.load.latenciesMs);
  const errors = w.load.errors + w.load.warmupErrors;
  return (
    `${w.row} round ${w.round + 1} ${w.target}: ${count(rate(w.load))}/s p50 ${ms(s.p50Ms)} p99 ${ms(s.p99Ms)} ms; ` +
    `target CPU ${count(perCallUs(w.cpu.serverSeconds, w.load))} µs/call, client ${count(perCallUs(w.cpu.clientSeconds, w.load))} µs/call, ` +
    `other ${(((w.cpu.otherSeconds ?? 0) / w.cpu.wallSeconds) * 100).toFixed(0)} % of a core` +
    `${errors > 0 ? `; ${errors} errors: ${[...w.load.errorKinds.keys()].slice(0, 2).join('; ')}` : ''}; load average ${w.loadAverage}`
  );
}

function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const m = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

const REFERENCE: Record<RowName, string> = {
  keepalive: 'etcd',
  heartbeat: 'bare',
  register: 'etcd',
  snapshot: '',
  storm: '',
};

/** One storm window: fresh workers each RegisterWorker + a first SNAPSHOT. */
interface StormWindow {
  target: string;
  seconds: number;
  replicas: number;
  serverUsPerReplica: number;
  /** This bench's own CPU (the daemons' side: encoding snapshots, decoding answers). */
  clientUsPerReplica: number;
  heartbeatP99Ms: number;
}

function report(
  o: RpcPathsOptions,
  windows: Window[],
  snapshots: { target: string; first: number; unchanged: number; changed: number }[],
  storms: StormWindow[],
): void {
  const rows: Row[] = [];
  for (const row of o.rows) {
    if (row === 'snapshot' || row === 'storm') continue;
    const of = (target: string) => windows.filter((w) => w.row === row && w.target === target);
    const targets = [...new Set(windows.filter((w) => w.row === row).map((w) => w.target))];
    const refRate = median(of(REFERENCE[row]).map((w) => rate(w.load)));
    const prevRate = median(of('ref').map((w) => rate(w.load)));
    for (const target of targets) {
      const ws = of(target);
      const r = median(ws.map((w) => rate(w.load)));
      const p99 = summarize(Float64Array.from(ws.flatMap((w) => [...w.load.latenciesMs]))).p99Ms;
      rows.push({
        row,
        target,
        'calls/s (median)': count(r),
        'p99 ms': ms(p99),
        'target µs/call': count(median(ws.map((w) => perCallUs(w.cpu.serverSeconds, w.load)))),
        'client µs/call': count(median(ws.map((w) => perCallUs(w.cpu.clientSeconds, w.load)))),
        [`÷ ${REFERENCE[row]}`]: target === REFERENCE[row] ? '' : ratio(r / refRate),
        '÷ ref build':
          target === 'ref' || target.endsWith('-stream') || !Number.isFinite(prevRate)
            ? ''
            : ratio(r / prevRate),
      });
    }
  }
  process.stdout.write('\n');
  if (rows.length > 0) printTable(rows);
  if (snapshots.length > 0) {
    const targets = [...new Set(snapshots.map((s) => s.target))];
    process.stdout.write('\n');
    printTable(
      targets.map((target) => {
        const of = snapshots.filter((s) => s.target === target);
        return {
          [`SNAPSHOT of ${count(o.snapshotReplicas)} (median)`]: target,
          'first ms': ms(median(of.map((s) => s.first))),
          'unchanged ms': ms(median(of.map((s) => s.unchanged))),
          '1 % changed ms': ms(median(of.map((s) => s.changed))),
        };
      }),
    );
  }
  if (storms.length > 0) {
    const rateOf = (target: string) =>
      median(storms.filter((s) => s.target === target).map((s) => s.replicas / s.seconds));
    const refRate = rateOf('ref');
    process.stdout.write('\n');
    printTable(
      [...new Set(storms.map((s) => s.target))].map((target) => {
        const of = storms.filter((s) => s.target === target);
        const r = rateOf(target);
        return {
          [`storm: ${count(o.stormWorkers)} workers × first ${o.stormReplicas}-replica SNAPSHOT, ${o.stormConcurrency} at a time (median)`]:
            target,
          'replicas/s': count(r),
          '10k workers ≈ s': count((10_000 * o.stormReplicas) / r),
          'server µs/replica': count(median(of.map((s) => s.serverUsPerReplica))),
          'client µs/replica': count(median(of.map((s) => s.clientUsPerReplica))),
          "observers' hb p99 ms": ms(median(of.map((s) => s.heartbeatP99Ms))),
          '÷ ref build': target === 'ref' || !Number.isFinite(refRate) ? '' : ratio(r / refRate),
        };
      }),
    );
  }
}

/** A target whose CPU profile is cut to the windows of each row. */
interface Profiled {
  name: string;
  profileDir: string | undefined;
  startedAt: number;
  windows: Map<string, [number, number][]>;
}

function profiledOf(s: Store): Profiled {
  return {
    name: s.name,
    profileDir: s.profileDir,
    startedAt: s.server.startedAt,
    windows: s.windows,
  };
}

function printProfiles(s: Profiled): void {
  if (!s.profileDir) return;
  const path = newestProfile(s.profileDir);
  if (!path) return;
  for (const [row, windowsMs] of s.windows) {
    const summary = summarizeCpuProfile(path, { top: 18, windowsMs });
    process.stdout.write(
      `\n${s.name} CPU profile, ${row} windows (${path}): ${summary.busyMs.toFixed(0)} ms busy of ${summary.totalMs.toFixed(0)} ms\n`,
    );
    printTable(selfTimeRows(summary.byPackage.slice(0, 10), 'package'));
    process.stdout.write('\n');
    printTable(selfTimeRows(summary.byFunction, 'function (self time)'));
  }
}

function newestProfile(dir: string): string | undefined {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return undefined;
  }
  const newest = files
    .map((f) => ({ path: join(dir, f), at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at)[0];
  return newest?.path;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

export async function main(argv: readonly string[]): Promise<number> {
  let o: RpcPathsOptions;
  try {
    o = parseRpcPathsArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  log(
    `rpc-paths bench: rows ${o.rows.join(',')}, ${o.rounds} round(s) × ${o.seconds} s per target ` +
      `(${o.warmupSeconds} s warm-up), ${o.concurrency} in flight over ${o.connections} connections` +
      `${o.ref ? `, reference build ${o.ref}` : ''}; load average ${loadAverage()}`,
  );
  const { ok } = await runRpcPaths(o);
  return ok ? 0 : 1;
}

runBenchMain(module, 'rpc-paths bench', main);
