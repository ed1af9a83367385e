/**
 * Restart to SERVING, this build against a reference build, started alternately in the same
 * minutes on copies of one database file: wall time from spawn to /health SERVING (polled every
 * 5 ms on a new connection each time, so no client backoff rounds it up) and the server's CPU
 * time until then (user + system, all threads, from /proc), which a loaded machine disturbs
 * far less than the wall time.
 *
 *   node dist/bench/restart.bench.js [--db=FILE | --workers=1000 --replicas=100] [--reps=4]
 *     [--reference-main=PATH] [--profile-dir=DIR] [--save-fixture=FILE] [--after=clean|crash]
 *
 * Without --db the fixture is built first through the public API (bench/support/scale-fixture:
 * RegisterWorker + a first SNAPSHOT per worker); --workers=0 measures an empty database. Each
 * start gets a fresh copy, so every start recovers the same state (replicas available, as
 * before a real restart). --profile-dir runs this build's starts with --cpu-prof and prints
 * each profile's top items up to SERVING. --save-fixture keeps a copy of the built fixture (a
 * 10k × 100 build takes minutes) for later --db runs. Each start also reports the server's RSS
 * once SERVING (VmRSS from /proc).
 *
 * Each build first starts once on a copy of the fixture and stops cleanly (SIGTERM): that copy,
 * migrated to the build's schema, with whatever the build leaves next to it at a clean
 * shutdown (the restart image, libs/artifacts/src/replica-image.ts), is what each of its
 * measured starts gets a fresh copy of. --after=crash leaves the image out, as a start after a
 * SIGKILL finds no usable one: the replicas are then read from the table.
 *
 * Exits 0, 1 when a start failed, 2 on bad usage.
 */
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError, intArg, parseStringOptions, runBenchMain } from './support/args';
import { closeClients, openClients, waitForReady } from './support/clients';
import { selfTimeRows, summarizeCpuProfile } from './support/cpu-profile';
import { FixtureWorker, buildFixtureSlice } from './support/scale-fixture';
import { GLOBAL_STORE_MAIN_JS, httpText, spawnGlobalStore } from './support/servers';
import { Row, count, printTable } from './support/table';

interface Options {
  db?: string;
  workers: number;
  replicas: number;
  reps: number;
  referenceMain?: string;
  profileDir?: string;
  saveFixture?: string;
  /** Also measure RSS this long after SERVING (0: not), once the server had time to settle. */
  settleMs: number;
  /** What the measured starts follow: a clean shutdown (its restart image kept) or a crash. */
  after: 'clean' | 'crash';
}

const USAGE =
  'usage: node dist/bench/restart.bench.js [--db=FILE | --workers=N --replicas=N] [--reps=N] ' +
  '[--reference-main=PATH] [--profile-dir=DIR] [--save-fixture=FILE] [--settle-ms=N] ' +
  '[--after=clean|crash]';

