import { EntityManager } from 'typeorm';

/** One column set per row by `updateWorkersByCase`; `cast` types the bound value (PostgreSQL). */
export interface CaseColumn {
  name: string;
  cast?: 'bigint' | 'boolean';
}

/**
 * One UPDATE of the workers table for many rows: each column gets a `CASE worker_id WHEN ?
 * THEN ? ... END`, the rows are picked by `worker_id IN (...)` (and `inactive = false` when
 * `activeOnly`). The text is built here with the driver's own placeholders ("?" or "$n"):
 * TypeORM's query builder spends most of such a statement on named-parameter bookkeeping
 * (it rescans the whole text once per parameter), which profiles of the heartbeat flush and
 * of every commit group's checksum write showed as their largest cost.
 *
 * Each value is CAST to its column's type where `cast` says so: PostgreSQL types a bare
 * parameter in a CASE arm as text and refuses to assign text to bigint or boolean.
 */
export async function updateWorkersByCase(
  manager: EntityManager,
  columns: readonly CaseColumn[],
  rows: readonly (readonly [workerId: string, ...values: unknown[]])[],
  activeOnly = false,
): Promise<void> {
  if (rows.length === 0) return;
  const driver = manager.connection.driver;
  // SQLite has no boolean type: 1 / 0, as TypeORM binds them.
  const booleanAsNumber = driver.options.type !== 'postgres';
  const parameters: unknown[] = [];
  const mark = (value: unknown): string => {
    parameters.push(typeof value === 'boolean' && booleanAsNumber ? +value : value);
    return driver.createParameter(`p${parameters.length - 1}`, parameters.length - 1);
  };
  const sets = columns.map((column, c) => {
    const arms = rows.map((row) => {
      const when = mark(row[0]);
      const value = mark(row[c + 1]);
      return `WHEN ${when} THEN ${column.cast ? `CAST(${value} AS ${column.cast})` : value}`;
    });
    return `${driver.escape(column.name)} = CASE ${driver.escape('worker_id')} ${arms.join(' ')} END`;
  });
  const ids = rows.map((row) => mark(row[0])).join(', ');
  const inactive = activeOnly ? ` AND ${driver.escape('inactive')} = ${mark(false)}` : '';
  await manager.query(
    `UPDATE ${driver.escape('workers')} SET ${sets.join(', ')} WHERE ${driver.escape('worker_id')} IN (${ids})${inactive}`,
    parameters,
  );
}
