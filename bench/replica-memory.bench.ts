/**
 * Memory the Global Store holds per replica and per worker: the real WorkersService and
 * ReplicaStore in this process on an in-memory SQLite database (whose pages live in native
 * memory, outside the V8 heap), N replicas registered through the store's write path in
 * commit groups, V8 heap measured after forced GCs.
 *
 *   node --expose-gc dist/bench/replica-memory.bench.js [--workers=1000] [--replicas=100000]
 *
 * Each replica looks like a daemon's: an mi2-length artifact id, one remote memory key and
 * buffer size, a creation timestamp. Prints heapUsed delta / replicas and / workers.
 */
import { Logger } from '@nestjs/common';
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { workers: { type: 'string' }, replicas: { type: 'string' } },
    strict: true,
  });
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
  const clock = new ManualClock();
  const writes = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  const config = defaultConfig();
  const workers = new WorkersService(
    config,
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

  const perWorker = (heapWorkers - heapStart) / workerCount;
  const perReplica = (heapReplicas - heapWorkers) / replicaCount;
  console.log(
    `replica memory: ${workerCount} workers, ${replicaCount} replicas (held: ${store.committed.size})`,
  );
  console.log(`  V8 heap per worker:  ${perWorker.toFixed(0)} bytes`);
  console.log(`  V8 heap per replica: ${perReplica.toFixed(0)} bytes`);
  console.log(
    `  heap used ${(heapReplicas / 2 ** 20).toFixed(1)} MiB, RSS ${(rss / 2 ** 20).toFixed(1)} MiB ` +
      '(RSS includes the in-memory SQLite database)',
  );
  workers.onModuleDestroy();
  await writes.close();
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(error instanceof UsageError ? 2 : 1);
});
