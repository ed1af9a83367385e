/**
 * Crash-safety harness: drives concurrent writes against the real server, SIGKILLs it at a
 * random moment, and checks the database file it leaves behind before restarting on it.
 *
 * The claim under test: every write the server acknowledged before the kill is in the file,
 * nothing half-written is visible, and the file opens and passes its integrity check.
 *
 *   node dist/test/crash/crash-harness.js --cycles=50 [--writers=8] [--min-kill-ms=50]
 *        [--max-kill-ms=1500] [--seed=N] [--synchronous=FULL|NORMAL] [--driver=sqlite|postgres]
 *
 * With --driver=postgres the server runs on a fresh PostgreSQL database (dropped at the end)
 * and the same checks read it over a connection of their own.
 *
 * test/e2e/crash.e2e.ts runs a short form of the same code in CI.
 */
import { credentials } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import * as sqlite3 from 'sqlite3';
import { MEMORY_TIER_OF, mi2ArtifactId, sha256Multihash } from '../../libs/artifacts/src';
import { closeSqlite, openSqlite, sqliteAll, unknownMigrations } from '../../libs/persistence/src';
import { TestDriver, createTestDatabase } from '../../libs/persistence/src/test-databases.harness';
import { seededRandom } from '../../libs/testing/src';
import { stateChecksum } from '../../libs/workers/src';
import {
  GlobalStoreProcess,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from '../e2e/support/global-store.process';
import { GlobalStoreClients, Message, call, connectClients } from '../e2e/support/grpc-clients';

export interface CrashHarnessOptions {
  cycles: number;
  writers: number;
  minKillMs: number;
  maxKillMs: number;
  seed: number;
  synchronous: 'FULL' | 'NORMAL';
  /** Default sqlite. */
  driver?: TestDriver;
  dir?: string;
  log?: (line: string) => void;
}

export interface CycleReport {
  cycle: number;
  killAfterMs: number;
  /** Spawn to SERVING, recovery included. */
  startMs: number;
  /** As logged by the server ("recovery took ... ms"). */
  recoveryMs: number;
  ackedWorkers: number;
  ackedReplicas: number;
  /** Writes in flight when the kill landed (their outcome is unknown, either is fine). */
  inFlight: number;
  rowsWorkers: number;
  rowsReplicas: number;
  verifyMs: number;
}

export interface CrashHarnessReport {
  cycles: CycleReport[];
  totalAckedWorkers: number;
  totalAckedReplicas: number;
  replicaRpcs: boolean;
  /** The SQLite file, or the PostgreSQL database's name. */
  dbFile: string;
  wallMs: number;
}

interface AckedWorker {
  workerId: string;
  daemonId: string;
}

interface AckedReplica {
  replicaId: string;
  artifactId: string;
  workerId: string;
  indexKey?: string;
}

/** Everything acknowledged so far, across cycles: survives every later kill too. */
interface Ledger {
  workers: AckedWorker[];
  replicas: AckedReplica[];
  attemptedDaemons: Set<string>;
  clusterId?: string;
  /** Gives every worker its own endpoint: live workers of earlier cycles still hold theirs. */
  endpoints: number;
}

export async function runCrashHarness(options: CrashHarnessOptions): Promise<CrashHarnessReport> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const random = seededRandom(options.seed);
  const dir = options.dir ?? tempDir('tc-crash-');
  const postgres = options.driver === 'postgres' ? await createTestDatabase('crash') : undefined;
  const dbFile = postgres?.name ?? join(dir, 'store.db');
  const verify = (current: Ledger) =>
    postgres === undefined
      ? verifyDatabaseFile(dbFile, current)
      : verifyPostgresDatabase(postgres.url, current);
  const configPath = writeConfig(
    dir,
    testConfig({
      database: postgres?.configSection() ?? { db_file: dbFile, synchronous: options.synchronous },
      // Workers must stay listed across the restarts of a run.
      worker_policy: { heartbeat_timeout: '1h', default_heartbeat_interval: '5s' },
    }),
  );
  const ledger: Ledger = { workers: [], replicas: [], attemptedDaemons: new Set(), endpoints: 0 };
  const cycles: CycleReport[] = [];
  const started = performance.now();
  let replicaRpcs = true;
  const runTag = randomBytes(3).toString('hex');

  for (let cycle = 1; cycle <= options.cycles; cycle++) {
    const spawnAt = performance.now();
    const server = await startGlobalStore(configPath);
    const startMs = performance.now() - spawnAt;
    const recoveryMs = Number(/recovery took ([\d.]+) ms/.exec(server.output())?.[1] ?? NaN);
    const clients = connect(server);
    try {
      await checkServerView(clients, ledger);
      if (cycle === 1) replicaRpcs = await replicaRpcsExist(clients);

      const killAfterMs = Math.round(
        options.minKillMs + random() * (options.maxKillMs - options.minKillMs),
      );
      const before = { workers: ledger.workers.length, replicas: ledger.replicas.length };
      const load = drive(clients, ledger, options.writers, `${runTag}-${cycle}`, replicaRpcs);
      await sleep(killAfterMs);
      const inFlight = load.inFlight;
      await server.kill();
      await load.stop();

      const verifyAt = performance.now();
      const rows = await verify(ledger);
      const report: CycleReport = {
        cycle,
        killAfterMs,
        startMs,
        recoveryMs,
        ackedWorkers: ledger.workers.length - before.workers,
        ackedReplicas: ledger.replicas.length - before.replicas,
        inFlight,
        rowsWorkers: rows.workers,
        rowsReplicas: rows.replicas,
        verifyMs: performance.now() - verifyAt,
      };
      cycles.push(report);
      log(
        `cycle ${cycle}/${options.cycles}: SIGKILL after ${killAfterMs} ms; acked ` +
          `${report.ackedWorkers} workers + ${report.ackedReplicas} replicas (${inFlight} in flight); ` +
          `file ok with ${rows.workers} workers / ${rows.replicas} replicas; restart took ` +
          `${Math.round(startMs)} ms (recovery ${recoveryMs} ms)`,
      );
    } finally {
      clients.close();
      await server.kill();
    }
  }

  // One last start: the server recovers the final crash and shuts down cleanly.
  const last: GlobalStoreProcess = await startGlobalStore(configPath);
  const clients = connect(last);
  try {
    await checkServerView(clients, ledger);
  } finally {
    clients.close();
    assert.equal(await last.stop(), 0, 'clean shutdown after the last recovery');
  }
  await verify(ledger);
  await postgres?.drop();
  return {
    cycles,
    totalAckedWorkers: ledger.workers.length,
    totalAckedReplicas: ledger.replicas.length,
    replicaRpcs,
    dbFile,
    wallMs: performance.now() - started,
  };
}

