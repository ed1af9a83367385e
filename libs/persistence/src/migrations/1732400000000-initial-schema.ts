import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema. Column types are the portable subset TypeORM maps on SQLite and
 * PostgreSQL alike (varchar, integer, bigint, boolean, text, blob→bytea in a later driver).
 * Times are epoch milliseconds in bigint columns so no driver converts time zones.
 */
export class InitialSchema1732400000000 implements MigrationInterface {
  name = 'InitialSchema1732400000000';

  async up(q: QueryRunner): Promise<void> {
    // PostgreSQL wants boolean literals and calls a blob bytea. SQLite gets the exact text it
    // always got (it keeps it in sqlite_master), so existing files stay byte-for-byte valid.
    const postgres = q.connection.driver.options.type === 'postgres';
    const TRUE = postgres ? 'true' : '1';
    const FALSE = postgres ? 'false' : '0';
    const BLOB = postgres ? 'bytea' : 'blob';
    await q.query(`CREATE TABLE server_meta (
      meta_key varchar(64) PRIMARY KEY NOT NULL,
      meta_value text NOT NULL
    )`);
    await q.query(`CREATE TABLE workers (
      worker_id varchar(255) PRIMARY KEY NOT NULL,
      daemon_id varchar(255) NOT NULL,
      node_id varchar(255) NOT NULL,
      node_address varchar(255) NOT NULL,
      grpc_port integer NOT NULL,
      p2p_port integer NOT NULL,
      mem_pool_total_size bigint NOT NULL DEFAULT 0,
      mem_pool_available_size bigint NOT NULL DEFAULT 0,
      accepting_new_requests boolean NOT NULL DEFAULT ${TRUE},
      capability_flags bigint NOT NULL DEFAULT 0,
      inactive boolean NOT NULL DEFAULT ${FALSE},
      registered_at bigint NOT NULL,
      last_heartbeat_at bigint NOT NULL,
      state_version bigint NOT NULL DEFAULT 1,
      state_checksum varchar(16) NOT NULL DEFAULT 'cbf29ce484222325',
      reconcile_generation bigint NOT NULL DEFAULT 0,
      reconcile_request_seq bigint NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_workers_daemon ON workers (daemon_id)`);
    await q.query(`CREATE INDEX ix_workers_endpoint ON workers (node_address, grpc_port)`);

    await q.query(`CREATE TABLE tensor_indexes (
      tensor_index_key varchar(64) PRIMARY KEY NOT NULL,
      index_data ${BLOB} NOT NULL,
      encoding varchar(64) NOT NULL DEFAULT '',
      schema_version varchar(32) NOT NULL DEFAULT '',
      created_at bigint NOT NULL
    )`);
    await q.query(`CREATE TABLE artifacts (
      artifact_id varchar(512) PRIMARY KEY NOT NULL,
      index_multihash varchar(128) NOT NULL DEFAULT '',
      data_multihash varchar(128) NOT NULL DEFAULT '',
      schema_version varchar(32) NOT NULL DEFAULT '',
      encoding varchar(64) NOT NULL DEFAULT '',
      total_size bigint NOT NULL DEFAULT 0,
      id_kind integer NOT NULL DEFAULT 0,
      tensor_index_key varchar(64),
      created_at bigint NOT NULL,
      updated_at bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX ix_artifacts_index_key ON artifacts (tensor_index_key)`);
    await q.query(`CREATE TABLE replicas (
      replica_id varchar(36) PRIMARY KEY NOT NULL,
      artifact_id varchar(512) NOT NULL,
      worker_id varchar(255) NOT NULL,
      view_id varchar(255) NOT NULL DEFAULT '',
      node_id varchar(255) NOT NULL,
      node_address varchar(255) NOT NULL,
      node_port integer NOT NULL,
      memory_type integer NOT NULL,
      device_id integer NOT NULL DEFAULT 0,
      memory_size bigint NOT NULL,
      max_concurrency integer NOT NULL,
      current_requests integer NOT NULL DEFAULT 0,
      available boolean NOT NULL DEFAULT ${TRUE},
      memory_info text NOT NULL,
      registered_at bigint NOT NULL,
      updated_at bigint NOT NULL
    )`);
    await q.query(
      `CREATE UNIQUE INDEX ux_replicas_identity ON replicas
        (artifact_id, view_id, node_id, node_address, node_port, memory_type, device_id)`,
    );
    await q.query(`CREATE INDEX ix_replicas_worker ON replicas (worker_id)`);
    await q.query(`CREATE INDEX ix_replicas_node ON replicas (node_id, node_address)`);

    await q.query(`CREATE TABLE key_mappings (
      mapping_key varchar(1024) PRIMARY KEY NOT NULL,
      artifact_id varchar(512) NOT NULL,
      replica_uuid varchar(64) NOT NULL DEFAULT '',
      daemon_address varchar(255) NOT NULL DEFAULT '',
      ttl_ms bigint NOT NULL DEFAULT 0,
      generation bigint NOT NULL DEFAULT 1,
      swapped boolean NOT NULL DEFAULT ${FALSE},
      last_operation_id varchar(255) NOT NULL DEFAULT '',
      created_at bigint NOT NULL,
      updated_at bigint NOT NULL
    )`);

    await q.query(`CREATE TABLE idempotency_records (
      operation_kind varchar(64) NOT NULL,
      client_request_id varchar(255) NOT NULL,
      request_fingerprint varchar(64) NOT NULL,
      response_json text NOT NULL,
      created_at bigint NOT NULL,
      PRIMARY KEY (operation_kind, client_request_id)
    )`);
    await q.query(`CREATE INDEX ix_idempotency_created ON idempotency_records (created_at)`);

    await q.query(`CREATE TABLE registrations (
      registration_id varchar(64) PRIMARY KEY NOT NULL,
      worker_id varchar(255) NOT NULL,
      daemon_id varchar(255) NOT NULL,
      owner_pid integer NOT NULL,
      device_id integer NOT NULL DEFAULT 0,
      plan_kind varchar(16) NOT NULL,
      plan_json text NOT NULL,
      total_size bigint NOT NULL,
      tensor_index_key varchar(64) NOT NULL,
      epoch bigint NOT NULL,
      state varchar(16) NOT NULL,
      coverage_json text NOT NULL,
      ttl_ms bigint NOT NULL,
      end_reason varchar(512) NOT NULL DEFAULT '',
      artifact_id varchar(512) NOT NULL DEFAULT '',
      replica_id varchar(36) NOT NULL DEFAULT '',
      created_at bigint NOT NULL,
      updated_at bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX ix_registrations_state ON registrations (state)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'registrations',
      'idempotency_records',
      'key_mappings',
      'replicas',
      'artifacts',
      'tensor_indexes',
      'workers',
      'server_meta',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
