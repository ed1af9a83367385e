/**
 * Memory the Global Store holds per replica and per worker: the real WorkersService and
 * ReplicaStore in this process on an in-memory SQLite database (whose pages live in native
 * memory, outside the V8 heap), N replicas registered through the store's write path in
 * commit groups, V8 heap measured after forced GCs.
 *
 *   node --expose-gc dist/bench/replica-memory.bench.js [--workers=1000] [--replicas=100000]
 *   node --expose-gc dist/bench/replica-memory.bench.js --db=FILE
 *
 * With --db, a copy of a database file (a restart fixture) is recovered instead: what the
 * workers and replica recovery hold once the server would be SERVING, their CPU time, and
 * the RSS (which here includes SQLite's page cache for the file).
 *
 * Each replica looks like a daemon's: an mi2-length artifact id, one remote memory key and
 * buffer size, a creation timestamp. Prints heapUsed delta / replicas and / workers, and the
 * same after recover() has read them back from the table (what a restart holds), with the
 * array buffers (the index's typed columns live there, outside the V8 heap) per replica.
 */
import { Logger } from '@nestjs/common';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ArtifactEntity, ReplicaEntity, ReplicaStore } from '../libs/artifacts/src';
import { ManualClock } from '../libs/common/src';
import { defaultConfig } from '../libs/config/src';
import {
  CommittedReads,
  IdempotencyRecordEntity,
  IdempotencyStore,
  ServerMetaService,
  WriteQueue,
  dataSourceOptions,
} from '../libs/persistence/src';
import { WorkerEntity, WorkersMetrics, WorkersService } from '../libs/workers/src';
import { UsageError, intArg } from './support/args';

const REPLICAS_PER_WRITE = 1000;

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new UsageError('run with node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** The workers service and replica store over this database, as the server wires them. */
function openStores(dataSource: DataSource) {
  const clock = new ManualClock();
  const writes = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  const workers = new WorkersService(
    defaultConfig(),
    clock,
    dataSource,
    writes,
    new IdempotencyStore(clock),
    new WorkersMetrics(),
  );
  const store = new ReplicaStore(
    dataSource,
    clock,
    writes,
    new CommittedReads(dataSource, writes),
    workers,
    new ServerMetaService(dataSource, writes),
  );
  store.onModuleInit();
  return { writes, workers, store };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workers: { type: 'string' },
      replicas: { type: 'string' },
      db: { type: 'string' },
    },
    strict: true,
  });
  if (values.db !== undefined) return recoverFixture(resolve(values.db));
  const workerCount = intArg('workers', values.workers, 1000);
  const replicaCount = intArg('replicas', values.replicas, 100_000);
  Logger.overrideLogger(['error']);

  const dataSource = new DataSource(
    dataSourceOptions({ dbFile: null, synchronous: 'NORMAL' }, [
      ArtifactEntity,
      ReplicaEntity,
      WorkerEntity,
      IdempotencyRecordEntity,
    ]),
  );
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'all' });
  const { writes, workers, store } = openStores(dataSource);

  const heapStart = heapAfterGc();
  const ids: string[] = [];
  for (let w = 0; w < workerCount; w++) {
    const { workerId } = await workers.registerWorker({
      nodeId: `node-${w}`,
      nodeAddress: `10.${(w >> 16) & 255}.${(w >> 8) & 255}.${w & 255}`,
      grpcPort: 7000,
      p2pPort: 7001,
      memPoolTotalSize: 1 << 30,
      memPoolAvailableSize: 1 << 29,
      isRecoveryRegistration: false,
      previousWorkerId: '',
      daemonId: `daemon-${w}`,
      capabilityFlags: 0,
    });
    ids.push(workerId);
  }
  const heapWorkers = heapAfterGc();

  for (let start = 0; start < replicaCount; start += REPLICAS_PER_WRITE) {
    const end = Math.min(replicaCount, start + REPLICAS_PER_WRITE);
    await writes.run(async (tx) => {
      for (let i = start; i < end; i++) {
        const w = i % workerCount;
        await store.upsertReplica(tx, {
          artifactId: `mi2:bciq${i.toString(36).padStart(52, 'a')}:bciq${'d'.repeat(52)}`,
          workerId: ids[w],
          viewId: '',
          nodeId: `node-${w}`,
          nodeAddress: `10.${(w >> 16) & 255}.${(w >> 8) & 255}.${w & 255}`,
          nodePort: 7000,
          memoryTier: 'GPU',
          deviceId: i % 8,
          memorySize: 1 << 20,
          maxConcurrency: 4,
          memoryInfo: {
            remote_memory_keys: [`rk-${i}`],
            buffer_sizes: [String(1 << 20)],
            creation_ts: { seconds: String(1_700_000_000 + i), nanos: 0 },
            is_memory_replica: true,
          },
        });
      }
    });
  }
  const heapReplicas = heapAfterGc();
  const rss = process.memoryUsage().rss;
  // The same replicas as a restart holds them: read back from the table by recovery.
  await store.recover();
  const heapRecovered = heapAfterGc();
  const external = process.memoryUsage().arrayBuffers;

  const perWorker = (heapWorkers - heapStart) / workerCount;
  const perReplica = (heapReplicas - heapWorkers) / replicaCount;
  console.log(
    `replica memory: ${workerCount} workers, ${replicaCount} replicas (held: ${store.committed.size})`,
  );
  console.log(`  V8 heap per worker:  ${perWorker.toFixed(0)} bytes`);
  console.log(`  V8 heap per replica: ${perReplica.toFixed(0)} bytes`);
  console.log(
    `  after recover(): V8 heap per replica ${((heapRecovered - heapWorkers) / replicaCount).toFixed(0)} bytes, ` +
      `typed-array buffers (outside the heap) ${(external / replicaCount).toFixed(0)} bytes per replica`,
  );
  console.log(
    `  heap used ${(heapReplicas / 2 ** 20).toFixed(1)} MiB, RSS ${(rss / 2 ** 20).toFixed(1)} MiB ` +
      '(RSS includes the in-memory SQLite database)',
  );
  workers.onModuleDestroy();
  await writes.close();
  await dataSource.destroy();
}