/** A long run lists tens of thousands of workers: more than gRPC's default 4 MiB answer. */
function connect(server: GlobalStoreProcess): GlobalStoreClients {
  return connectClients(server.address, credentials.createInsecure(), {
    'grpc.max_receive_message_length': -1,
  });
}

async function replicaRpcsExist(clients: GlobalStoreClients): Promise<boolean> {
  try {
    await call(clients.runtime, 'RegisterReplica', {});
    return true;
  } catch (error) {
    return (error as { code?: number }).code !== 12; // UNIMPLEMENTED
  }
}

interface Load {
  /** Calls sent and not yet answered. */
  readonly inFlight: number;
  /** Waits for the writers to notice the dead server; rethrows a writer's real failure. */
  stop(): Promise<void>;
}

/**
 * Each writer registers a fresh worker, then a replica of a fresh artifact on one of its own
 * workers (with a tensor index every other time), over and over. An entry goes into the
 * ledger only once the server answered OK.
 */
function drive(
  clients: GlobalStoreClients,
  ledger: Ledger,
  writers: number,
  tag: string,
  withReplicas: boolean,
): Load {
  let stopping = false;
  let inFlight = 0;
  let sequence = 0;
  const lanes = Array.from({ length: writers }, async (_, lane) => {
    const mine: AckedWorker[] = [];
    while (!stopping) {
      sequence += 1;
      const n = sequence;
      try {
        if (!withReplicas || mine.length === 0 || n % 2 === 0) {
          const daemonId = `crash-${tag}-${lane}-${n}`;
          ledger.attemptedDaemons.add(daemonId);
          const k = ++ledger.endpoints;
          inFlight += 1;
          const response = await call(
            clients.runtime,
            'RegisterWorker',
            {
              node_id: `node-${lane}`,
              node_address: `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`,
              grpc_port: 50052,
              p2p_port: 50053,
              mem_pool_total_size: '1073741824',
              mem_pool_available_size: '536870912',
              daemon_id: daemonId,
            },
            5000,
          ).finally(() => (inFlight -= 1));
          assert.equal(response.status, 'STATUS_OK');
          const acked = { workerId: response.worker_id as string, daemonId };
          mine.push(acked);
          ledger.workers.push(acked);
        } else {
          const worker = mine[n % mine.length];
          const indexData = Buffer.from(`{"tensors":["${tag}-${n}"]}`);
          const artifactId = mi2ArtifactId(
            sha256Multihash(indexData),
            sha256Multihash(Buffer.from(`data ${tag} ${n}`)),
          );
          const withIndex = n % 4 === 1;
          inFlight += 1;
          const response = await call(
            clients.runtime,
            'RegisterReplica',
            {
              artifact_id: artifactId,
              worker_id: worker.workerId,
              max_concurrency: 4,
              mem_info: {
                node_id: `node-${lane}`,
                node_address: '127.0.0.1',
                node_port: 7000 + lane,
                memory_size: '4096',
                memory_type: n % 3 === 0 ? 'MEMORY_TYPE_RAM' : 'MEMORY_TYPE_GPU',
                device_id: n % 8,
              },
              ...(withIndex ? { tensor_index_data: indexData, encoding: 'json' } : {}),
            },
            5000,
          ).finally(() => (inFlight -= 1));
          assert.equal(response.status, 'STATUS_OK');
          ledger.replicas.push({
            replicaId: response.replica_id as string,
            artifactId,
            workerId: worker.workerId,
          });
        }
      } catch (error) {
        // A call the kill cut off has no answer: not acknowledged, outcome unknown.
        if (!isTransportFailure(error)) throw error;
        stopping = true;
      }
    }
  });
  let failure: Error | undefined;
  const all = Promise.all(lanes).then(
    () => undefined,
    (error: unknown) => {
      stopping = true;
      failure = error instanceof Error ? error : new Error(String(error));
    },
  );
  return {
    get inFlight() {
      return inFlight;
    },
    stop: async () => {
      stopping = true;
      await all;
      if (failure !== undefined) throw failure;
    },
  };
}