function parseOptions(argv: readonly string[]): Options {
  const v = parseStringOptions(argv, [
    'db',
    'workers',
    'replicas',
    'reps',
    'reference-main',
    'profile-dir',
    'settle-ms',
    'save-fixture',
    'after',
  ]);
  const after = v.after ?? 'clean';
  if (after !== 'clean' && after !== 'crash') {
    throw new UsageError(`--after: clean or crash, not ${after}`);
  }
  const db = v.db === undefined ? undefined : resolve(v.db);
  if (db !== undefined && !existsSync(db)) throw new UsageError(`--db: no file ${db}`);
  return {
    db,
    workers: intArg('workers', v.workers, 1000, 0),
    replicas: intArg('replicas', v.replicas, 100),
    reps: intArg('reps', v.reps, 4),
    settleMs: intArg('settle-ms', v['settle-ms'], 0, 0),
    referenceMain: v['reference-main'] === undefined ? undefined : resolve(v['reference-main']),
    profileDir: v['profile-dir'] === undefined ? undefined : resolve(v['profile-dir']),
    saveFixture: v['save-fixture'] === undefined ? undefined : resolve(v['save-fixture']),
    after,
  };
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

const load = () => loadavg()[0].toFixed(1);

function dbConfig(file: string) {
  return {
    database: { db_file: file, synchronous: 'FULL', background_integrity_check_delay: null },
    server: { grpc: { max_receive_message_size: '256MiB' } },
    // Fixture workers stop heartbeating once built: nothing may expire while it is measured.
    worker_policy: { heartbeat_timeout: '1h', default_heartbeat_interval: '5s' },
  };
}

/** Builds workers × replicas through the public API into `file`, then stops cleanly. */
async function buildFixture(
  file: string,
  workers: number,
  replicas: number,
  mainJs: string,
): Promise<void> {
  const server = await spawnGlobalStore(dbConfig(file), { mainJs, startTimeoutMs: 120_000 });
  const clients = openClients(server.address, 'ClusterRuntimeService', 8, {
    'grpc.max_receive_message_length': 256 * 1024 * 1024,
  });
  try {
    await waitForReady(clients);
    if (workers > 0) {
      const built: FixtureWorker[] = [];
      const slice = await buildFixtureSlice(
        clients,
        `r${process.pid}`,
        0,
        workers,
        replicas,
        16,
        built,
      );
      if (slice.errors > 0) throw new Error(`fixture: ${slice.errorKinds.join('; ')}`);
      log(
        `fixture: ${count(slice.workers)} workers × ${replicas} replicas in ${slice.seconds.toFixed(1)} s`,
      );
    }
  } finally {
    closeClients(clients);
    await server.stop(120_000);
  }
}

interface Start {
  build: string;
  wallMs: number;
  cpuMs: number;
  rssMiB: number;
  /** RSS settleMs after SERVING (NaN when not asked). */
  settledRssMiB: number;
  /** V8 heap in use at SERVING (nodejs_heap_size_used_bytes, garbage not yet collected included). */
  heapMiB: number;
}

/** The process's resident set in MiB (VmRSS), NaN where /proc does not tell. */
function rssMiBOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** The file a build leaves next to the database at a clean shutdown, if any. */
const imageOf = (file: string) => `${file}.replica-image`;

/**
 * The build's own copy of the fixture: started once and stopped cleanly, so it is migrated
 * and carries what that build writes at a clean shutdown (see the header).
 */
async function primedFixture(
  build: string,
  mainJs: string,
  fixture: string,
  dir: string,
): Promise<string> {
  const file = join(dir, `${build}-primed.db`);
  copyFileSync(fixture, file);
  const server = await spawnGlobalStore(dbConfig(file), { mainJs, startTimeoutMs: 600_000 });
  await server.stop(120_000);
  log(
    `${build}: primed by a start and a clean stop; restart image ${existsSync(imageOf(file)) ? `${count(statSync(imageOf(file)).size / 1e6)} MB` : 'none'}`,
  );
  return file;
}

async function startOnce(
  build: string,
  mainJs: string,
  fixture: string,
  dir: string,
  profileDir: string | undefined,
  o: Options,
): Promise<Start> {
  const { settleMs } = o;
  const file = join(dir, `${build}.db`);
  rmSync(file, { force: true });
  rmSync(imageOf(file), { force: true });
  copyFileSync(fixture, file);
  if (o.after === 'clean' && existsSync(imageOf(fixture))) {
    copyFileSync(imageOf(fixture), imageOf(file));
  }
  const server = await spawnGlobalStore(dbConfig(file), {
    mainJs,
    pollMs: 5,
    startTimeoutMs: 600_000,
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const cpuMs = (server.cpuSeconds() ?? Number.NaN) * 1000;
  const wallMs = server.servingAt - server.startedAt;
  const rssMiB = rssMiBOf(server.pid);
  const heapMiB = await heapUsedMiBOf(server.metricsPort);
  let settledRssMiB = Number.NaN;
  if (settleMs > 0) {
    await new Promise((done) => setTimeout(done, settleMs));
    settledRssMiB = rssMiBOf(server.pid);
  }
  await server.stop(120_000);
  rmSync(file, { force: true });
  rmSync(imageOf(file), { force: true });
  return { build, wallMs, cpuMs, rssMiB, settledRssMiB, heapMiB };
}

/** nodejs_heap_size_used_bytes from the server's /metrics, in MiB (NaN if it does not tell). */
async function heapUsedMiBOf(metricsPort: number): Promise<number> {
  try {
    const text = await httpText(`http://127.0.0.1:${metricsPort}/metrics`);
    const line = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)/m.exec(text);
    return line ? Number(line[1]) / 2 ** 20 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function main(argv: readonly string[]): Promise<number> {
  let o: Options;
  try {
    o = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tc-restart-'));
  try {
    let fixture = o.db;
    if (fixture === undefined) {
      fixture = join(dir, 'fixture.db');
      // By the reference build when there is one: an older build refuses a file that a newer
      // one has migrated, while a newer build migrates an older file when it is primed.
      await buildFixture(fixture, o.workers, o.replicas, o.referenceMain ?? GLOBAL_STORE_MAIN_JS);
      if (o.saveFixture) {
        copyFileSync(fixture, o.saveFixture);
        log(`fixture saved as ${o.saveFixture}`);
      }
    }
    log(
      `restart bench on ${fixture} (${count(statSync(fixture).size / 1e6)} MB), starts after a ${o.after} shutdown; load ${load()}`,
    );
    const builds: [string, string][] = [['ours', GLOBAL_STORE_MAIN_JS]];
    if (o.referenceMain) builds.push(['reference', o.referenceMain]);
    const primed = new Map<string, string>();
    for (const [build, mainJs] of builds) {
      primed.set(build, await primedFixture(build, mainJs, fixture, dir));
    }
    const starts: Start[] = [];
    for (let rep = 0; rep < o.reps; rep++) {
      for (const [build, mainJs] of rep % 2 === 0 ? builds : [...builds].reverse()) {
        const profileDir =
          o.profileDir && build === 'ours' ? join(o.profileDir, `rep-${rep + 1}`) : undefined;
        const start = await startOnce(
          build,
          mainJs,
          primed.get(build) ?? fixture,
          dir,
          profileDir,
          o,
        );
        starts.push(start);
        log(
          `${build} start ${rep + 1}: SERVING after ${count(start.wallMs)} ms, ${count(start.cpuMs)} ms of CPU, RSS ${count(start.rssMiB)} MiB, heap ${count(start.heapMiB)} MiB${o.settleMs > 0 ? `, RSS ${count(start.settledRssMiB)} MiB ${count(o.settleMs)} ms later` : ''}; load ${load()}`,
        );
        if (profileDir) {
          const [path] = readdirSync(profileDir).map((f) => join(profileDir, f));
          const summary = summarizeCpuProfile(path, { top: 12, windowsMs: [[0, start.wallMs]] });
          log(`profile until SERVING: ${summary.busyMs.toFixed(0)} ms busy`);
          printTable(selfTimeRows(summary.byPackage, 'package'));
          printTable(selfTimeRows(summary.byFunction, 'function (self time)'));
        }
      }
    }
    const rows: Row[] = builds.map(([build]) => {
      const mine = starts.filter((s) => s.build === build);
      return {
        build,
        starts: mine.length,
        'SERVING, median': `${count(median(mine.map((s) => s.wallMs)))} ms`,
        'SERVING, min–max': `${count(Math.min(...mine.map((s) => s.wallMs)))}–${count(Math.max(...mine.map((s) => s.wallMs)))} ms`,
        'CPU to SERVING, median': `${count(median(mine.map((s) => s.cpuMs)))} ms`,
        'RSS at SERVING, median': `${count(median(mine.map((s) => s.rssMiB)))} MiB`,
        'heap at SERVING, median': `${count(median(mine.map((s) => s.heapMiB)))} MiB`,
        ...(o.settleMs > 0
          ? { 'RSS settled, median': `${count(median(mine.map((s) => s.settledRssMiB)))} MiB` }
          : {}),
      };
    });
    printTable(rows);
    return 0;
  } catch (error) {
    log(`FAIL: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runBenchMain(module, 'restart bench', main);
