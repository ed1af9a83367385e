import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small key/value facts about this server that must survive restarts (cluster_id). */
@Entity({ name: 'server_meta' })
export class ServerMetaEntity {
  @PrimaryColumn({ name: 'meta_key', type: 'varchar', length: 64 })
  key!: string;

  @Column({ name: 'meta_value', type: 'text' })
  value!: string;
}
