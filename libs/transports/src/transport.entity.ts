import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn, jsonTextColumn } from '../../persistence/src';

export type TransportStatus = 'in_progress' | 'completed';
/** '' = not completed, or completed by an older daemon that sent no outcome. */
export type TransportOutcome = '' | 'success' | 'failed' | 'expired' | 'cancelled';

/**
 * One granted peer-to-peer fetch: a claim on one slot of the source replica's
 * max_concurrency from grant until completion (or expiry, or cancellation).
 */
@Entity({ name: 'transports' })
export class TransportEntity {
  @PrimaryColumn({ name: 'transport_id', type: 'varchar', length: 36 })
  transportId!: string;

  /** '' for older daemons, which are never replayed. */
  @Column({ name: 'request_id', type: 'varchar', length: 512 })
  requestId!: string;

  /** sha256 of the request's payload: a request_id reused with another payload is refused. */
  @Column({ name: 'fingerprint', type: 'varchar', length: 64 })
  fingerprint!: string;

  @Column({ name: 'replica_id', type: 'varchar', length: 36 })
  replicaId!: string;

  @Column({ name: 'artifact_id', type: 'varchar', length: 512 })
  artifactId!: string;

  /** The requested VIEW byte space, '' for canonical. */
  @Column({ name: 'view_id', type: 'varchar', length: 512 })
  viewId!: string;

  @Column({ name: 'source_worker_id', type: 'varchar', length: 255 })
  sourceWorkerId!: string;

  @Column({ name: 'requester_worker_id', type: 'varchar', length: 512 })
  requesterWorkerId!: string;

  @Column({ name: 'group_kind', type: 'varchar', length: 512 })
  groupKind!: string;

  @Column({ name: 'group_id', type: 'varchar', length: 512 })
  groupId!: string;

  @Column({ name: 'group_part_id', type: 'varchar', length: 512 })
  groupPartId!: string;

  @Column({ name: 'group_total_parts', type: 'integer' })
  groupTotalParts!: number;

  @Column(bigintColumn('group_epoch'))
  groupEpoch!: number;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: TransportStatus;

  @Column({ name: 'outcome', type: 'varchar', length: 16 })
  outcome!: TransportOutcome;

  @Column({ name: 'outcome_detail', type: 'text' })
  outcomeDetail!: string;

  @Column(bigintColumn('created_at'))
  createdAt!: number;

  @Column(bigintColumn('completed_at', { nullable: true }))
  completedAt!: number | null;

  @Column(bigintColumn('replica_memory_size'))
  replicaMemorySize!: number;

  /** The RequestReplicaTransportResponse as granted: a replay returns exactly this. */
  @Column(jsonTextColumn('response_json'))
  response!: Record<string, unknown>;
}
