import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../../persistence/src';

@Entity({ name: 'artifacts' })
export class ArtifactEntity {
  @PrimaryColumn({ name: 'artifact_id', type: 'varchar', length: 512 })
  artifactId!: string;

  /** Multibase base32 sha2-256 multihash of the canonical tensor index, '' if unknown. */
  @Column({ name: 'index_multihash', type: 'varchar', length: 128 })
  indexMultihash!: string;

  @Column({ name: 'data_multihash', type: 'varchar', length: 128 })
  dataMultihash!: string;

  @Column({ name: 'schema_version', type: 'varchar', length: 32 })
  schemaVersion!: string;

  @Column({ name: 'encoding', type: 'varchar', length: 64 })
  encoding!: string;

  @Column(bigintColumn('total_size'))
  totalSize!: number;

  /** common.v1.ArtifactIdKind number (0 unspecified, 1 MI2, 2 CGID). */
  @Column({ name: 'id_kind', type: 'integer' })
  idKind!: number;

  /** sha256 hex of the tensor index bytes, when the index is stored here. */
  @Column({ name: 'tensor_index_key', type: 'varchar', length: 64, nullable: true })
  tensorIndexKey!: string | null;

  @Column(bigintColumn('created_at'))
  createdAt!: number;

  @Column(bigintColumn('updated_at'))
  updatedAt!: number;
}

/** A stored artifact as other modules see it: they read it, never write it. */
export type ArtifactRecord = Readonly<ArtifactEntity>;
