import { WriteTransaction } from '../../persistence/src';

/**
 * What the workers module needs to know about a worker's replicas, provided by the module
 * that owns replicas. An interface rather than an import keeps the module graph acyclic:
 * replicas depend on workers, never the other way round.
 */
export interface WorkerInventory {
  /** Whether this worker holds a replica of the artifact (memory only: heartbeats ask it). */
  holds(workerId: string, artifactId: string): boolean;
  /** The worker's committed state checksum (memory only: heartbeats compare it). */
  stateChecksumOf(workerId: string): string;
  /** Whether the worker holds any replica as this transaction sees it. */
  hasReplicas(tx: WriteTransaction, workerId: string): boolean;
  /**
   * Have the worker's checksum computed and stored at the end of this commit group (its row
   * was just written and must carry the checksum of its replicas).
   */
  touchWorker(tx: WriteTransaction, workerId: string): void;
  markWorkerReplicasUnavailable(tx: WriteTransaction, workerId: string): Promise<number>;
  moveReplicas(tx: WriteTransaction, fromWorkerId: string, toWorkerId: string): Promise<number>;
}

export type DeactivationReason = 'graceful' | 'timeout';

export interface WorkerLifecycleListener {
  /** After the worker went inactive durably: release what it held (open registrations). */
  workerDeactivated(workerId: string, reason: DeactivationReason): void | Promise<void>;
}

export const EMPTY_INVENTORY: WorkerInventory = {
  holds: () => false,
  stateChecksumOf: () => 'cbf29ce484222325',
  hasReplicas: () => false,
  touchWorker: () => undefined,
  markWorkerReplicasUnavailable: async () => 0,
  moveReplicas: async () => 0,
};
