import { Socket, connect } from 'node:net';
import { GlobalStoreConfig } from '../../../libs/config/src';
import {
  BackupError,
  BackupResult,
  RestoreResult,
  backupDatabase,
  restoreDatabase,
} from '../../../libs/persistence/src/offline';

/** What the CLI prints and the exit code it returns (0 ok, 1 failure, 2 usage or config). */
export interface CommandOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

const IN_MEMORY =
  'database.db_file is null (in-memory): there is no database file to back up or restore. ' +
  'Set database.db_file in the config the server runs with.';

/**
 * backup, restore and check-db work on the SQLite file; a PostgreSQL database is backed up
 * and checked with PostgreSQL's own tools.
 */
export function postgresRefusal(command: string): CommandOutcome {
  const tool =
    command === 'restore'
      ? "pg_restore (or psql for a plain dump) into a stopped Global Store's database"
      : command === 'check-db'
        ? "PostgreSQL's own checks (pg_amcheck)"
        : 'pg_dump, for example `pg_dump --format=custom --file=global_store.dump DBNAME`';
  return usage(
    `${command} is for the SQLite driver; this config uses database.driver postgres: use ${tool} ` +
      '(docs/postgresql.md)',
  );
}

/** `tensorcast global backup --config=FILE --out=PATH`: safe while the server runs. */
export async function runBackupCommand(
  config: GlobalStoreConfig,
  options: Record<string, string>,
): Promise<CommandOutcome> {
  const out = options.out;
  if (!out) return usage('backup needs --out=PATH (where to write the snapshot)');
  if (config.database.driver === 'postgres') return postgresRefusal('backup');
  if (config.database.db_file === null) return usage(IN_MEMORY);
  try {
    const result = await backupDatabase(config.database.db_file, out);
    return { code: 0, stdout: describeBackup(config.database.db_file, result), stderr: '' };
  } catch (error) {
    return failure(error, 'backup');
  }
}

/**
 * `tensorcast global restore --config=FILE --from=PATH`: only into a stopped server. Two
 * independent checks refuse a running one: something answering on the configured gRPC or
 * metrics port, and SQLite's own lock on the database file (held by any open connection).
 */
export async function runRestoreCommand(
  config: GlobalStoreConfig,
  options: Record<string, string>,
): Promise<CommandOutcome> {
  const from = options.from;
  if (!from) return usage('restore needs --from=PATH (the backup to restore)');
  if (config.database.driver === 'postgres') return postgresRefusal('restore');
  if (config.database.db_file === null) return usage(IN_MEMORY);
  const listening = await firstListening(serverEndpoints(config));
  if (listening) {
    return {
      code: 1,
      stdout: '',
      stderr:
        `error: a server is listening on ${listening} (this config's gRPC or metrics port): ` +
        'stop the Global Store before restoring; nothing was changed\n',
    };
  }
  try {
    const result = await restoreDatabase(config.database.db_file, from);
    return { code: 0, stdout: describeRestore(from, result), stderr: '' };
  } catch (error) {
    return failure(error, 'restore');
  }
}

function describeBackup(dbFile: string, result: BackupResult): string {
  return [
    `backup of ${dbFile} written to ${result.path}`,
    `  size: ${result.bytes} bytes, taken in ${Math.round(result.durationMs)} ms`,
    `  verified: integrity_check ok, schema ${result.migrations.at(-1) ?? 'none'}`,
    `  rows: ${formatCounts(result.rowCounts)}`,
    '',
  ].join('\n');
}

function describeRestore(from: string, result: RestoreResult): string {
  return [
    `restored ${from} into ${result.dbFile}`,
    `  size: ${result.bytes} bytes, in ${Math.round(result.durationMs)} ms`,
    `  verified: integrity_check ok, schema ${result.migrations.at(-1) ?? 'none'}`,
    `  rows: ${formatCounts(result.rowCounts)}`,
    result.previousDbFile
      ? `  the replaced database was kept as ${result.previousDbFile}`
      : '  there was no database there before',
    '  start the server to use it: every worker comes back stale and replicas unavailable until re-confirmed',
    '',
  ].join('\n');
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([table, rows]) => `${table}=${rows}`)
    .join(' ');
}

function usage(message: string): CommandOutcome {
  return { code: 2, stdout: '', stderr: `error: ${message}\n` };
}

function failure(error: unknown, command: string): CommandOutcome {
  if (error instanceof BackupError) {
    return {
      code: error.kind === 'usage' ? 2 : 1,
      stdout: '',
      stderr: `error: ${error.message}\n`,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 1, stdout: '', stderr: `error: ${command} failed: ${message}\n` };
}

interface Endpoint {
  host: string;
  port: number;
}

/** The configured ports, as a local client would reach them; ephemeral (0) ones are skipped. */
export function serverEndpoints(config: GlobalStoreConfig): Endpoint[] {
  const local = (host: string) =>
    host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const endpoints: Endpoint[] = [];
  if (config.server.listen.port !== 0) {
    endpoints.push({ host: local(config.server.listen.host), port: config.server.listen.port });
  }
  if (config.server.metrics_port !== 0) {
    endpoints.push({ host: local(config.server.metrics_host), port: config.server.metrics_port });
  }
  return endpoints;
}

async function firstListening(endpoints: Endpoint[]): Promise<string | undefined> {
  for (const endpoint of endpoints) {
    if (await acceptsConnections(endpoint)) {
      return endpoint.host.includes(':')
        ? `[${endpoint.host}]:${endpoint.port}`
        : `${endpoint.host}:${endpoint.port}`;
    }
  }
  return undefined;
}

function acceptsConnections({ host, port }: Endpoint, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const socket: Socket = connect({ host, port });
    const done = (listening: boolean) => {
      socket.destroy();
      resolveProbe(listening);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Entry from main.ts: runs backup or restore and prints its outcome; returns the exit code. */
export async function runDatabaseCommand(
  command: 'backup' | 'restore',
  config: GlobalStoreConfig,
  options: Record<string, string>,
): Promise<number> {
  const outcome =
    command === 'backup'
      ? await runBackupCommand(config, options)
      : await runRestoreCommand(config, options);
  process.stdout.write(outcome.stdout);
  process.stderr.write(outcome.stderr);
  return outcome.code;
}
