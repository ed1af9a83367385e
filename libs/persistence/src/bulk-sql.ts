import { EntityManager } from 'typeorm';

/**
 * Bound parameters per statement: under 999, the lowest limit of any driver TypeORM supports
 * (SQLite builds before 3.32), so every chunk runs everywhere.
 */
export const MAX_BOUND_PARAMETERS = 990;

/**
 * Bound parameters per multi-row INSERT on the drivers this server runs: the sqlite3 package
 * bundles SQLite 3.44 (limit 32,766 since 3.32) and PostgreSQL's protocol allows 65,535.
 * A 10k-replica reconcile is then 5 INSERT statements instead of 160: each statement costs
 * the driver a prepare, a thread-pool round trip and a finalize on top of its rows.
 */
export function insertParameterLimit(driver: EntityManager['connection']['driver']): number {
  const type = driver.options.type;
  return type === 'sqlite' || type === 'postgres' ? 30_000 : MAX_BOUND_PARAMETERS;
}

/**
 * Set-based statements for commit groups that write thousands of rows. TypeORM's query
 * builder spends most of a large multi-row INSERT on parameter bookkeeping (it scans every
 * parameter name per value), so the text is built here, with each driver's own placeholder
 * ("?" or "$n") and identifier quoting: plain standard SQL, portable across drivers.
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
  const perChunk = Math.max(1, Math.floor(insertParameterLimit(driver) / columns.length));
  const head = `INSERT INTO ${driver.escape(table)} (${columns.map((c) => driver.escape(c)).join(', ')}) VALUES `;
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const parameters: unknown[] = [];
    const tuples = chunk.map((row) => {
      const marks = row.map((value) => {
        parameters.push(value);
        return driver.createParameter(`p${parameters.length - 1}`, parameters.length - 1);
      });
      return `(${marks.join(', ')})`;
    });
    await manager.query(
      head + tuples.join(', ') + (onConflict ? ` ${onConflict}` : ''),
      parameters,
    );
  }
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
