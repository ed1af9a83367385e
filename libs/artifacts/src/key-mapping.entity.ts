import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '../../persistence/src';

@Entity({ name: 'key_mappings' })
export class KeyMappingEntity {
  @PrimaryColumn({ name: 'mapping_key', type: 'varchar', length: 1024 })
  key!: string;

  @Column({ name: 'artifact_id', type: 'varchar', length: 512 })
  artifactId!: string;

  @Column({ name: 'replica_uuid', type: 'varchar', length: 64 })
  replicaUuid!: string;

  @Column({ name: 'daemon_address', type: 'varchar', length: 255 })
  daemonAddress!: string;

  /** 0 = no ttl given (immutable mappings then get the default cache ttl). */
  @Column(bigintColumn('ttl_ms'))
  ttlMs!: number;

  @Column(bigintColumn('generation'))
  generation!: number;

  /** Changed by SwapKeyMapping at least once: an alias, cached briefly by clients. */
  @Column({ name: 'swapped', type: 'boolean' })
  swapped!: boolean;

  @Column({ name: 'last_operation_id', type: 'varchar', length: 255 })
  lastOperationId!: string;

  @Column(bigintColumn('created_at'))
  createdAt!: number;

  @Column(bigintColumn('updated_at'))
  updatedAt!: number;
}

/** A stored key mapping as other modules see it: they read it, never write it. */
export type KeyMappingRecord = Readonly<KeyMappingEntity>;
