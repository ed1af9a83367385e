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
