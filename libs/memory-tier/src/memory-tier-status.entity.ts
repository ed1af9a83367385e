import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../../persistence/src';
import { nanosColumn } from './nanos';

/**
 * One memory-tier snapshot a daemon published, keyed (node_id, epoch_ns). uint64 byte
 * counts are exact decimal text: they are reported, never computed with.
 */
@Entity({ name: 'memory_tier_statuses' })
export class MemoryTierStatusEntity {
  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 255 })
  nodeId!: string;

  @PrimaryColumn({ ...nanosColumn('epoch_ns'), nullable: false })
  epochNs!: bigint;

  @Column({ name: 'worker_id', type: 'varchar', length: 255 })
  workerId!: string;

  @Column({ name: 'stable_total_bytes', type: 'varchar', length: 20 })
  stableTotalBytes!: string;

  @Column({ name: 'stable_used_bytes', type: 'varchar', length: 20 })
  stableUsedBytes!: string;

  @Column({ name: 'preemptible_total_bytes', type: 'varchar', length: 20 })
  preemptibleTotalBytes!: string;

  @Column({ name: 'preemptible_marked_bytes', type: 'varchar', length: 20 })
  preemptibleMarkedBytes!: string;

  @Column({ name: 'faults_per_sec', type: 'double precision' })
  faultsPerSec!: number;

  @Column({ name: 'rehydrate_p99_ns', type: 'varchar', length: 20 })
  rehydrateP99Ns!: string;

  @Column({ name: 'enable_preemptible', type: 'boolean' })
  enablePreemptible!: boolean;

  @Column({ name: 'config_json', type: 'text' })
  configJson!: string;

  /** Our clock (ms) when it arrived: how long a node has been silent is judged by this. */
  @Column(bigintColumn('received_at'))
  receivedAt!: number;
}
