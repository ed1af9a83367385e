/**
 * class-validator decorators for the config schema. Each leaf key carries exactly one type
 * rule that checks type and range together, so every bad value yields one crisp message;
 * cross-field rules stay silent until both sides are individually valid.
 */
import { ValidateBy, ValidationArguments } from 'class-validator';
import { parseByteSize } from './byte-size';
import { formatDuration, parseDuration } from './duration';

/** Returns the problem with a value, or undefined when it is fine. */
type Check = (value: unknown, section: Record<string, unknown>) => string | undefined;

/** Node timers overflow past 2^31-1 ms and then fire almost immediately. */
export const MAX_TIMER_MILLISECONDS = 2_147_483_647;
/** gRPC channel options are 32-bit signed integers. */
const MAX_INT32 = 2_147_483_647;

function rule(name: string, check: Check): PropertyDecorator {
  const sectionOf = (args?: ValidationArguments): Record<string, unknown> =>
    (args?.object ?? {}) as Record<string, unknown>;
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        check(value, sectionOf(args)) === undefined,
      defaultMessage: (args?: ValidationArguments) => check(args?.value, sectionOf(args)) ?? '',
    },
  });
}

/** How a value reads in an error message: strings quoted, containers by kind. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value);
    return quoted.length > 64 ? `${quoted.slice(0, 60)}…"` : quoted;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return kindOf(value);
}

/** The kind of a value without its content, for keys that may hold secrets. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function durationOrUndefined(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return parseDuration(value);
  } catch {
    return undefined;
  }
}

function integerProblem(
  value: unknown,
  min: number,
  max: number,
  what: string,
): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
    return undefined;
  }
  return `expected ${what} in ${min}..${max}, got ${describeValue(value)}`;
}

export function IsText(options: { nonEmpty?: boolean } = {}): PropertyDecorator {
  return rule('isText', (value) => {
    if (typeof value !== 'string') {
      // The value itself is not echoed: cluster_token and friends may be secrets.
      return `expected a string, got ${kindOf(value)}`;
    }
    if (options.nonEmpty === true && value.trim() === '') return 'must not be empty';
    return undefined;
  });
}

/** A non-empty string, or null for "not set". */
export function IsOptionalText(): PropertyDecorator {
  return rule('isOptionalText', (value) => {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'string') return `expected a string or null, got ${kindOf(value)}`;
    if (value.trim() === '') return 'must not be empty (use null to leave it unset)';
    return undefined;
  });
}

export function IsDatabaseFile(): PropertyDecorator {
  return rule('isDatabaseFile', (value) => {
    if (value === null) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      return `expected a file path or null (in-memory), got ${describeValue(value)}`;
    }
    // SQLite's magic name would be resolved to a real file next to the config.
    if (value === ':memory:') return 'use null for an in-memory database, not ":memory:"';
    return undefined;
  });
}

/**
 * A PostgreSQL connection URL, or '' for "not set" (required with database.driver postgres,
 * checked across sections by the loader). The value is never echoed: a mistyped URL may
 * carry a password.
 */
export function IsPostgresUrl(): PropertyDecorator {
  return rule('isPostgresUrl', (value) => {
    if (typeof value !== 'string') return `expected a string, got ${kindOf(value)}`;
    if (value === '') return undefined;
    return postgresUrlProblem(value);
  });
}

