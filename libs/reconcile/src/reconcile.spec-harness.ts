import { DataSource } from 'typeorm';
import { ArtifactStore, RecoveredReplicaSettlement, ReplicaStore } from '../../artifacts/src';
import { ManualClock } from '../../common/src';
import type { wire } from '../../grpc/src';
import { WriteQueue } from '../../persistence/src';
import { openModuleHarness, testConfig, workerRegistration } from '../../testing/src';
import { RegisterWorkerInput, WorkersService } from '../../workers/src';
import { ReconcileModule } from './reconcile.module';
import { ReconcileService } from './reconcile.service';

/**
 * The real services behind ReconcileWorkerState (workers, replica store, artifact store,
 * write queue, reconcile) on the one module harness: a real SQLite database with a manual
 * clock, without gRPC; restart() runs startup recovery (and the settlement of the recovered
 * rows that follows SERVING) on the same file.
 */
export interface ReconcileHarness {
  readonly clock: ManualClock;
  readonly dataSource: DataSource;
  readonly writes: WriteQueue;
  readonly workers: WorkersService;
  readonly replicas: ReplicaStore;
  readonly artifacts: ArtifactStore;
  readonly reconcile: ReconcileService;
  /** Shuts down cleanly and starts again on the same database file, running startup recovery. */
  restart(): Promise<ReconcileHarness>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** null (default) = in-memory: restart() is then refused. */
  dbFile?: string | null;
  clock?: ManualClock;
  heartbeatTimeoutMs?: number;
}

export async function openReconcileHarness(
  options: HarnessOptions = {},
): Promise<ReconcileHarness> {
  const dbFile = options.dbFile ?? null;
  const h = await openModuleHarness({
    imports: [ReconcileModule],
    clock: options.clock,
    config: (defaults) =>
      testConfig(defaults, {
        dbFile,
        synchronous: 'NORMAL',
        heartbeatTimeoutMs: options.heartbeatTimeoutMs,
      }),
  });
  const workers = h.get(WorkersService);
  const replicas = h.get(ReplicaStore);
  await workers.recover();
  await replicas.recover();
  // What the server runs right after SERVING: the recovered rows and checksums are settled.
  await h.get(RecoveredReplicaSettlement).settleAll();

  const close = (): Promise<void> => h.close();
  return {
    clock: h.clock,
    dataSource: h.dataSource,
    writes: h.writes,
    workers,
    replicas,
    artifacts: h.get(ArtifactStore),
    reconcile: h.get(ReconcileService),
    close,
    restart: async () => {
      if (dbFile === null) throw new Error('restart needs a database file');
      await close();
      return openReconcileHarness({ ...options, clock: h.clock });
    },
  };
}

let workerCounter = 0;

/** A RegisterWorker input for a fresh daemon (non-loopback address, unique port). */
export function workerInput(overrides: Partial<RegisterWorkerInput> = {}): RegisterWorkerInput {
  workerCounter += 1;
  return workerRegistration(workerCounter, {
    nodeAddress: '10.1.0.1',
    daemonId: `daemon-${workerCounter}`,
    ...overrides,
  });
}

/** A ReplicaInfo as proto-loader delivers it (defaults filled in). */
export function wireItem(
  overrides: {
    ref?: Partial<wire.ReplicaRef__Output>;
    memory_info?: Partial<wire.MemoryInfo__Output> | null;
    stats?: Partial<wire.ReplicaStats__Output> | null;
  } = {},
): wire.ReplicaInfo__Output {
  return {
    ref: { artifact_id: 'mi2:a', replica_id: '', ...overrides.ref },
    memory_info:
      overrides.memory_info === null
        ? null
        : {
            node_id: 'node-1',
            node_address: '10.0.0.1',
            node_port: 7000,
            memory_size: '1024',
            memory_type: 'MEMORY_TYPE_GPU',
            device_id: 1,
            remote_memory_keys: [],
            buffer_sizes: [],
            is_memory_replica: false,
            tensor_index_key: '',
            creation_ts: null,
            source_process_id: '',
            verification_json: '',
            expires_at: null,
            byte_space: null,
            ...overrides.memory_info,
          },
    stats:
      overrides.stats === null
        ? null
        : {
            max_concurrency: 4,
            current_requests: 0,
            is_available: true,
            registered_ts: null,
            ...overrides.stats,
          },
  };
}
