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
