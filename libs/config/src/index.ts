export { formatByteSize, parseByteSize } from './byte-size';
export { defaultConfig, effectiveConfigToDocument } from './config.effective';
export { LEGACY_ENVIRONMENT_VARIABLES, type Environment } from './config.environment';
export { ConfigError, type ConfigIssue } from './config.error';
export {
  loadConfigFile,
  loadConfigText,
  readDatabasePassword,
  verifyTlsFiles,
} from './config.loader';
export { ConfigModule, GLOBAL_STORE_CONFIG } from './config.module';
export { GlobalStoreConfigSchema, UPSTREAM_ONLY_KEYS } from './config.schema';
export {
  DATABASE_DRIVERS,
  LOG_FORMATS,
  LOG_LEVELS,
  SQLITE_SYNCHRONOUS_MODES,
  type DatabaseConfig,
  type DatabaseDriver,
  type EndpointConfig,
  type GlobalStoreConfig,
  type GlobalStoreConfigDocument,
  type GrpcConfig,
  type KeyMappingConfig,
  type LoadedConfig,
  type LogFormat,
  type LoggingConfig,
  type LogLevel,
  type MetaConfig,
  type ObservabilityConfig,
  type PostgresConfig,
  type PostgresTlsConfig,
  type RegistrationsConfig,
  type ServerConfig,
  type SqliteSynchronous,
  type TlsConfig,
  type WorkerPolicyConfig,
} from './config.types';
export { formatDuration, parseDuration } from './duration';
