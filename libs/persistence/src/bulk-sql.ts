import { EntityManager } from 'typeorm';

/**
 * Bound parameters per statement: under 999, the lowest limit of any driver TypeORM supports
 * (SQLite builds before 3.32), so every chunk runs everywhere.
 */
export const MAX_BOUND_PARAMETERS = 990;

/**
 * Set-based statements for commit groups that write thousands of rows. TypeORM's query
 * builder spends most of a large multi-row INSERT on parameter bookkeeping (it scans every
 * parameter name per value), so the text is built here, with each driver's own placeholder
 * ("?" or "$n"): plain standard SQL, portable across drivers.
 *
 * Values that are safe as literals are written into the text instead of bound: the sqlite3
 * driver converts every bound value on the main thread (about 3 µs each, measured during a
 * restart storm), while the text is parsed by SQLite on the driver's worker thread. Integers
 * are digits and a sign on every driver; on SQLite a string without control characters is a
 * quoted literal with its quotes doubled, the whole of SQLite's escaping rule, and a boolean
 * or NULL is what that driver binds for it (1 / 0, NULL). Everything else (booleans and NULL
 * on PostgreSQL, other numbers, any string on PostgreSQL, where
 * standard_conforming_strings is a server setting) is bound, chunked under
 * MAX_BOUND_PARAMETERS, as are all values up to MAX_INLINE_ROWS rows a statement.
 */
export async function insertRows(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  /** Appended to each statement, e.g. an ON CONFLICT clause. */
  onConflict = '',
): Promise<void> {
  const driver = manager.connection.driver;
  const inlineText = driver.options.type === 'sqlite';
  const head = `INSERT INTO ${identifier(driver, table)} (${columns.map((c) => identifier(driver, c)).join(', ')}) VALUES `;
  const tail = onConflict ? ` ${onConflict}` : '';
  let parameters: unknown[] = [];
  let tuples: string[] = [];
  for (const row of rows) {
    if (
      tuples.length > 0 &&
      (parameters.length + row.length > MAX_BOUND_PARAMETERS || tuples.length >= MAX_INLINE_ROWS)
    ) {
      await manager.query(head + tuples.join(', ') + tail, parameters);
      parameters = [];
      tuples = [];
    }
    const marks = row.map((value) => {
      if (Number.isSafeInteger(value)) return String(value);
      if (inlineText && typeof value === 'string' && !CONTROL_CHARACTER.test(value)) {
        return value.includes("'") ? `'${value.replace(/'/g, "''")}'` : `'${value}'`;
      }
      // What the sqlite3 driver binds for them: an integer 1 / 0, and NULL.
      if (inlineText && typeof value === 'boolean') return value ? '1' : '0';
      if (inlineText && value === null) return 'NULL';
      parameters.push(value);
      return driver.createParameter(`p${parameters.length - 1}`, parameters.length - 1);
    });
    tuples.push(`(${marks.join(', ')})`);
  }
  if (tuples.length > 0) await manager.query(head + tuples.join(', ') + tail, parameters);
}

/** Rows per statement when most values are literals: keeps each statement's text modest. */
const MAX_INLINE_ROWS = 500;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\x00-\x1f]/;

/** Our lower-case table and column names need no quoting; anything else is escaped. */
function identifier(driver: EntityManager['connection']['driver'], name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : driver.escape(name);
}

/**
 * Runs `sql` once per chunk of ids: the text's `(:ids)` is replaced by the chunk's
 * placeholders, after the leading `fixed` parameters (each written `:fixed` in order).
 */
export async function runForIds(
  manager: EntityManager,
  sql: string,
  fixed: readonly unknown[],
  ids: readonly string[],
): Promise<void> {
  const driver = manager.connection.driver;
  const perChunk = MAX_BOUND_PARAMETERS - fixed.length;
  for (let start = 0; start < ids.length; start += perChunk) {
    const chunk = ids.slice(start, start + perChunk);
    const parameters: unknown[] = [];
    const mark = (value: unknown) => {
      parameters.push(value);
      return driver.createParameter(`p${parameters.length - 1}`, parameters.length - 1);
    };
    let next = 0;
    const text = sql
      .replace(/:fixed/g, () => mark(fixed[next++]))
      .replace('(:ids)', () => `(${chunk.map(mark).join(', ')})`);
    await manager.query(text, parameters);
  }
}
