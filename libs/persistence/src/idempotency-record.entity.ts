import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from './columns';

@Entity({ name: 'idempotency_records' })
export class IdempotencyRecordEntity {
  @PrimaryColumn({ name: 'operation_kind', type: 'varchar', length: 64 })
  operationKind!: string;

  @PrimaryColumn({ name: 'client_request_id', type: 'varchar', length: 255 })
  clientRequestId!: string;

  @Column({ name: 'request_fingerprint', type: 'varchar', length: 64 })
  requestFingerprint!: string;

  @Column({ name: 'response_json', type: 'text' })
  responseJson!: string;

  @Column(bigintColumn('created_at'))
  createdAt!: number;
}
