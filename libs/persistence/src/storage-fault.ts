import { DomainError } from '../../common/src';

/**
 * SQLite result codes that mean the storage itself failed (not the write's own rules).
 * After one of these SQLite may have rolled back the whole transaction on its own, so the
 * write queue treats them as fatal for every write of the group.
 */
export const STORAGE_FAULT_CODES = [
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  'SQLITE_NOMEM',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_PROTOCOL',
] as const;

export type StorageFaultCode = (typeof STORAGE_FAULT_CODES)[number];

const FAULT_CODES: ReadonlySet<string> = new Set(STORAGE_FAULT_CODES);

/**
 * The SQLite code behind an error, whether it is the driver's own error or TypeORM's
 * QueryFailedError wrapping it (which copies `code` and keeps `driverError`).
 */
export function sqliteErrorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string' && own.startsWith('SQLITE_')) return own;
  const driver = (error as { driverError?: { code?: unknown } }).driverError?.code;
  if (typeof driver === 'string' && driver.startsWith('SQLITE_')) return driver;
  // A storage failure already raised as a domain error keeps what the driver said.
  if (error instanceof DomainError) return sqliteErrorCode(error.cause);
  return undefined;
}

export function storageFaultCode(error: unknown): StorageFaultCode | undefined {
  const code = sqliteErrorCode(error);
  return code !== undefined && FAULT_CODES.has(code) ? (code as StorageFaultCode) : undefined;
}

/**
 * A UNIQUE / FOREIGN KEY / CHECK constraint refused the write (SQLite's SQLITE_CONSTRAINT*,
 * PostgreSQL's SQLSTATE class 23). The services check their rules before writing, so this
 * means two writes raced on the same fact: the write was not applied and may be retried.
 */
export function isConstraintViolation(error: unknown): boolean {
  if (sqliteErrorCode(error)?.startsWith('SQLITE_CONSTRAINT')) return true;
  const driver = (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  const own = (error as { code?: unknown } | null)?.code;
  return [driver, own].some((code) => typeof code === 'string' && /^23\d{3}$/.test(code));
}

/** Node socket errors that mean the database server could not be reached or went away. */
const CONNECTION_ERRNOS: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * Messages node-postgres and TypeORM give a lost or never-made connection; they carry no code.
 */
const CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /is not queryable/,
  /^Query runner already released/,
  /Cannot use a pool after calling end/,
  // SQLSTATE 55000 at connect: ALTER DATABASE … ALLOW_CONNECTIONS false (maintenance).
  /is not currently accepting connections/,
];

/**
 * Why a PostgreSQL error means "the database is unavailable right now" (the server is down,
 * restarting, refusing connections, cut the connection, timed a statement out or is out of
 * resources) rather than a problem with the write: undefined when it is not such an error.
 * SQLSTATE classes 08 (connection), 53 (insufficient resources), 57 (operator intervention:
 * admin shutdown, pg_terminate_backend, statement_timeout) and 58 (system error).
 */
export function databaseUnavailableReason(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const codes = [
    (error as { code?: unknown }).code,
    (error as { driverError?: { code?: unknown } }).driverError?.code,
  ].filter((code): code is string => typeof code === 'string');
  for (const code of codes) {
    if (CONNECTION_ERRNOS.has(code)) return `cannot reach the database (${code})`;
    if (code === '57014') return 'the database cancelled the statement (statement_timeout)';
    // idle_in_transaction_session_timeout, which high availability sets (libs/ha FENCE_SQL):
    // the writer was paused with a transaction open and the database ended its session.
    if (code === '25P03') return 'the database ended a transaction left idle too long';
    if (/^(08|53|57|58)[0-9A-Z]{3}$/.test(code)) return `the database is unavailable (${code})`;
  }
  const message = error instanceof Error ? error.message : '';
  if (CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) {
    return 'the connection to the database was lost';
  }
  return undefined;
}

/**
 * A failure of the storage as the domain error a client is answered with: a constraint
 * race is WRITE_CONFLICT (its raw text names tables and columns, so it stays in `cause`),
 * a full disk STORAGE_FULL, a read-only, failing, missing or busy file STORAGE_UNAVAILABLE.
 * Undefined for anything else.
 */
export function storageDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return undefined;
  if (isConstraintViolation(error)) {
    return new DomainError(
      'WRITE_CONFLICT',
      'the write conflicted with a concurrent change and was not applied; retry',
      undefined,
      error,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const unavailable = databaseUnavailableReason(error);
  if (unavailable !== undefined) {
    return new DomainError(
      'STORAGE_UNAVAILABLE',
      `${unavailable}, retry: ${message}`,
      undefined,
      error,
    );
  }
  switch (sqliteErrorCode(error) ?? '') {
    case 'SQLITE_FULL':
      return new DomainError(
        'STORAGE_FULL',
        `storage full, the write was not applied: ${message}`,
        undefined,
        error,
      );
    case 'SQLITE_READONLY':
    case 'SQLITE_IOERR':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new DomainError(
        'STORAGE_UNAVAILABLE',
        `storage unavailable, the write was not applied: ${message}`,
        undefined,
        error,
      );
    default:
      return undefined;
  }
}

/** Wraps a promise's reject: storage failures reach the caller as domain errors, the rest as is. */
export function rejectingStorageErrors(
  reject: (reason?: unknown) => void,
): (reason: unknown) => void {
  return (reason) => reject(storageDomainError(reason) ?? reason);
}
