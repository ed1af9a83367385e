/**
 * The effective configuration handed to the rest of the server: the file's shape and key
 * names, with every default filled in, durations in milliseconds and sizes in bytes.
 */

export const SCHEMA_VERSIONS = ['v1'] as const;
export const SQLITE_SYNCHRONOUS_MODES = ['FULL', 'NORMAL'] as const;
export const DATABASE_DRIVERS = ['sqlite', 'postgres'] as const;
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR'] as const;
export const LOG_FORMATS = ['json', 'text'] as const;

export type SqliteSynchronous = (typeof SQLITE_SYNCHRONOUS_MODES)[number];
export type DatabaseDriver = (typeof DATABASE_DRIVERS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface GlobalStoreConfig {
  readonly meta: MetaConfig;
  readonly database: DatabaseConfig;
  readonly server: ServerConfig;
  readonly worker_policy: WorkerPolicyConfig;
  readonly registrations: RegistrationsConfig;
  readonly memory_tier: MemoryTierConfig;
  readonly chunk_directory: ChunkDirectoryConfig;
  readonly transports: TransportsConfig;
  readonly observability: ObservabilityConfig;
  readonly ha: HaConfig;
}

/** High availability; used only when the database is PostgreSQL. */
export interface HaConfig {
  /** Milliseconds. */
  readonly lease_ttl: number;
  /** Milliseconds; at most half of lease_ttl. */
  readonly renew_interval: number;
  /** '' = the host name. */
  readonly instance_id: string;
  /** '' = the host name and the bound gRPC port. */
  readonly advertise_address: string;
}

export interface MetaConfig {
  readonly schema_version: string;
  readonly description: string;
  /** Echoed by ClusterAdminService / HealthCheck. */
  readonly cluster_token: string;
}

export interface DatabaseConfig {
  /** sqlite (embedded, the default) or postgres (database.postgres). */
  readonly driver: DatabaseDriver;
  /** SQLite only. null = in-memory; otherwise an absolute path (relative ones are resolved against the config file). */
  readonly db_file: string | null;
  readonly synchronous: SqliteSynchronous;
  /** Milliseconds. */
  readonly optimize_interval: number;
  /** Concurrent writes share one transaction (one fsync); off = one transaction per write. */
  readonly group_commit: boolean;
  /** Most writes one group commit may carry. */
  readonly max_group_size: number;
  /**
   * Milliseconds after SERVING before the full PRAGMA integrity_check runs on a read-only
   * connection of its own; null = never in the background (`tensorcast global check-db`).
   */
  readonly background_integrity_check_delay: number | null;
  /** Used when driver is postgres. */
  readonly postgres: PostgresConfig;
}

export interface PostgresConfig {
  /** postgres://user@host:port/database, without password or query; '' = not set. */
  readonly url: string;
  /** Absolute path of a file holding the password (a mounted Secret), read at startup. */
  readonly password_file: string | null;
  readonly pool_size: number;
  /** Milliseconds. */
  readonly connect_timeout: number;
  /** Milliseconds; 0 = no limit. */
  readonly statement_timeout: number;
  readonly tls: PostgresTlsConfig;
}

export interface PostgresTlsConfig {
  readonly enabled: boolean;
  /** Absolute path or null (the system's trusted CAs). */
  readonly ca_file: string | null;
  /** Check the server certificate against the CA and the URL's host name. */
  readonly verify: boolean;
}

export interface EndpointConfig {
  readonly host: string;
  /** 0 = ephemeral for listen; 0 = not set for advertise. */
  readonly port: number;
}

export interface ServerConfig {
  readonly listen: EndpointConfig;
  readonly advertise: EndpointConfig;
  /** 0 = ephemeral. */
  readonly metrics_port: number;
  /** Already resolved: equals listen.host when the file leaves it unset. */
  readonly metrics_host: string;
  readonly grpc: GrpcConfig;
  readonly memory: MemoryConfig;
}

/** The memory governor (docs/deployment.md, "Memory after bursts"). */
export interface MemoryConfig {
  /** Milliseconds the event loop must have been quiet before a full collection; null = off. */
  readonly idle_collection_delay: number | null;
  /** Bytes of heap plus external memory grown since the lowest point. */
  readonly idle_collection_min_growth: number;
}

/** undefined = leave the @grpc/grpc-js default in place. */
export interface GrpcConfig {
  readonly max_concurrent_streams: number | undefined;
  /** Milliseconds. */
  readonly keepalive_time: number | undefined;
  /** Milliseconds. */
  readonly keepalive_timeout: number | undefined;
  /** Milliseconds. */
  readonly max_connection_idle: number | undefined;
  /** Milliseconds. */
  readonly max_connection_age: number | undefined;
  /** Bytes. */
  readonly max_receive_message_size: number;
  readonly tls: TlsConfig;
}

export interface TlsConfig {
  readonly enabled: boolean;
  /** Absolute paths or null; set when enabled (file existence: see verifyTlsFiles). */
  readonly cert_file: string | null;
  readonly key_file: string | null;
  /** Set = clients must present a certificate signed by this CA (mutual TLS). */
  readonly client_ca_file: string | null;
}

export interface WorkerPolicyConfig {
  /** Milliseconds; always greater than default_heartbeat_interval. */
  readonly heartbeat_timeout: number;
  /** Milliseconds. */
  readonly cleanup_interval: number;
  /** Milliseconds; sent to daemons as heartbeat_interval_ms. */
  readonly default_heartbeat_interval: number;
  readonly allow_loopback_addresses: boolean;
  readonly key_mapping: KeyMappingConfig;
}

export interface KeyMappingConfig {
  /** Milliseconds, always a whole number of seconds (clients receive cache_ttl_seconds). */
  readonly alias_cache_ttl: number;
}

export interface RegistrationsConfig {
  /** Milliseconds; always > 0 and <= max_ttl. */
  readonly default_ttl: number;
  /** Milliseconds. */
  readonly max_ttl: number;
  readonly max_pending_per_daemon: number;
}

export interface MemoryTierConfig {
  /** Milliseconds; 0 = off (no age limit per node). */
  readonly snapshot_retention: number;
  /** 0 = off (no row limit per node). */
  readonly snapshot_max_rows: number;
  /** Milliseconds; always > 0. */
  readonly pending_lease_ttl: number;
  /** Milliseconds; always > 0. */
  readonly lease_retention: number;
}

export interface ChunkDirectoryConfig {
  /** Milliseconds a chunk row may stay hidden before it is deleted. */
  readonly orphan_ttl: number;
}

export interface TransportsConfig {
  /** Milliseconds a completed transport is kept. */
  readonly retention: number;
}

export interface ObservabilityConfig {
  readonly logging: LoggingConfig;
  readonly dashboard: DashboardConfig;
}

export interface DashboardConfig {
  /** Serve /ui on the metrics/health port; false = no routes (404). */
  readonly enabled: boolean;
}

export interface LoggingConfig {
  /** After the LOG_LEVEL override. */
  readonly level: LogLevel;
  readonly format: LogFormat;
  /** '' = no log file; otherwise an absolute path. */
  readonly file: string;
}

export interface LoadedConfig {
  readonly config: GlobalStoreConfig;
  /** One line each: upstream-only keys, ignored legacy environment variables, a bad LOG_LEVEL. */
  readonly warnings: readonly string[];
  /** Absolute path of the file the config came from. */
  readonly source: string;
}

/**
 * The file shape, as `check-config` prints it: durations as strings ("30s"), sizes as
 * "16MiB" (or bytes), grpc options left to the library default as null.
 */
export interface GlobalStoreConfigDocument {
  meta: { schema_version: string; description: string; cluster_token: string };
  database: {
    driver: DatabaseDriver;
    db_file: string | null;
    synchronous: SqliteSynchronous;
    optimize_interval: string;
    group_commit: boolean;
    max_group_size: number;
    background_integrity_check_delay: string | null;
    postgres: {
      url: string;
      password_file: string | null;
      pool_size: number;
      connect_timeout: string;
      statement_timeout: string;
      tls: { enabled: boolean; ca_file: string | null; verify: boolean };
    };
  };
  server: {
    listen: { host: string; port: number };
    advertise: { host: string; port: number };
    metrics_port: number;
    metrics_host: string;
    grpc: {
      max_concurrent_streams: number | null;
      keepalive_time: string | null;
      keepalive_timeout: string | null;
      max_connection_idle: string | null;
      max_connection_age: string | null;
      max_receive_message_size: string | number;
      tls: {
        enabled: boolean;
        cert_file: string | null;
        key_file: string | null;
        client_ca_file: string | null;
      };
    };
    memory: { idle_collection_delay: string | null; idle_collection_min_growth: string | number };
  };
  worker_policy: {
    heartbeat_timeout: string;
    cleanup_interval: string;
    default_heartbeat_interval: string;
    allow_loopback_addresses: boolean;
    key_mapping: { alias_cache_ttl: string };
  };
  registrations: { default_ttl: string; max_ttl: string; max_pending_per_daemon: number };
  memory_tier: {
    snapshot_retention: string;
    snapshot_max_rows: number;
    pending_lease_ttl: string;
    lease_retention: string;
  };
  observability: {
    logging: { level: LogLevel; format: LogFormat; file: string };
    dashboard: { enabled: boolean };
  };
  chunk_directory: { orphan_ttl: string };
  transports: { retention: string };
  ha: { lease_ttl: string; renew_interval: string; instance_id: string; advertise_address: string };
}
