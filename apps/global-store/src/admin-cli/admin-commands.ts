import type { AdminQueries, Page, PageRequest } from '../../../../libs/admin/src/offline';
import { openOfflineAdminQueries } from '../../../../libs/admin/src/offline';
import { DomainError } from '../../../../libs/common/src';
import { ConfigError, GlobalStoreConfig, loadConfigFile } from '../../../../libs/config/src';
import { DatabaseFileProblem } from '../../../../libs/persistence/src/offline';
import type { AdminCommand } from '../cli';
import { ConnectionSetupError, resolveConnection } from './connection';
import { AdminCallError, RemoteAdminQueries } from './remote-admin';
import {
  artifactDetailText,
  artifactsTable,
  mappingText,
  registrationsTable,
  removalText,
  replicasTable,
  statusTable,
  structured,
  workerDetailText,
  workersTable,
} from './render';

/** Exit code 2: the command line or config is wrong; 1: the command ran and failed. */
class UsageError extends Error {}

const MAX_PAGE = 1000;

/** Runs one admin command, prints its result or error, and returns the exit code. */
export async function runAdminCommand(cli: AdminCommand): Promise<number> {
  try {
    process.stdout.write(await execute(cli));
    return 0;
  } catch (error) {
    if (error instanceof CommandFailed) {
      process.stdout.write(error.stdout);
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    const usage =
      error instanceof UsageError ||
      error instanceof ConnectionSetupError ||
      error instanceof ConfigError;
    const known = usage || error instanceof AdminCallError || error instanceof DatabaseFileProblem;
    const message =
      error instanceof DomainError || known
        ? (error as Error).message
        : `${cli.action} failed: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message.startsWith('error:') ? '' : 'error: '}${message}\n`);
    return usage ? 2 : 1;
  }
}

/** The command ran and its answer is a failure (e.g. no such mapping): printed, exit 1. */
class CommandFailed extends Error {
  constructor(
    message: string,
    readonly stdout = '',
  ) {
    super(message);
  }
}

async function execute(cli: AdminCommand): Promise<string> {
  if (cli.action === 'inspect') return inspect(cli);
  const flags = cli.options;
  const needsConfig = !cli.usedExampleConfig || !flags.endpoint;
  const config = needsConfig ? loadConfigFile(cli.configPath).config : undefined;
  const connection = resolveConnection(
    {
      endpoint: str(flags.endpoint),
      tls: flags.tls === true,
      tlsCa: str(flags.tlsCa),
      tlsCert: str(flags.tlsCert),
      tlsKey: str(flags.tlsKey),
      tlsServerName: str(flags.tlsServerName),
    },
    config,
  );
  const remote = new RemoteAdminQueries(connection);
  try {
    if (cli.action === 'status' && flags.watch !== undefined) {
      return await watchStatus(remote, cli, flags.watch);
    }
    if (cli.action === 'workers remove') {
      const token =
        str(flags.token) ??
        process.env.TENSORCAST_CLUSTER_TOKEN ??
        config?.meta.cluster_token ??
        '';
      const removal = await remote.removeWorker({
        workerId: cli.args[0],
        reason: str(flags.reason) ?? '',
        clusterToken: token,
        allowActive: flags.force === true,
      });
      return cli.output === 'table' ? removalText(removal) : structured(removal, cli.output);
    }
    return await show(remote, cli);
  } finally {
    remote.close();
  }
}

/** The read commands, identical for a live server and an offline file. */
async function show(queries: AdminQueries, cli: AdminCommand): Promise<string> {
  const width = terminalWidth();
  const now = Date.now();
  const flags = cli.options;
  const out = cli.output;
  const limit = parseLimit(flags.limit);
  switch (cli.action) {
    case 'status': {
      const status = await queries.status();
      return out === 'table' ? statusTable(status) : structured(status, out);
    }
    case 'workers list': {
      const rows = await collect(
        (page) =>
          queries.listWorkers({ state: str(flags.state) as never, nodeId: str(flags.node) }, page),
        limit,
      );
      return out === 'table' ? workersTable(rows, width, now) : structured(rows, out);
    }
    case 'workers show': {
      const worker = await queries.getWorker(cli.args[0]);
      return out === 'table' ? workerDetailText(worker, width, now) : structured(worker, out);
    }
    case 'replicas list': {
      const available =
        flags.available === true ? true : flags.unavailable === true ? false : undefined;
      const rows = await collect(
        (page) =>
          queries.listReplicas(
            {
              artifactId: str(flags.artifact),
              workerId: str(flags.worker),
              nodeId: str(flags.node),
              tier: str(flags.tier) as never,
              available,
            },
            page,
          ),
        limit,
      );
      return out === 'table' ? replicasTable(rows, width) : structured(rows, out);
    }
    case 'artifacts list': {
      const rows = await collect((page) => queries.listArtifacts(page), limit);
      return out === 'table' ? artifactsTable(rows, width) : structured(rows, out);
    }
    case 'artifacts show': {
      const artifact = await queries.getArtifact(cli.args[0]);
      return out === 'table' ? artifactDetailText(artifact, width) : structured(artifact, out);
    }
    case 'registrations list': {
      const rows = await queries.listRegistrations({
        workerId: str(flags.worker),
        daemonId: str(flags.daemon),
      });
      return out === 'table' ? registrationsTable(rows, width, now) : structured(rows, out);
    }
    case 'mappings resolve': {
      const mapping = await queries.resolveMapping(cli.args[0]);
      if (!mapping.found) {
        throw new CommandFailed(
          `no key mapping for "${mapping.key}"`,
          out === 'table' ? '' : structured(mapping, out),
        );
      }
      return out === 'table' ? mappingText(mapping) : structured(mapping, out);
    }
    case 'workers remove':
    case 'inspect':
      throw new Error(`${cli.action} is not a read command`);
  }
}

