/**
 * The config file's schema: one class per section, keys spelled exactly as in the file.
 * Property initializers are the defaults (in file form), so `new GlobalStoreConfigSchema()`
 * is the documented default configuration and the key set of each section is
 * `Object.keys(new Section())`.
 */
import { ValidateNested } from 'class-validator';
import {
  IsByteSize,
  IsCount,
  IsDatabaseFile,
  IsDuration,
  IsFlag,
  IsAtMostHalfOf,
  IsLongerThan,
  IsNotListenPort,
  IsNotLongerThan,
  IsOneOf,
  IsOptionalText,
  IsPort,
  IsPostgresUrl,
  IsRequiredWhenEnabled,
  IsText,
} from './config.rules';
import {
  DATABASE_DRIVERS,
  LOG_FORMATS,
  LOG_LEVELS,
  SCHEMA_VERSIONS,
  SQLITE_SYNCHRONOUS_MODES,
  type DatabaseDriver,
  type LogFormat,
  type LogLevel,
  type SqliteSynchronous,
} from './config.types';

export type SectionClass = new () => object;

const SECTION_CHILDREN = new Map<SectionClass, Map<string, () => SectionClass>>();

/** Marks a nested section: validated recursively and walked by the loader. */
function Section(type: () => SectionClass): PropertyDecorator {
  const validateNested = ValidateNested();
  return (target, propertyKey) => {
    validateNested(target, propertyKey);
    const owner = target.constructor as SectionClass;
    const children = SECTION_CHILDREN.get(owner) ?? new Map<string, () => SectionClass>();
    children.set(String(propertyKey), type);
    SECTION_CHILDREN.set(owner, children);
  };
}

/** The nested sections of a section class, by key. */
export function sectionChildren(section: SectionClass): ReadonlyMap<string, SectionClass> {
  const children = SECTION_CHILDREN.get(section) ?? new Map<string, () => SectionClass>();
  return new Map([...children].map(([key, type]) => [key, type()]));
}

/** Every key of a section, sections and leaves, in declaration order. */
export function sectionKeys(section: SectionClass): string[] {
  return Object.keys(new section());
}

export class MetaSection {
  @IsOneOf(SCHEMA_VERSIONS)
  schema_version: string = 'v1';

  @IsText()
  description: string = '';

  @IsText()
  cluster_token: string = '';
}

export class PostgresTlsSection {
  @IsFlag()
  enabled: boolean = false;

  /** null = the system's trusted CAs. */
  @IsOptionalText()
  ca_file: string | null = null;

  @IsFlag()
  verify: boolean = true;
}

/** docs/postgresql.md. Read only when database.driver is postgres. */
export class PostgresSection {
  /** postgres://user@host:5432/database; the password goes in password_file. */
  @IsPostgresUrl()
  url: string = '';

  @IsOptionalText()
  password_file: string | null = null;

  @IsCount({ min: 1, max: 1000 })
  pool_size: number = 10;

  @IsDuration({ positive: true })
  connect_timeout: string = '10s';

  /** "0s" = no limit. */
  @IsDuration()
  statement_timeout: string = '30s';

  @Section(() => PostgresTlsSection)
  tls: PostgresTlsSection = new PostgresTlsSection();
}

export class DatabaseSection {
  @IsOneOf(DATABASE_DRIVERS)
  driver: DatabaseDriver = 'sqlite';

  @IsDatabaseFile()
  db_file: string | null = null;

  @IsOneOf(SQLITE_SYNCHRONOUS_MODES)
  synchronous: SqliteSynchronous = 'FULL';

  @IsDuration({ positive: true })
  optimize_interval: string = '1800s';

  @IsFlag()
  group_commit: boolean = true;

  @IsCount({ min: 1, max: 10000 })
  max_group_size: number = 256;

  @IsDuration({ optional: true })
  background_integrity_check_delay: string | null = '120s';

  @Section(() => PostgresSection)
  postgres: PostgresSection = new PostgresSection();
}

export class ListenSection {
  @IsText({ nonEmpty: true })
  host: string = '0.0.0.0';

