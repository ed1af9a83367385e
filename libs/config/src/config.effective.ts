/**
 * Turns a validated schema instance into the effective GlobalStoreConfig (milliseconds,
 * bytes, resolved paths) and back into the file shape for `check-config`.
 */
import { isAbsolute, resolve } from 'node:path';
import { formatByteSize, parseByteSize } from './byte-size';
import { GlobalStoreConfigSchema } from './config.schema';
import type { GlobalStoreConfig, GlobalStoreConfigDocument, LogLevel } from './config.types';
import { formatDuration, parseDuration } from './duration';

export interface EffectiveOptions {
  /** Relative paths in the file are resolved against this directory (the config file's). */
  readonly baseDir: string;
  /** From LOG_LEVEL, already validated. */
  readonly logLevelOverride?: LogLevel;
}

function optionalDuration(text: string | null): number | undefined {
  return text === null ? undefined : parseDuration(text);
}

function optionalPath(path: string | null, baseDir: string): string | null {
  return path === null ? null : absolutePath(path, baseDir);
}

function absolutePath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/**
 * Only for a schema that passed validation: parse errors here would be bugs, so they are
 * allowed to throw.
 */
export function toEffectiveConfig(
  schema: GlobalStoreConfigSchema,
  options: EffectiveOptions,
): GlobalStoreConfig {
  const { meta, database, server, worker_policy, registrations, memory_tier, observability } =
    schema;
  const { grpc } = server;
  const { logging, dashboard } = observability;
  return {
    meta: {
      schema_version: meta.schema_version,
      description: meta.description,
      cluster_token: meta.cluster_token,
    },
    database: {
      driver: database.driver,
      db_file: optionalPath(database.db_file, options.baseDir),
      synchronous: database.synchronous,
      optimize_interval: parseDuration(database.optimize_interval),
      group_commit: database.group_commit,
      max_group_size: database.max_group_size,
      background_integrity_check_delay:
        optionalDuration(database.background_integrity_check_delay) ?? null,
      postgres: {
        url: database.postgres.url,
        password_file: optionalPath(database.postgres.password_file, options.baseDir),
        pool_size: database.postgres.pool_size,
        connect_timeout: parseDuration(database.postgres.connect_timeout),
        statement_timeout: parseDuration(database.postgres.statement_timeout),
        tls: {
          enabled: database.postgres.tls.enabled,
          ca_file: optionalPath(database.postgres.tls.ca_file, options.baseDir),
          verify: database.postgres.tls.verify,
        },
      },
    },
    server: {
      listen: { host: server.listen.host, port: server.listen.port },
      advertise: { host: server.advertise.host, port: server.advertise.port },
      metrics_port: server.metrics_port,
      metrics_host: server.metrics_host ?? server.listen.host,
      grpc: {
        max_concurrent_streams: grpc.max_concurrent_streams ?? undefined,
        keepalive_time: optionalDuration(grpc.keepalive_time),
        keepalive_timeout: optionalDuration(grpc.keepalive_timeout),
        max_connection_idle: optionalDuration(grpc.max_connection_idle),
        max_connection_age: optionalDuration(grpc.max_connection_age),
        max_receive_message_size: parseByteSize(grpc.max_receive_message_size),
        tls: {
          enabled: grpc.tls.enabled,
          cert_file: optionalPath(grpc.tls.cert_file, options.baseDir),
          key_file: optionalPath(grpc.tls.key_file, options.baseDir),
          client_ca_file: optionalPath(grpc.tls.client_ca_file, options.baseDir),
        },
      },
      memory: {
        idle_collection_delay: optionalDuration(server.memory.idle_collection_delay) ?? null,
        idle_collection_min_growth: parseByteSize(server.memory.idle_collection_min_growth),
      },
    },
    worker_policy: {
      heartbeat_timeout: parseDuration(worker_policy.heartbeat_timeout),
      cleanup_interval: parseDuration(worker_policy.cleanup_interval),
      default_heartbeat_interval: parseDuration(worker_policy.default_heartbeat_interval),
      allow_loopback_addresses: worker_policy.allow_loopback_addresses,
      key_mapping: {
        alias_cache_ttl: parseDuration(worker_policy.key_mapping.alias_cache_ttl),
      },
    },
    registrations: {
      default_ttl: parseDuration(registrations.default_ttl),
      max_ttl: parseDuration(registrations.max_ttl),
      max_pending_per_daemon: registrations.max_pending_per_daemon,
    },
    memory_tier: {
      snapshot_retention: parseDuration(memory_tier.snapshot_retention),
      snapshot_max_rows: memory_tier.snapshot_max_rows,
      pending_lease_ttl: parseDuration(memory_tier.pending_lease_ttl),
      lease_retention: parseDuration(memory_tier.lease_retention),
    },
    chunk_directory: { orphan_ttl: parseDuration(schema.chunk_directory.orphan_ttl) },
    transports: { retention: parseDuration(schema.transports.retention) },
    ha: {
      lease_ttl: parseDuration(schema.ha.lease_ttl),
      renew_interval: parseDuration(schema.ha.renew_interval),
      instance_id: schema.ha.instance_id,
      advertise_address: schema.ha.advertise_address,
    },
    observability: {
      logging: {
        level: options.logLevelOverride ?? logging.level,
        format: logging.format,
        file: logging.file === '' ? '' : absolutePath(logging.file, options.baseDir),
      },
      dashboard: { enabled: dashboard.enabled },
    },
  };
}

