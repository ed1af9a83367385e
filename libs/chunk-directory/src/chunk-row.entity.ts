import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../../persistence/src';

/**
 * One chunk of a GPU-resident replica as its daemon last reported it. The key is the
 * daemon's report key (artifact, device, replica, chunk, node); worker_id records whose
 * report it is, which ties the row to that worker's lifecycle.
 */
@Entity({ name: 'chunk_rows' })
export class ChunkRowEntity {
  @PrimaryColumn({ name: 'artifact_id', type: 'varchar', length: 512 })
  artifactId!: string;

  /** May be empty: older daemons do not know their device's UUID. */
  @PrimaryColumn({ name: 'device_uuid', type: 'varchar', length: 512 })
  deviceUuid!: string;

  @PrimaryColumn({ name: 'replica', type: 'integer' })
  replica!: number;

  @PrimaryColumn({ name: 'chunk_idx', type: 'integer' })
  chunkIdx!: number;

  @PrimaryColumn({ name: 'node_id', type: 'varchar', length: 255 })
  nodeId!: string;

  @Column({ name: 'worker_id', type: 'varchar', length: 255 })
  workerId!: string;

  /** ChunkState number, 1..5. */
  @Column({ name: 'state', type: 'integer' })
  state!: number;

  @Column(bigintColumn('updated_at'))
  updatedAt!: number;
}
