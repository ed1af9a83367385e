import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn, jsonTextColumn } from '../../persistence/src';
import { nanosColumn } from './nanos';

export type LeaseKindName = 'STABLE' | 'PREEMPTIBLE';
export type LeaseStateName = 'PENDING' | 'ACTIVE' | 'REVOKING' | 'EXPIRED';
/**
 * Why an EXPIRED lease ended, which decides whether ACQUIRED may revive it: only a lease that
 * expired unacknowledged ('pending_ttl') comes back.
 */
export type LeaseEndReason = '' | 'pending_ttl' | 'released' | 'node_gone';

export interface ChunkRangeValue {
  start: number;
  count: number;
}

/**
 * One memory-tier lease. Memory holds these objects as they are committed; a change builds a
 * new object, writes it, and replaces the old one only after the commit.
 */
@Entity({ name: 'memory_tier_leases' })
export class MemoryTierLeaseEntity {
  /** uuid4 as 32 hex digits. */
  @PrimaryColumn({ name: 'lease_id', type: 'varchar', length: 32 })
  leaseId!: string;

  @Column({ name: 'node_id', type: 'varchar', length: 255 })
  nodeId!: string;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind!: LeaseKindName;

  @Column({ name: 'artifact_id', type: 'varchar', length: 512 })
  artifactId!: string;

  /** null = the lease carries no chunk_range. */
  @Column(bigintColumn('chunk_range_start', { nullable: true }))
  chunkRangeStart!: number | null;

  @Column(bigintColumn('chunk_range_count', { nullable: true }))
  chunkRangeCount!: number | null;

  @Column(jsonTextColumn('chunk_ids_json'))
  chunkIds!: number[];

  @Column({ name: 'ledger_version', type: 'varchar', length: 20 })
  ledgerVersion!: string;

  @Column({ name: 'bytes', type: 'varchar', length: 20 })
  bytes!: string;

  @Column({ name: 'workload_id', type: 'varchar', length: 512 })
  workloadId!: string;

  @Column({ name: 'state', type: 'varchar', length: 16 })
  state!: LeaseStateName;

  @Column({ name: 'request_id', type: 'varchar', length: 512 })
  requestId!: string;

  @Column(nanosColumn('ack_epoch_ns'))
  ackEpochNs!: bigint;

  @Column(nanosColumn('issued_at_ns'))
  issuedAtNs!: bigint;

  @Column(nanosColumn('expires_at_ns'))
  expiresAtNs!: bigint;

  @Column({ name: 'end_reason', type: 'varchar', length: 16 })
  endReason!: LeaseEndReason;

  /** Our clock (ms) when it became EXPIRED; lease_retention counts from here. */
  @Column(bigintColumn('ended_at', { nullable: true }))
  endedAt!: number | null;

  @Column(bigintColumn('created_at'))
  createdAt!: number;

  @Column(bigintColumn('updated_at'))
  updatedAt!: number;
}