function isTransportFailure(error: unknown): boolean {
  const code = (error as { code?: number }).code;
  // UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED: the server went away mid-call.
  return code === 14 || code === 4 || code === 1;
}

interface FileCounts {
  workers: number;
  replicas: number;
}

interface WorkerRow {
  worker_id: string;
  daemon_id: string;
  state_checksum: string;
}

interface ReplicaRow {
  replica_id: string;
  artifact_id: string;
  worker_id: string;
  view_id: string;
  node_id: string;
  node_address: string;
  node_port: number;
  memory_type: number;
  device_id: number;
  /** 1 on SQLite, true on PostgreSQL. */
  available: number | boolean;
}

type RowQuery = <T>(sql: string) => Promise<T[]>;

/**
 * Reads the file a killed server left (its -wal included) on a read-only connection, so the
 * check itself changes nothing the next start will see.
 */
export async function verifyDatabaseFile(dbFile: string, ledger: Ledger): Promise<FileCounts> {
  const db = await openSqlite(dbFile, sqlite3.OPEN_READONLY);
  try {
    const integrity = await sqliteAll<{ integrity_check: string }>(db, 'PRAGMA integrity_check');
    assert.deepEqual(
      integrity.map((r) => r.integrity_check),
      ['ok'],
      'the file passes its integrity check',
    );
    return await verifyRows((sql) => sqliteAll(db, sql), ledger);
  } finally {
    await closeSqlite(db);
  }
}

