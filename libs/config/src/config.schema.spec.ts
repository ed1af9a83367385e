import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getMetadataStorage, validateSync } from 'class-validator';
import {
  GlobalStoreConfigSchema,
  schemaKeyPaths,
  sectionChildren,
  sectionKeys,
  UPSTREAM_ONLY_KEYS,
  type SectionClass,
} from './config.schema';

function sectionClasses(section: SectionClass = GlobalStoreConfigSchema): SectionClass[] {
  return [
    section,
    ...[...sectionChildren(section).values()].flatMap((child) => sectionClasses(child)),
  ];
}

describe('config schema', () => {
  it('has a validation rule on every key, so no value slips through unchecked', () => {
    const unchecked = sectionClasses().flatMap((section) => {
      const ruled = new Set(
        getMetadataStorage()
          .getTargetValidationMetadatas(section, '', true, false)
          .map((metadata) => metadata.propertyName),
      );
      return sectionKeys(section)
        .filter((key) => !ruled.has(key))
        .map((key) => `${section.name}.${key}`);
    });
    assert.deepEqual(unchecked, []);
  });

  it('its defaults pass its own validation', () => {
    assert.deepEqual(validateSync(new GlobalStoreConfigSchema()), []);
  });

  it('mirrors config.md key for key', () => {
    assert.deepEqual(schemaKeyPaths(), [
      'meta',
      'meta.schema_version',
      'meta.description',
      'meta.cluster_token',
      'database',
      // Our own keys beyond config.md: the PostgreSQL driver (issue 10, docs/postgresql.md).
      'database.driver',
      'database.db_file',
      'database.synchronous',
      'database.optimize_interval',
      'database.group_commit',
      'database.max_group_size',
      'database.background_integrity_check_delay',
      'database.postgres',
      'database.postgres.url',
      'database.postgres.password_file',
      'database.postgres.pool_size',
      'database.postgres.connect_timeout',
      'database.postgres.statement_timeout',
      'database.postgres.tls',
      'database.postgres.tls.enabled',
      'database.postgres.tls.ca_file',
      'database.postgres.tls.verify',
      'server',
      'server.listen',
      'server.listen.host',
      'server.listen.port',
      'server.advertise',
      'server.advertise.host',
      'server.advertise.port',
      'server.metrics_port',
      'server.metrics_host',
      'server.grpc',
      'server.grpc.max_concurrent_streams',
      'server.grpc.keepalive_time',
      'server.grpc.keepalive_timeout',
      'server.grpc.max_connection_idle',
      'server.grpc.max_connection_age',
      'server.grpc.max_receive_message_size',
      'server.grpc.tls',
      'server.grpc.tls.enabled',
      'server.grpc.tls.cert_file',
      'server.grpc.tls.key_file',
      'server.grpc.tls.client_ca_file',
      // Our own keys: the memory governor (docs/deployment.md, "Memory after bursts").
      'server.memory',
      'server.memory.idle_collection_delay',
      'server.memory.idle_collection_min_growth',
      'worker_policy',
      'worker_policy.heartbeat_timeout',
      'worker_policy.cleanup_interval',
      'worker_policy.default_heartbeat_interval',
      'worker_policy.allow_loopback_addresses',
      'worker_policy.key_mapping',
      'worker_policy.key_mapping.alias_cache_ttl',
      'registrations',
      'registrations.default_ttl',
      'registrations.max_ttl',
      'registrations.max_pending_per_daemon',
      'memory_tier',
      'memory_tier.snapshot_retention',
      'memory_tier.snapshot_max_rows',
      'memory_tier.pending_lease_ttl',
      'memory_tier.lease_retention',
      'chunk_directory',
      'chunk_directory.orphan_ttl',
      'transports',
      'transports.retention',
      'observability',
      'observability.logging',
      'observability.logging.level',
      'observability.logging.format',
      'observability.logging.file',
      // Our own key beyond config.md: the /ui dashboard (docs/dashboard.md).
      'observability.dashboard',
      'observability.dashboard.enabled',
      // High availability (config.md's added keys; renew_interval and advertise_address
      // are ours: docs/high-availability.md).
      'ha',
      'ha.lease_ttl',
      'ha.renew_interval',
      'ha.instance_id',
      'ha.advertise_address',
    ]);
  });

  it('never lists an implemented key as upstream-only', () => {
    const implemented = new Set(schemaKeyPaths());
    assert.deepEqual(
      [...UPSTREAM_ONLY_KEYS.keys()].filter((key) => implemented.has(key)),
      [],
    );
  });
});