  @IsPort()
  port: number = 50051;
}

export class AdvertiseSection {
  @IsText()
  host: string = '';

  @IsPort()
  port: number = 0;
}

export class TlsSection {
  @IsFlag()
  enabled: boolean = false;

  @IsOptionalText()
  @IsRequiredWhenEnabled('server.grpc.tls.enabled')
  cert_file: string | null = null;

  @IsOptionalText()
  @IsRequiredWhenEnabled('server.grpc.tls.enabled')
  key_file: string | null = null;

  @IsOptionalText()
  client_ca_file: string | null = null;
}

/** null (or absent) leaves the @grpc/grpc-js default in place. */
export class GrpcSection {
  @IsCount({ min: 1, optional: true })
  max_concurrent_streams: number | null = null;

  @IsDuration({ positive: true, optional: true })
  keepalive_time: string | null = null;

  @IsDuration({ positive: true, optional: true })
  keepalive_timeout: string | null = null;

  @IsDuration({ positive: true, optional: true })
  max_connection_idle: string | null = null;

  @IsDuration({ positive: true, optional: true })
  max_connection_age: string | null = null;

  @IsByteSize()
  max_receive_message_size: number | string = '16MiB';

  @Section(() => TlsSection)
  tls: TlsSection = new TlsSection();
}

/** The memory governor (docs/deployment.md, "Memory after bursts"). */
export class MemorySection {
  /** Quiet this long after a burst: one full garbage collection; null = never. */
  @IsDuration({ positive: true, optional: true })
  idle_collection_delay: string | null = '5s';

  /** Only when the V8 heap plus external memory grew at least this much since its low point. */
  @IsByteSize()
  idle_collection_min_growth: number | string = '32MiB';
}

export class ServerSection {
  @Section(() => ListenSection)
  listen: ListenSection = new ListenSection();

  @Section(() => AdvertiseSection)
  advertise: AdvertiseSection = new AdvertiseSection();

  @IsPort()
  @IsNotListenPort()
  metrics_port: number = 8001;

  /** null = same as listen.host. */
  @IsOptionalText()
  metrics_host: string | null = null;

  @Section(() => GrpcSection)
  grpc: GrpcSection = new GrpcSection();

  @Section(() => MemorySection)
  memory: MemorySection = new MemorySection();
}

export class KeyMappingSection {
  @IsDuration({ wholeSeconds: true })
  alias_cache_ttl: string = '1s';
}

export class WorkerPolicySection {
  @IsDuration({ positive: true })
  @IsLongerThan('default_heartbeat_interval', 'worker_policy.default_heartbeat_interval')
  heartbeat_timeout: string = '30s';

  @IsDuration({ positive: true })
  cleanup_interval: string = '60s';

  @IsDuration({ positive: true })
  default_heartbeat_interval: string = '5s';

  @IsFlag()
  allow_loopback_addresses: boolean = false;

  @Section(() => KeyMappingSection)
  key_mapping: KeyMappingSection = new KeyMappingSection();
}

export class RegistrationsSection {
  @IsDuration({ positive: true })
  @IsNotLongerThan('max_ttl', 'registrations.max_ttl')
  default_ttl: string = '600s';

  @IsDuration({ positive: true })
  max_ttl: string = '3600s';

  @IsCount({ min: 1 })
  max_pending_per_daemon: number = 1024;
}

/** docs/memory-tier.md. */
export class MemoryTierSection {
  /** Per node, snapshots older than this before the newest are pruned; "0s" = off. */
  @IsDuration()
  snapshot_retention: string = '600s';

  /** Per node, at most this many snapshots; 0 = off. */
  @IsCount({ min: 0 })
  snapshot_max_rows: number = 200;

  @IsDuration({ positive: true })
  pending_lease_ttl: string = '3600s';

  @IsDuration({ positive: true })
  lease_retention: string = '24h';
}

