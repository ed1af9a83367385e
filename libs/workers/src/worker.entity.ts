import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../../persistence/src';

@Entity({ name: 'workers' })
export class WorkerEntity {
  @PrimaryColumn({ name: 'worker_id', type: 'varchar', length: 255 })
  workerId!: string;

  @Column({ name: 'daemon_id', type: 'varchar', length: 255 })
  daemonId!: string;

  @Column({ name: 'node_id', type: 'varchar', length: 255 })
  nodeId!: string;

  @Column({ name: 'node_address', type: 'varchar', length: 255 })
  nodeAddress!: string;

  @Column({ name: 'grpc_port', type: 'integer' })
  grpcPort!: number;

  @Column({ name: 'p2p_port', type: 'integer' })
  p2pPort!: number;

  @Column(bigintColumn('mem_pool_total_size'))
  memPoolTotalSize!: number;

  @Column(bigintColumn('mem_pool_available_size'))
  memPoolAvailableSize!: number;

  @Column({ name: 'accepting_new_requests', type: 'boolean' })
  acceptingNewRequests!: boolean;

  @Column(bigintColumn('capability_flags'))
  capabilityFlags!: number;

  /** Timed out or unregistered: the row (and its worker_id) is kept for a comeback. */
  @Column({ name: 'inactive', type: 'boolean' })
  inactive!: boolean;

  @Column(bigintColumn('registered_at'))
  registeredAt!: number;

  @Column(bigintColumn('last_heartbeat_at'))
  lastHeartbeatAt!: number;

  @Column(bigintColumn('state_version'))
  stateVersion!: number;

  @Column({ name: 'state_checksum', type: 'varchar', length: 16 })
  stateChecksum!: string;

  @Column(bigintColumn('reconcile_generation'))
  reconcileGeneration!: number;

  @Column(bigintColumn('reconcile_request_seq'))
  reconcileRequestSeq!: number;
}

/** A worker's row as other modules see it: they read it, never write it. */
export type WorkerRecord = Readonly<WorkerEntity>;
