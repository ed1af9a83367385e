import * as sqlite3 from 'sqlite3';

/** Promise wrappers around the sqlite3 driver, for connections of our own outside TypeORM. */

export function openSqlite(path: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolveDb, reject) => {
    const db = new sqlite3.Database(path, mode, (error) => (error ? reject(error) : resolveDb(db)));
  });
}

export function sqliteAll<T>(
  db: sqlite3.Database,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return new Promise((resolveRows, reject) =>
    db.all(sql, params, (error, rows: T[]) => (error ? reject(error) : resolveRows(rows))),
  );
}

export function closeSqlite(db: sqlite3.Database): Promise<void> {
  return new Promise((resolveClose, reject) =>
    db.close((error) => (error ? reject(error) : resolveClose())),
  );
}
