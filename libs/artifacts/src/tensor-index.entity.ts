import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../../persistence/src';

/** Tensor index bytes, content-addressed by their sha256 (hex). */
@Entity({ name: 'tensor_indexes' })
export class TensorIndexEntity {
  @PrimaryColumn({ name: 'tensor_index_key', type: 'varchar', length: 64 })
  tensorIndexKey!: string;

  @Column({ name: 'index_data', type: 'blob' })
  indexData!: Buffer;

  @Column({ name: 'encoding', type: 'varchar', length: 64 })
  encoding!: string;

  @Column({ name: 'schema_version', type: 'varchar', length: 32 })
  schemaVersion!: string;

  @Column(bigintColumn('created_at'))
  createdAt!: number;
}