/** The chunk directory (BatchUpdateChunkStates / QueryChunkLocations). */
export class ChunkDirectorySection {
  /** Rows hidden this long (no active worker with an available GPU replica) are deleted. */
  @IsDuration({ positive: true })
  orphan_ttl: string = '3600s';
}

/** Peer-to-peer replica transports (RequestReplicaTransport / CompleteReplicaTransport). */
export class TransportsSection {
  /** Completed transports are kept this long (QueryTransportWindow, request_id replay). */
  @IsDuration({ positive: true })
  retention: string = '24h';
}

export class LoggingSection {
  @IsOneOf(LOG_LEVELS)
  level: LogLevel = 'INFO';

  @IsOneOf(LOG_FORMATS)
  format: LogFormat = 'text';

  /** '' = no log file. */
  @IsText()
  file: string = '';
}

export class DashboardSection {
  /** The read-only web dashboard at /ui on the metrics/health HTTP port. */
  @IsFlag()
  enabled: boolean = true;
}

export class ObservabilitySection {
  @Section(() => LoggingSection)
  logging: LoggingSection = new LoggingSection();

  @Section(() => DashboardSection)
  dashboard: DashboardSection = new DashboardSection();
}

/**
 * High availability (docs/high-availability.md). Active whenever the database is PostgreSQL:
 * a shared database is only safe to write with the lease's fencing, so it cannot be off.
 */
export class HaSection {
  /** How long a lease lasts without renewal, judged by the database's clock. */
  @IsDuration({ positive: true })
  lease_ttl: string = '10s';

  /** How often the leader renews and a standby tries to take over. */
  @IsDuration({ positive: true })
  @IsAtMostHalfOf('lease_ttl', 'ha.lease_ttl')
  renew_interval: string = '3s';

  /** '' = the host name. Names this instance in the lease row, logs and standby answers. */
  @IsText()
  instance_id: string = '';

  /** host:port standbys name as the leader's; '' = the host name and the bound gRPC port. */
  @IsText()
  advertise_address: string = '';
}

export class GlobalStoreConfigSchema {
  @Section(() => MetaSection)
  meta: MetaSection = new MetaSection();

  @Section(() => DatabaseSection)
  database: DatabaseSection = new DatabaseSection();

  @Section(() => ServerSection)
  server: ServerSection = new ServerSection();

  @Section(() => WorkerPolicySection)
  worker_policy: WorkerPolicySection = new WorkerPolicySection();

  @Section(() => RegistrationsSection)
  registrations: RegistrationsSection = new RegistrationsSection();

  @Section(() => MemoryTierSection)
  memory_tier: MemoryTierSection = new MemoryTierSection();
  @Section(() => ChunkDirectorySection)
  chunk_directory: ChunkDirectorySection = new ChunkDirectorySection();

  @Section(() => TransportsSection)
  transports: TransportsSection = new TransportsSection();

  @Section(() => ObservabilitySection)
  observability: ObservabilitySection = new ObservabilitySection();

  @Section(() => HaSection)
  ha: HaSection = new HaSection();
}

/** Every key path of the schema, sections and leaves ("server", "server.listen.port", …). */
export function schemaKeyPaths(
  section: SectionClass = GlobalStoreConfigSchema,
  prefix = '',
): string[] {
  const children = sectionChildren(section);
  return sectionKeys(section).flatMap((key) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const child = children.get(key);
    return child === undefined ? [path] : [path, ...schemaKeyPaths(child, path)];
  });
}

/**
 * Keys of the public TensorCast global-store config that this server does not implement.
 * A file may carry them (so an existing config works unchanged); each present one yields a
 * single warning and its whole subtree is ignored unread.
 */
export const UPSTREAM_ONLY_KEYS: ReadonlyMap<string, string> = new Map([
  ['worker_policy.transport_scheduler', 'transport scheduling is decided by the daemons here'],
  ['limits', 'write and digest limits are not enforced by this server'],
  ['observability.otel', 'OpenTelemetry export is not implemented; use /metrics'],
  ['server.threads', 'Node.js serves gRPC from one event loop'],
  ['server.worker_threads', 'Node.js serves gRPC from one event loop'],
]);
