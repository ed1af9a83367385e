import { resolve } from 'node:path';
import { GlobalStoreConfig } from '../../../libs/config/src';
import { DatabaseFileProblem, inspectDatabaseFile } from '../../../libs/persistence/src/offline';
import { type CommandOutcome, postgresRefusal } from './backup.command';

/**
 * `tensorcast global check-db --config=FILE | --db=FILE`: the full check startup no longer
 * runs (header, schema, PRAGMA integrity_check), on a read-only connection, so it is safe on
 * the database of a running server. Exit 0 when the file is sound, 1 naming the problems,
 * 2 for usage.
 */
export async function runCheckDbCommand(
  config: GlobalStoreConfig | undefined,
  options: Record<string, string>,
): Promise<CommandOutcome> {
  if (options.db === undefined && config?.database.driver === 'postgres') {
    return postgresRefusal('check-db');
  }
  const file = options.db ?? config?.database.db_file ?? null;
  if (file === null) {
    return {
      code: 2,
      stdout: '',
      stderr:
        'error: check-db needs --db=FILE or a config whose database.db_file is set ' +
        '(database.db_file is null: the database is in memory)\n',
    };
  }
  const path = resolve(file);
  try {
    const report = await inspectDatabaseFile(path, { integrity: 'full', countRows: true });
    const rows = Object.entries(report.rowCounts)
      .map(([table, count]) => `${table}=${count}`)
      .join(' ');
    return {
      code: 0,
      stdout: [
        `database ${path}: ok`,
        `  size: ${report.bytes} bytes (+ ${report.walBytes} bytes of WAL)`,
        report.empty
          ? '  schema: none yet (an empty database; the server creates it)'
          : `  schema: ours, ${report.migrations.length} migration(s), latest ${report.migrations.at(-1)}`,
        `  integrity_check: ok in ${Math.round(report.integrityMs)} ms`,
        ...(report.empty ? [] : [`  rows: ${rows}`]),
        '',
      ].join('\n'),
      stderr: '',
    };
  } catch (error) {
    const message =
      error instanceof DatabaseFileProblem
        ? `database ${error.message} [${error.kind}]`
        : `check of ${path} failed: ${error instanceof Error ? error.message : String(error)}`;
    return { code: 1, stdout: '', stderr: `error: ${message}\n` };
  }
}
