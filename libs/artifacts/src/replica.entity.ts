import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn, jsonObjectColumn } from '../../persistence/src';

export type MemoryTier = 'GPU' | 'RAM' | 'DISK';

/** common.v1.MemoryType numbers, as stored. */
export const MEMORY_TYPE_NUMBER: Record<MemoryTier, number> = { RAM: 1, GPU: 2, DISK: 3 };
export const MEMORY_TIER_OF: Record<number, MemoryTier> = { 1: 'RAM', 2: 'GPU', 3: 'DISK' };

/**
 * One replica of an artifact held by a worker. Identity (unique) is
 * (artifact_id, view_id, node_id, node_address, node_port, memory_type, device_id); the
 * replica_id stays the same across re-registrations of that identity.
 */
@Entity({ name: 'replicas' })
export class ReplicaEntity {
  @PrimaryColumn({ name: 'replica_id', type: 'varchar', length: 36 })
  replicaId!: string;

  @Column({ name: 'artifact_id', type: 'varchar', length: 512 })
  artifactId!: string;

  @Column({ name: 'worker_id', type: 'varchar', length: 255 })
  workerId!: string;

  /** The VIEW byte-space id, '' for canonical replicas. */
  @Column({ name: 'view_id', type: 'varchar', length: 255 })
  viewId!: string;

  @Column({ name: 'node_id', type: 'varchar', length: 255 })
  nodeId!: string;

  @Column({ name: 'node_address', type: 'varchar', length: 255 })
  nodeAddress!: string;

  @Column({ name: 'node_port', type: 'integer' })
  nodePort!: number;

  /** common.v1.MemoryType number: 1 RAM, 2 GPU, 3 DISK. */
  @Column({ name: 'memory_type', type: 'integer' })
  memoryType!: number;

  /** Forced to 0 unless GPU. */
  @Column({ name: 'device_id', type: 'integer' })
  deviceId!: number;

  @Column(bigintColumn('memory_size'))
  memorySize!: number;

  @Column({ name: 'max_concurrency', type: 'integer' })
  maxConcurrency!: number;

  @Column({ name: 'current_requests', type: 'integer' })
  currentRequests!: number;

  @Column({ name: 'available', type: 'boolean' })
  available!: boolean;

  /**
   * The MemoryInfo fields the columns above do not hold (memoryInfoExtra): transport keys,
   * buffer sizes, timestamps. NULL in the table when there are none.
   */
  @Column(jsonObjectColumn('memory_extra'))
  memoryInfo!: Record<string, unknown>;

  @Column(bigintColumn('registered_at'))
  registeredAt!: number;

  @Column(bigintColumn('updated_at'))
  updatedAt!: number;
}
