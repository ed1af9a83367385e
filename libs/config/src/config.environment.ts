/**
 * The environment is not a settings source (config.md). Two things are read from it:
 * LOG_LEVEL, the one documented override, and GLOBAL_STORE_* variables from older
 * deployments, which are reported so nobody believes they still take effect.
 */
import { LOG_LEVELS, type LogLevel } from './config.types';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Variables older deployments used, and the config key that replaces each. */
export const LEGACY_ENVIRONMENT_VARIABLES: ReadonlyMap<string, string> = new Map([
  ['GLOBAL_STORE_DB_PATH', 'database.db_file'],
  ['GLOBAL_STORE_OPTIMIZE_INTERVAL_MS', 'database.optimize_interval'],
  ['GLOBAL_STORE_HOST', 'server.listen.host'],
  ['GLOBAL_STORE_PORT', 'server.listen.port'],
  ['GLOBAL_STORE_METRICS_PORT', 'server.metrics_port'],
  ['GLOBAL_STORE_HEARTBEAT_TIMEOUT', 'worker_policy.heartbeat_timeout'],
  ['GLOBAL_STORE_CLEANUP_INTERVAL', 'worker_policy.cleanup_interval'],
  ['GLOBAL_STORE_CLUSTER_TOKEN', 'meta.cluster_token'],
  ['GLOBAL_STORE_LOG_LEVEL', 'observability.logging.level'],
]);

const LEGACY_PREFIX = 'GLOBAL_STORE_';

/** One warning per GLOBAL_STORE_* variable that is set; values are never echoed. */
export function legacyEnvironmentWarnings(env: Environment): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith(LEGACY_PREFIX) && env[name] !== undefined)
    .sort()
    .map((name) => {
      const key = LEGACY_ENVIRONMENT_VARIABLES.get(name);
      const instead =
        key === undefined
          ? 'put the setting in the config file'
          : `set ${key} in the config file instead`;
      return `environment variable ${name} is ignored (environment variables are not settings): ${instead}`;
    });
}

export interface LogLevelOverride {
  readonly level?: LogLevel;
  readonly warning?: string;
}

/** LOG_LEVEL, case-insensitive, WARN accepted for WARNING; an invalid value is ignored with a warning. */
export function logLevelFromEnvironment(env: Environment): LogLevelOverride {
  const raw = env.LOG_LEVEL?.trim();
  if (raw === undefined || raw === '') return {};
  const upper = raw.toUpperCase();
  const candidate = upper === 'WARN' ? 'WARNING' : upper;
  const level = LOG_LEVELS.find((known) => known === candidate);
  if (level !== undefined) return { level };
  return {
    warning: `LOG_LEVEL=${JSON.stringify(raw)} is ignored: expected one of ${LOG_LEVELS.join(', ')} (any case; WARN = WARNING)`,
  };
}