/** The same checks on the PostgreSQL database a killed server left. */
async function verifyPostgresDatabase(url: string, ledger: Ledger): Promise<FileCounts> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await verifyRows(
      async <T>(sql: string) => (await client.query(sql)).rows as T[],
      ledger,
    );
  } finally {
    await client.end();
  }
}

async function verifyRows(query: RowQuery, ledger: Ledger): Promise<FileCounts> {
  const migrations = await query<{ name: string }>('SELECT name FROM migrations');
  assert.deepEqual(unknownMigrations(migrations.map((m) => m.name)), []);

  const workers = await query<WorkerRow>(
    'SELECT worker_id, daemon_id, state_checksum FROM workers',
  );
  const workerById = new Map(workers.map((w) => [w.worker_id, w]));
  for (const acked of ledger.workers) {
    const row = workerById.get(acked.workerId);
    assert.ok(row, `acknowledged worker ${acked.workerId} is in the file`);
    assert.equal(row.daemon_id, acked.daemonId);
  }
  for (const row of workers) {
    if (row.daemon_id.startsWith('crash-')) {
      assert.ok(
        ledger.attemptedDaemons.has(row.daemon_id),
        `worker row ${row.worker_id} was asked for`,
      );
    }
  }

  const replicas = await query<ReplicaRow>(
    `SELECT replica_id, artifact_id, worker_id, view_id, node_id, node_address, node_port,
              memory_type, device_id, available FROM replicas`,
  );
  const replicaById = new Map(replicas.map((r) => [r.replica_id, r]));
  for (const acked of ledger.replicas) {
    const row = replicaById.get(acked.replicaId);
    assert.ok(row, `acknowledged replica ${acked.replicaId} is in the file`);
    assert.equal(row.artifact_id, acked.artifactId);
    assert.equal(row.worker_id, acked.workerId);
  }

  // Nothing half-written: a replica's artifact, an artifact's index and a worker's
  // checksum are written in the same transaction as the replica.
  const orphanReplicas = await query<{ replica_id: string }>(
    `SELECT r.replica_id FROM replicas r LEFT JOIN artifacts a ON a.artifact_id = r.artifact_id
        WHERE a.artifact_id IS NULL`,
  );
  assert.deepEqual(orphanReplicas, [], 'every replica has its artifact');
  const orphanArtifacts = await query<{ artifact_id: string }>(
    `SELECT a.artifact_id FROM artifacts a
         LEFT JOIN tensor_indexes t ON t.tensor_index_key = a.tensor_index_key
        WHERE a.tensor_index_key IS NOT NULL AND a.tensor_index_key <> ''
          AND t.tensor_index_key IS NULL`,
  );
  assert.deepEqual(orphanArtifacts, [], "every artifact's tensor index is stored");
  const replicasOfWorker = new Map<string, ReplicaRow[]>();
  for (const r of replicas) {
    const list = replicasOfWorker.get(r.worker_id) ?? [];
    list.push(r);
    replicasOfWorker.set(r.worker_id, list);
  }
  for (const worker of workers) {
    const expected = stateChecksum(
      (replicasOfWorker.get(worker.worker_id) ?? []).map((r) => ({
        artifactId: r.artifact_id,
        viewId: r.view_id,
        nodeId: r.node_id,
        nodeAddress: r.node_address,
        nodePort: r.node_port,
        deviceId: r.device_id,
        memoryType: MEMORY_TIER_OF[r.memory_type] ?? 'RAM',
        available: r.available === 1 || r.available === true,
      })),
    );
    assert.equal(
      worker.state_checksum,
      expected,
      `worker ${worker.worker_id}: stored checksum matches its replica rows`,
    );
  }
  return { workers: workers.length, replicas: replicas.length };
}