/** Recovers a copy of a database file as a restart does (workers, then replicas). */
async function recoverFixture(fixture: string): Promise<void> {
  Logger.overrideLogger(['error']);
  const dir = mkdtempSync(join(tmpdir(), 'tc-replica-memory-'));
  const file = join(dir, 'fixture.db');
  copyFileSync(fixture, file);
  const dataSource = new DataSource(
    dataSourceOptions({ dbFile: file, synchronous: 'NORMAL' }, [
      ArtifactEntity,
      ReplicaEntity,
      WorkerEntity,
      IdempotencyRecordEntity,
    ]),
  );
  try {
    await dataSource.initialize();
    const { writes, workers, store } = openStores(dataSource);
    const { workers: workerCount } = await workers.recover();
    const heapStart = heapAfterGc();
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const { replicas } = await store.recover();
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    const heapBeforeGc = process.memoryUsage().heapUsed;
    const heapEnd = heapAfterGc();
    const { arrayBuffers, rss } = process.memoryUsage();
    console.log(`recovered ${replicas} replicas of ${workerCount} workers from ${fixture}`);
    console.log(
      `  ReplicaStore.recover(): ${wallMs.toFixed(0)} ms, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms of CPU`,
    );
    console.log(
      `  V8 heap per replica: ${((heapEnd - heapStart) / replicas).toFixed(0)} bytes ` +
        `(${((heapBeforeGc - heapStart) / replicas).toFixed(0)} before the GC), array buffers ` +
        `${(arrayBuffers / replicas).toFixed(0)} bytes per replica`,
    );
    console.log(
      `  heap used ${(heapEnd / 2 ** 20).toFixed(1)} MiB, RSS ${(rss / 2 ** 20).toFixed(1)} MiB`,
    );
    workers.onModuleDestroy();
    await writes.close();
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(error instanceof UsageError ? 2 : 1);
});