/** The documented defaults (config.md), with no file and no environment involved. */
export function defaultConfig(): GlobalStoreConfig {
  return toEffectiveConfig(new GlobalStoreConfigSchema(), { baseDir: process.cwd() });
}

function optionalFormatted(milliseconds: number | undefined): string | null {
  return milliseconds === undefined ? null : formatDuration(milliseconds);
}

/** The effective config in file shape; loading the result yields the same config. */
export function effectiveConfigToDocument(config: GlobalStoreConfig): GlobalStoreConfigDocument {
  const { meta, database, server, worker_policy, registrations, memory_tier, observability } =
    config;
  const { grpc } = server;
  return {
    meta: { ...meta },
    database: {
      driver: database.driver,
      db_file: database.db_file,
      synchronous: database.synchronous,
      optimize_interval: formatDuration(database.optimize_interval),
      group_commit: database.group_commit,
      max_group_size: database.max_group_size,
      background_integrity_check_delay: optionalFormatted(
        database.background_integrity_check_delay ?? undefined,
      ),
      postgres: {
        ...database.postgres,
        connect_timeout: formatDuration(database.postgres.connect_timeout),
        statement_timeout: formatDuration(database.postgres.statement_timeout),
        tls: { ...database.postgres.tls },
      },
    },
    server: {
      listen: { ...server.listen },
      advertise: { ...server.advertise },
      metrics_port: server.metrics_port,
      metrics_host: server.metrics_host,
      grpc: {
        max_concurrent_streams: grpc.max_concurrent_streams ?? null,
        keepalive_time: optionalFormatted(grpc.keepalive_time),
        keepalive_timeout: optionalFormatted(grpc.keepalive_timeout),
        max_connection_idle: optionalFormatted(grpc.max_connection_idle),
        max_connection_age: optionalFormatted(grpc.max_connection_age),
        max_receive_message_size: formatByteSize(grpc.max_receive_message_size),
        tls: { ...grpc.tls },
      },
      memory: {
        idle_collection_delay: optionalFormatted(server.memory.idle_collection_delay ?? undefined),
        idle_collection_min_growth: formatByteSize(server.memory.idle_collection_min_growth),
      },
    },
    worker_policy: {
      heartbeat_timeout: formatDuration(worker_policy.heartbeat_timeout),
      cleanup_interval: formatDuration(worker_policy.cleanup_interval),
      default_heartbeat_interval: formatDuration(worker_policy.default_heartbeat_interval),
      allow_loopback_addresses: worker_policy.allow_loopback_addresses,
      key_mapping: { alias_cache_ttl: formatDuration(worker_policy.key_mapping.alias_cache_ttl) },
    },
    registrations: {
      default_ttl: formatDuration(registrations.default_ttl),
      max_ttl: formatDuration(registrations.max_ttl),
      max_pending_per_daemon: registrations.max_pending_per_daemon,
    },
    memory_tier: {
      snapshot_retention: formatDuration(memory_tier.snapshot_retention),
      snapshot_max_rows: memory_tier.snapshot_max_rows,
      pending_lease_ttl: formatDuration(memory_tier.pending_lease_ttl),
      lease_retention: formatDuration(memory_tier.lease_retention),
    },
    observability: {
      logging: { ...observability.logging },
      dashboard: { ...observability.dashboard },
    },
    chunk_directory: { orphan_ttl: formatDuration(config.chunk_directory.orphan_ttl) },
    transports: { retention: formatDuration(config.transports.retention) },
    ha: {
      lease_ttl: formatDuration(config.ha.lease_ttl),
      renew_interval: formatDuration(config.ha.renew_interval),
      instance_id: config.ha.instance_id,
      advertise_address: config.ha.advertise_address,
    },
  };
}
