/**
 * The transports module wired by hand on a real SQLite database (in memory) with a
 * ManualClock: what the unit and property tests run against. Only the clock is fake.
 */
import { DataSource } from 'typeorm';
import {
  ArtifactEntity,
  KeyMappingEntity,
  ReplicaEntity,
  ReplicaStore,
  TensorIndexEntity,
} from '../../artifacts/src';
import { ManualClock } from '../../common/src';
import { defaultConfig } from '../../config/src';
import type { GlobalStoreConfig } from '../../config/src';
import {
  CommittedReads,
  IdempotencyRecordEntity,
  IdempotencyStore,
  ServerMetaEntity,
  WriteQueue,
  dataSourceOptions,
  openDatabase,
} from '../../persistence/src';
import { WorkerEntity, WorkersService } from '../../workers/src';
import { WorkersMetrics } from '../../workers/src/workers.metrics';
import { ReplicaDrainService } from './replica-drain.service';
import { TransportEntity } from './transport.entity';
import { TransportsMetrics } from './transports.metrics';
import { RequestTransportInput, TransportsService } from './transports.service';

const ENTITIES = [
  WorkerEntity,
  ArtifactEntity,
  ReplicaEntity,
  TensorIndexEntity,
  KeyMappingEntity,
  IdempotencyRecordEntity,
  ServerMetaEntity,
  TransportEntity,
];

export interface TransportsHarness {
  clock: ManualClock;
  config: GlobalStoreConfig;
  dataSource: DataSource;
  writes: WriteQueue;
  workers: WorkersService;
  replicas: ReplicaStore;
  transports: TransportsService;
  drains: ReplicaDrainService;
  metrics: TransportsMetrics;
  registerWorker(): Promise<{ workerId: string; nodeId: string }>;
  /** An available, EXPORTABLE GPU replica of the artifact held by the worker. */
  addReplica(workerId: string, artifactId: string, maxConcurrency: number): Promise<string>;
  request(
    requester: { workerId: string; nodeId: string },
    artifactId: string,
    extra?: Partial<RequestTransportInput>,
  ): ReturnType<TransportsService['requestTransport']>;
  /** Lets listener work queued by a commit (deactivation cleanups) finish. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

export async function createTransportsHarness(
  overrides: Partial<Pick<GlobalStoreConfig, 'transports'>> & { cleanupIntervalMs?: number } = {},
): Promise<TransportsHarness> {
  const clock = new ManualClock();
  const base = defaultConfig();
  const config: GlobalStoreConfig = {
    ...base,
    worker_policy: {
      ...base.worker_policy,
      allow_loopback_addresses: true,
      heartbeat_timeout: 365 * 24 * 3600 * 1000,
      cleanup_interval: overrides.cleanupIntervalMs ?? base.worker_policy.cleanup_interval,
    },
    transports: { ...base.transports, ...overrides.transports },
  };
  const settings = { dbFile: null, synchronous: 'FULL' as const };
  const dataSource = await openDatabase(settings, dataSourceOptions(settings, ENTITIES));
  const writes = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 256 });
  const workers = new WorkersService(
    config,
    clock,
    dataSource,
    writes,
    new IdempotencyStore(clock),
    new WorkersMetrics(),
  );
  const reads = new CommittedReads(dataSource, writes);
  const replicas = new ReplicaStore(dataSource, clock, writes, reads, workers);
  replicas.onModuleInit();
  const metrics = new TransportsMetrics();
  const transports = new TransportsService(
    config,
    clock,
    dataSource,
    writes,
    reads,
    replicas,
    workers,
    metrics,
  );
  transports.onModuleInit();
  const drains = new ReplicaDrainService(dataSource, replicas, transports, metrics);

  return {
    clock,
    config,
    dataSource,
    writes,
    workers,
    replicas,
    transports,
    drains,
    metrics,
    async registerWorker() {
      const n = ++counter;
      const nodeId = `node-${n}`;
      const { workerId } = await workers.registerWorker({
        nodeId,
        nodeAddress: '127.0.0.1',
        grpcPort: 20000 + n,
        p2pPort: 30000 + n,
        memPoolTotalSize: 1 << 30,
        memPoolAvailableSize: 1 << 29,
        isRecoveryRegistration: false,
        previousWorkerId: '',
        daemonId: `daemon-${process.pid}-${n}`,
        capabilityFlags: 0,
      });
      return { workerId, nodeId };
    },
    async addReplica(workerId, artifactId, maxConcurrency) {
      const n = ++counter;
      const { replica } = await writes.run((tx) =>
        replicas.upsertReplica(tx, {
          artifactId,
          workerId,
          viewId: '',
          nodeId: `node-r${n}`,
          nodeAddress: '127.0.0.1',
          nodePort: 10000 + n,
          memoryTier: 'GPU',
          deviceId: 0,
          memorySize: 100,
          maxConcurrency,
          memoryInfo: {
            transport: {
              export_state: 'EXPORT_STATE_EXPORTABLE',
              remote_memory_keys: ['k'],
              buffer_sizes: ['100'],
            },
          },
        }),
      );
      return replica.replicaId;
    },
    request(requester, artifactId, extra = {}) {
      return transports.requestTransport({
        artifactId,
        waitTimeout: null,
        sourceNodeId: requester.nodeId,
        sourceAddress: '127.0.0.1',
        sourcePort: 7000,
        requestedByteSpace: null,
        schedulingGroup: null,
        requesterWorkerId: requester.workerId,
        requestId: '',
        ...extra,
      });
    },
    async settle() {
      for (let i = 0; i < 3; i += 1) {
        await new Promise((r) => setImmediate(r));
        await writes.flush();
      }
    },
    async close() {
      transports.onModuleDestroy();
      workers.onModuleDestroy();
      await writes.close();
      await dataSource.destroy();
    },
  };
}