/** What the restarted server itself reports: the same cluster, every acknowledged worker. */
async function checkServerView(clients: GlobalStoreClients, ledger: Ledger): Promise<void> {
  const info = await call(clients.admin, 'GetServerInfo', {});
  ledger.clusterId ??= info.cluster_id as string;
  assert.equal(info.cluster_id, ledger.clusterId, 'cluster_id survives every crash');
  if (ledger.workers.length === 0) return;
  const listed = await call(clients.runtime, 'ListActiveWorkers', { include_unavailable: true });
  const ids = new Set((listed.workers as Message[]).map((w) => w.worker_id as string));
  const missing = ledger.workers.filter((w) => !ids.has(w.workerId));
  assert.deepEqual(missing, [], 'every acknowledged worker is back (stale) after the restart');
}

function parseArgs(argv: readonly string[]): CrashHarnessOptions {
  const options: CrashHarnessOptions = {
    cycles: 10,
    writers: 8,
    minKillMs: 50,
    maxKillMs: 1500,
    seed: Date.now() % 1_000_000,
    synchronous: 'FULL',
  };
  for (const arg of argv) {
    const [key, value] = arg.replace(/^--/, '').split('=');
    switch (key) {
      case 'cycles':
        options.cycles = Number(value);
        break;
      case 'writers':
        options.writers = Number(value);
        break;
      case 'min-kill-ms':
        options.minKillMs = Number(value);
        break;
      case 'max-kill-ms':
        options.maxKillMs = Number(value);
        break;
      case 'seed':
        options.seed = Number(value);
        break;
      case 'synchronous':
        options.synchronous = value === 'NORMAL' ? 'NORMAL' : 'FULL';
        break;
      case 'driver':
        if (value !== 'sqlite' && value !== 'postgres') throw new Error(`unknown driver ${value}`);
        options.driver = value;
        break;
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  return options;
}

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `mean ${mean.toFixed(0)}, p50 ${p(0.5)?.toFixed(0)}, max ${sorted.at(-1)?.toFixed(0)}`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  process.stdout.write(
    `crash harness: ${options.cycles} cycles, ${options.writers} writers, kill after ` +
      `${options.minKillMs}-${options.maxKillMs} ms, synchronous=${options.synchronous}, driver ${options.driver ?? 'sqlite'}, seed ${options.seed}\n`,
  );
  const report = await runCrashHarness(options);
  const c = report.cycles;
  process.stdout.write(
    [
      '',
      `cycles: ${c.length}, all verified (acknowledged writes present, integrity ok, no orphans, checksums match)`,
      `acknowledged writes: ${report.totalAckedWorkers} RegisterWorker + ${report.totalAckedReplicas} RegisterReplica` +
        `${report.replicaRpcs ? '' : ' (RegisterReplica not available)'}`,
      `in flight at the kill (outcome unknown, not counted): total ${c.reduce((s, r) => s + r.inFlight, 0)}`,
      `restart to SERVING (ms): ${stats(c.map((r) => r.startMs))}`,
      `recovery (ms, server log): ${stats(c.map((r) => r.recoveryMs))}`,
      `file verification (ms): ${stats(c.map((r) => r.verifyMs))}`,
      `final database: ${c.at(-1)?.rowsWorkers ?? 0} workers, ${c.at(-1)?.rowsReplicas ?? 0} replicas`,
      `wall time: ${(report.wallMs / 1000).toFixed(1)} s`,
      '',
    ].join('\n'),
  );
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `crash harness FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
