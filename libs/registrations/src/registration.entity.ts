import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn, jsonTextColumn } from '../../persistence/src';

export type PlanKind = 'coalesced' | 'cpu' | 'lease';
export type RegistrationState = 'OPEN' | 'COMMITTED' | 'ABORTED' | 'REVOKED' | 'EXPIRED';

/** Plan parameters from Begin that the committed replica advertises. */
export interface PlanDetails {
  remoteMemoryKey?: string;
  bufferAddress?: string;
}

/** What coverage_json holds: a summary; the frames themselves are registration_frames rows. */
export interface CoverageSummary {
  covered_bytes: number;
  frames: number;
}

/**
 * One registration lease, durable from Begin on. The lease deadline is not here: it is hot
 * state judged on the monotonic clock in memory, and a restart grants a fresh one.
 */
@Entity({ name: 'registrations' })
export class RegistrationEntity {
  @PrimaryColumn({ name: 'registration_id', type: 'varchar', length: 64 })
  registrationId!: string;

  @Column({ name: 'worker_id', type: 'varchar', length: 255 })
  workerId!: string;

  @Column({ name: 'daemon_id', type: 'varchar', length: 255 })
  daemonId!: string;

  @Column({ name: 'owner_pid', type: 'integer' })
  ownerPid!: number;

  @Column({ name: 'device_id', type: 'integer' })
  deviceId!: number;

  @Column({ name: 'plan_kind', type: 'varchar', length: 16 })
  planKind!: PlanKind;

  @Column(jsonTextColumn('plan_json'))
  plan!: PlanDetails;

  @Column(bigintColumn('total_size'))
  totalSize!: number;

  @Column({ name: 'tensor_index_key', type: 'varchar', length: 64 })
  tensorIndexKey!: string;

  /** Fencing token; bumped whenever the lease is re-granted (restart). */
  @Column(bigintColumn('epoch'))
  epoch!: number;

  @Column({ name: 'state', type: 'varchar', length: 16 })
  state!: RegistrationState;

  @Column(jsonTextColumn('coverage_json'))
  coverage!: CoverageSummary;

  /** The TTL granted at Begin (after the default and the cap); every extension uses it. */
  @Column(bigintColumn('ttl_ms'))
  ttlMs!: number;

  @Column({ name: 'end_reason', type: 'varchar', length: 512 })
  endReason!: string;

  @Column({ name: 'artifact_id', type: 'varchar', length: 512 })
  artifactId!: string;

  @Column({ name: 'replica_id', type: 'varchar', length: 36 })
  replicaId!: string;

  @Column(bigintColumn('created_at'))
  createdAt!: number;

  @Column(bigintColumn('updated_at'))
  updatedAt!: number;
}

/**
 * One accepted feed frame of an open registration (a chunk or a lease segment). Rows exist
 * only while the registration is open: they are what a restart restores, and Commit builds
 * the Merkle root from them. Primary key (registration_id, artifact_offset): two frames of
 * one registration never start at the same byte.
 */
@Entity({ name: 'registration_frames' })
export class RegistrationFrameEntity {
  @PrimaryColumn({ name: 'registration_id', type: 'varchar', length: 64 })
  registrationId!: string;

  @PrimaryColumn({
    name: 'artifact_offset',
    type: 'bigint',
    transformer: bigintColumn('artifact_offset').transformer,
  })
  artifactOffset!: number;

  @Column(bigintColumn('length'))
  length!: number;

  /** sha256 of the frame's bytes, lower-case hex. */
  @Column({ name: 'digest', type: 'varchar', length: 64 })
  digest!: string;

  @Column({ name: 'storage_id', type: 'varchar', length: 512 })
  storageId!: string;

  @Column(bigintColumn('storage_offset'))
  storageOffset!: number;
}