export function postgresUrlProblem(text: string): string | undefined {
  const shape = 'expected postgres://USER@HOST:PORT/DATABASE';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${shape}, got a string that is not a URL`;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return `${shape}, got a ${JSON.stringify(url.protocol.replace(/:$/, ''))} URL`;
  }
  if (url.password !== '') {
    return 'must not contain a password: put it in a file named by database.postgres.password_file';
  }
  if (url.hostname === '') return `${shape}: the host is missing`;
  if (url.pathname.length <= 1 || url.pathname.slice(1).includes('/')) {
    return `${shape}: the database name is missing`;
  }
  if (url.search !== '' || url.hash !== '') {
    return `${shape} without "?" options: set them with the other database.postgres keys (tls, timeouts, pool_size)`;
  }
  return undefined;
}

export function IsFlag(): PropertyDecorator {
  return rule('isFlag', (value) =>
    typeof value === 'boolean' ? undefined : `expected true or false, got ${describeValue(value)}`,
  );
}

export function IsOneOf(allowed: readonly string[]): PropertyDecorator {
  return rule('isOneOf', (value) =>
    typeof value === 'string' && allowed.includes(value)
      ? undefined
      : `expected one of ${allowed.join(', ')}, got ${describeValue(value)}`,
  );
}

export function IsPort(): PropertyDecorator {
  return rule('isPort', (value) => integerProblem(value, 0, 65_535, 'a port number'));
}

export function IsCount(options: {
  min: number;
  max?: number;
  optional?: boolean;
}): PropertyDecorator {
  return rule('isCount', (value) => {
    if (options.optional === true && (value === null || value === undefined)) return undefined;
    return integerProblem(value, options.min, options.max ?? MAX_INT32, 'an integer');
  });
}

export function IsDuration(
  options: { positive?: boolean; optional?: boolean; wholeSeconds?: boolean } = {},
): PropertyDecorator {
  return rule('isDuration', (value) => {
    if (options.optional === true && (value === null || value === undefined)) return undefined;
    const milliseconds = durationOrUndefined(value);
    if (milliseconds === undefined) {
      return `expected a duration like "30s", got ${describeValue(value)}`;
    }
    if (options.positive === true && milliseconds === 0) {
      return `must be longer than 0s, got ${describeValue(value)}`;
    }
    if (milliseconds > MAX_TIMER_MILLISECONDS) {
      return `must be at most ${formatDuration(MAX_TIMER_MILLISECONDS)} (about 24.8 days, the Node.js timer limit), got ${describeValue(value)}`;
    }
    if (options.wholeSeconds === true && milliseconds % 1000 !== 0) {
      return `must be a whole number of seconds (clients receive it in seconds), got ${describeValue(value)}`;
    }
    return undefined;
  });
}

export function IsByteSize(): PropertyDecorator {
  return rule('isByteSize', (value) => {
    let bytes: number;
    try {
      if (typeof value !== 'number' && typeof value !== 'string') throw new TypeError();
      bytes = parseByteSize(value);
    } catch {
      return `expected a size in bytes like 16777216 or "16MiB", got ${describeValue(value)}`;
    }
    if (bytes < 1 || bytes > MAX_INT32) {
      return `expected a size in 1..${MAX_INT32} bytes, got ${describeValue(value)}`;
    }
    return undefined;
  });
}

/** Cross-field: this duration must be strictly longer than a sibling duration. */
export function IsLongerThan(sibling: string, siblingPath: string): PropertyDecorator {
  return rule('isLongerThan', (value, section) => {
    const own = durationOrUndefined(value);
    const other = durationOrUndefined(section[sibling]);
    if (own === undefined || other === undefined || own > other) return undefined;
    return `must be longer than ${siblingPath} (${describeValue(section[sibling])}), got ${describeValue(value)}`;
  });
}

/** Cross-field: this duration must not be longer than a sibling duration. */
export function IsNotLongerThan(sibling: string, siblingPath: string): PropertyDecorator {
  return rule('isNotLongerThan', (value, section) => {
    const own = durationOrUndefined(value);
    const other = durationOrUndefined(section[sibling]);
    if (own === undefined || other === undefined || own <= other) return undefined;
    return `must not be longer than ${siblingPath} (${describeValue(section[sibling])}), got ${describeValue(value)}`;
  });
}

/** Cross-field: this duration must be at most half of a sibling duration. */
export function IsAtMostHalfOf(sibling: string, siblingPath: string): PropertyDecorator {
  return rule('isAtMostHalfOf', (value, section) => {
    const own = durationOrUndefined(value);
    const other = durationOrUndefined(section[sibling]);
    if (own === undefined || other === undefined || own * 2 <= other) return undefined;
    return `must be at most half of ${siblingPath} (${describeValue(section[sibling])}), got ${describeValue(value)}`;
  });
}

/** Cross-field: a TLS file that must be named once the TLS section is enabled. */
export function IsRequiredWhenEnabled(enabledPath: string): PropertyDecorator {
  return rule('isRequiredWhenEnabled', (value, section) => {
    if (section.enabled !== true) return undefined;
    if (value === null || value === undefined || value === '') {
      return `required when ${enabledPath} is true`;
    }
    return undefined;
  });
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/** Cross-field (server section): /metrics and gRPC cannot bind the same fixed port. */
export function IsNotListenPort(): PropertyDecorator {
  return rule('isNotListenPort', (value, server) => {
    const listen = server.listen as Record<string, unknown> | undefined;
    if (typeof value !== 'number' || value === 0 || listen?.port !== value) return undefined;
    const listenHost = listen.host;
    const metricsHost = server.metrics_host ?? listenHost;
    const overlapping =
      metricsHost === listenHost ||
      WILDCARD_HOSTS.has(String(metricsHost)) ||
      WILDCARD_HOSTS.has(String(listenHost));
    return overlapping
      ? `must differ from server.listen.port (${value}) on the same host`
      : undefined;
  });
}
