import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MemoryTierService: status snapshots and tier leases (libs/memory-tier). Nanosecond times
 * are 20-digit zero-padded decimal text: exact on every driver and ordered as text.
 */
export class MemoryTier1764200000000 implements MigrationInterface {
  name = 'MemoryTier1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE memory_tier_statuses (
      node_id varchar(255) NOT NULL,
      epoch_ns varchar(20) NOT NULL,
      worker_id varchar(255) NOT NULL,
      stable_total_bytes varchar(20) NOT NULL,
      stable_used_bytes varchar(20) NOT NULL,
      preemptible_total_bytes varchar(20) NOT NULL,
      preemptible_marked_bytes varchar(20) NOT NULL,
      faults_per_sec double precision NOT NULL,
      rehydrate_p99_ns varchar(20) NOT NULL,
      enable_preemptible boolean NOT NULL,
      config_json text NOT NULL,
      received_at bigint NOT NULL,
      PRIMARY KEY (node_id, epoch_ns)
    )`);
    await q.query(`CREATE TABLE memory_tier_leases (
      lease_id varchar(32) PRIMARY KEY NOT NULL,
      node_id varchar(255) NOT NULL,
      kind varchar(16) NOT NULL,
      artifact_id varchar(512) NOT NULL,
      chunk_range_start bigint,
      chunk_range_count bigint,
      chunk_ids_json text NOT NULL,
      ledger_version varchar(20) NOT NULL,
      bytes varchar(20) NOT NULL,
      workload_id varchar(512) NOT NULL,
      state varchar(16) NOT NULL,
      request_id varchar(512) NOT NULL,
      ack_epoch_ns varchar(20) NOT NULL,
      issued_at_ns varchar(20) NOT NULL,
      expires_at_ns varchar(20) NOT NULL,
      end_reason varchar(16) NOT NULL DEFAULT '',
      ended_at bigint,
      created_at bigint NOT NULL,
      updated_at bigint NOT NULL
    )`);
    await q.query(
      `CREATE UNIQUE INDEX ux_memory_tier_leases_request ON memory_tier_leases (node_id, request_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE memory_tier_leases`);
    await q.query(`DROP TABLE memory_tier_statuses`);
  }
}
