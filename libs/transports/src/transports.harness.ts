/**
 * The transports module on the one module harness (real modules on in-memory SQLite with a
 * ManualClock): what the unit and property tests run against. Only the clock is fake.
 */
import { DataSource } from 'typeorm';
import { ReplicaStore } from '../../artifacts/src';
import { ManualClock } from '../../common/src';
import type { GlobalStoreConfig } from '../../config/src';
import { WriteQueue } from '../../persistence/src';
import { openModuleHarness, testConfig, workerRegistration } from '../../testing/src';
import { WorkersService } from '../../workers/src';
import { ReplicaDrainService } from './replica-drain.service';
import { TransportsMetrics } from './transports.metrics';
import { TransportsModule } from './transports.module';
import { TransportLedger } from './transport-ledger';
import { TransportSweeps } from './transport-sweeps.service';
import { RequestTransportInput, TransportsService } from './transports.service';

export interface TransportsHarness {
  clock: ManualClock;
  config: GlobalStoreConfig;
  dataSource: DataSource;
  writes: WriteQueue;
  workers: WorkersService;
  replicas: ReplicaStore;
  transports: TransportsService;
  ledger: TransportLedger;
  sweeps: TransportSweeps;
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
  const h = await openModuleHarness({
    imports: [TransportsModule],
    logs: true,
    config: (base) => {
      const config = testConfig(base, {
        synchronous: 'FULL',
        maxGroupSize: 256,
        heartbeatTimeoutMs: 365 * 24 * 3600 * 1000,
      });
      return {
        ...config,
        worker_policy: {
          ...config.worker_policy,
          cleanup_interval: overrides.cleanupIntervalMs ?? base.worker_policy.cleanup_interval,
        },
        transports: { ...base.transports, ...overrides.transports },
      };
    },
  });
  const { clock, config, dataSource, writes } = h;
  const workers = h.get(WorkersService);
  const replicas = h.get(ReplicaStore);
  const transports = h.get(TransportsService);
  const ledger = h.get(TransportLedger);
  const sweeps = h.get(TransportSweeps);
  const drains = h.get(ReplicaDrainService);
  const metrics = h.get(TransportsMetrics);

  return {
    clock,
    config,
    dataSource,
    writes,
    workers,
    replicas,
    transports,
    ledger,
    sweeps,
    drains,
    metrics,
    async registerWorker() {
      const n = ++counter;
      const nodeId = `node-${n}`;
      const { workerId } = await workers.registerWorker(workerRegistration(n, { nodeId }));
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
    close: () => h.close(),
  };
}
