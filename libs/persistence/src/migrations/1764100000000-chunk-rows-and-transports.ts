import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chunk directory (one row per reported chunk, keyed as daemons report them) and replica
 * transports (peer-to-peer fetches granted by RequestReplicaTransport). Both belong to a
 * worker: the row records which one, so its lifecycle can remove them.
 */
export class ChunkRowsAndTransports1764100000000 implements MigrationInterface {
  name = 'ChunkRowsAndTransports1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE chunk_rows (
      artifact_id varchar(512) NOT NULL,
      device_uuid varchar(512) NOT NULL,
      replica integer NOT NULL,
      chunk_idx integer NOT NULL,
      node_id varchar(255) NOT NULL,
      worker_id varchar(255) NOT NULL,
      state integer NOT NULL,
      updated_at bigint NOT NULL,
      PRIMARY KEY (artifact_id, device_uuid, replica, chunk_idx, node_id)
    )`);
    await q.query(`CREATE INDEX idx_chunk_rows_worker ON chunk_rows (worker_id, artifact_id)`);
    await q.query(`CREATE TABLE transports (
      transport_id varchar(36) NOT NULL PRIMARY KEY,
      request_id varchar(512) NOT NULL,
      fingerprint varchar(64) NOT NULL,
      replica_id varchar(36) NOT NULL,
      artifact_id varchar(512) NOT NULL,
      view_id varchar(512) NOT NULL,
      source_worker_id varchar(255) NOT NULL,
      requester_worker_id varchar(512) NOT NULL,
      group_kind varchar(512) NOT NULL,
      group_id varchar(512) NOT NULL,
      group_part_id varchar(512) NOT NULL,
      group_total_parts integer NOT NULL,
      group_epoch bigint NOT NULL,
      status varchar(16) NOT NULL,
      outcome varchar(16) NOT NULL,
      outcome_detail text NOT NULL,
      created_at bigint NOT NULL,
      completed_at bigint,
      replica_memory_size bigint NOT NULL,
      response_json text NOT NULL
    )`);
    await q.query(`CREATE INDEX idx_transports_request ON transports (request_id)`);
    await q.query(`CREATE INDEX idx_transports_created ON transports (created_at)`);
    await q.query(`CREATE INDEX idx_transports_status ON transports (status, completed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE transports`);
    await q.query(`DROP TABLE chunk_rows`);
  }
}