const INSPECT_VIEWS = ['status', 'workers', 'replicas', 'artifacts', 'registrations', 'all'];

async function inspect(cli: AdminCommand): Promise<string> {
  const view = cli.args[0] ?? 'all';
  if (!INSPECT_VIEWS.includes(view)) {
    throw new UsageError(`inspect: unknown view "${view}" (one of ${INSPECT_VIEWS.join(', ')})`);
  }
  const db = str(cli.options.db);
  const from = str(cli.options.from);
  if (db && from) throw new UsageError('inspect: give --db or --from, not both');
  let file = db ?? from;
  if (!file && !cli.usedExampleConfig) {
    const config: GlobalStoreConfig = loadConfigFile(cli.configPath).config;
    if (config.database.driver === 'postgres') {
      throw new UsageError(
        'inspect reads a SQLite file; this config uses database.driver postgres: query the ' +
          'running server (admin commands without inspect), or give --from=BACKUP',
      );
    }
    file = config.database.db_file ?? undefined;
    if (!file) throw new UsageError('inspect: the config has no database.db_file (in-memory)');
  }
  if (!file) throw new UsageError('inspect needs --db=FILE, --from=BACKUP or --config=FILE');
  // TypeORM is loaded only to read a file; the remote commands never need it.
  const queries = await openOfflineAdminQueries(file);
  try {
    const part = (action: AdminCommand['action']) => show(queries, { ...cli, action, args: [] });
    if (view !== 'all') {
      return await part(
        `${view === 'status' ? 'status' : `${view} list`}` as AdminCommand['action'],
      );
    }
    if (cli.output !== 'table') {
      // One document for scripts: the same objects the single views print.
      const all = {
        status: await queries.status(),
        workers: await collect((page) => queries.listWorkers({}, page), undefined),
        replicas: await collect((page) => queries.listReplicas({}, page), undefined),
        artifacts: await collect((page) => queries.listArtifacts(page), undefined),
        registrations: await queries.listRegistrations({}),
      };
      return structured(all, cli.output);
    }
    const sections: string[] = [];
    for (const [title, action] of [
      ['STATUS', 'status'],
      ['WORKERS', 'workers list'],
      ['REPLICAS', 'replicas list'],
      ['ARTIFACTS', 'artifacts list'],
      ['OPEN REGISTRATIONS', 'registrations list'],
    ] as const) {
      sections.push(`== ${title}\n${await part(action)}`);
    }
    return sections.join('\n');
  } finally {
    await queries.close();
  }
}

async function watchStatus(
  queries: AdminQueries,
  cli: AdminCommand,
  watch: string | boolean | undefined,
): Promise<string> {
  const seconds = watch === true || watch === undefined ? 2 : Number(watch);
  if (!(seconds >= 0.1))
    throw new UsageError(`--watch: "${String(watch)}" is not a number of seconds`);
  let stop: (() => void) | undefined;
  const stopped = new Promise<void>((resolveStop) => (stop = resolveStop));
  process.once('SIGINT', () => stop?.());
  process.once('SIGTERM', () => stop?.());
  const tty = process.stdout.isTTY === true;
  for (;;) {
    let frame: string;
    try {
      frame = await show(queries, { ...cli, action: 'status' });
    } catch (error) {
      // Keep watching through an outage: the next refresh may reach the server again.
      frame = `error: ${error instanceof Error ? error.message : String(error)}\n`;
    }
    const stamp = `Every ${seconds}s, ${new Date().toISOString()}\n\n`;
    process.stdout.write(tty ? `\x1b[H\x1b[2J${stamp}${frame}` : `${stamp}${frame}\n`);
    const tick = new Promise<'tick'>((r) => setTimeout(() => r('tick'), seconds * 1000));
    if ((await Promise.race([tick, stopped.then(() => 'stop' as const)])) === 'stop') return '';
  }
}

/** Reads pages until the last one, or until limit rows. */
async function collect<T>(
  fetch: (page: PageRequest) => Promise<Page<T>>,
  limit: number | undefined,
): Promise<T[]> {
  const rows: T[] = [];
  let pageToken = '';
  do {
    const want = limit === undefined ? MAX_PAGE : Math.min(MAX_PAGE, limit - rows.length);
    const page = await fetch({ pageSize: want, pageToken });
    rows.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken !== '' && (limit === undefined || rows.length < limit));
  return limit === undefined ? rows : rows.slice(0, limit);
}

function parseLimit(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new UsageError(`--limit: "${String(value)}" is not a positive whole number`);
  }
  return n;
}

function terminalWidth(): number {
  const columns = process.stdout.columns || Number(process.env.COLUMNS);
  return columns > 0 ? columns : Infinity;
}

function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
