/**
 * Real PostgreSQL databases for tests: each test file creates its own fresh database and
 * drops it afterwards, so suites run in parallel (and alongside other checkouts on the same
 * server) without seeing each other's rows.
 *
 * TC_TEST_POSTGRES_URL  the server, default postgres://postgres@127.0.0.1:5432 (trust auth).
 * TC_TEST_DB_PREFIX     the name prefix of every database created here (default
 *                       tc_pgdriver_); the process id and a counter follow it, so two runs
 *                       never collide. Databases left by a run that was killed are dropped by
 *                       the next run with the same prefix once their process is gone.
 * TC_TEST_POSTGRES=skip leaves PostgreSQL out (drivers() lists sqlite only), for machines
 *                       without it; CI never sets it.
 */
import { Client } from 'pg';
import type { DatabaseSettings } from './database';

export type TestDriver = 'sqlite' | 'postgres';

const SERVER_URL = process.env.TC_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const PREFIX = process.env.TC_TEST_DB_PREFIX ?? 'tc_pgdriver_';

/** The drivers a parameterised suite runs on. */
export function testDrivers(): TestDriver[] {
  return process.env.TC_TEST_POSTGRES === 'skip' ? ['sqlite'] : ['sqlite', 'postgres'];
}

export interface TestDatabase {
  readonly name: string;
  /** postgres://user@host:port/name, as database.postgres.url takes it. */
  readonly url: string;
  /** Settings for openDatabase/dataSourceOptions. */
  settings(overrides?: Partial<Omit<DatabaseSettings, 'driver'>>): DatabaseSettings;
  /** Config file overrides (`database:` section) for an e2e server on this database. */
  configSection(): Record<string, unknown>;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

let counter = 0;
let staleSwept = false;

function validName(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe test database name ${name}`);
  return name;
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${SERVER_URL}/postgres` });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL for the tests is not reachable at ${SERVER_URL} (${String(error)}). Start it ` +
        '(`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`) or set ' +
        'TC_TEST_POSTGRES=skip to run the SQLite half only.',
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Drops databases of this prefix whose creating process no longer runs (a killed run). */
async function sweepStale(client: Client): Promise<void> {
  if (staleSwept) return;
  staleSwept = true;
  const { rows } = await client.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
    [PREFIX],
  );
  for (const { datname } of rows) {
    const pid = Number(/^(\d+)_/.exec(datname.slice(PREFIX.length))?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    await client.query(`DROP DATABASE IF EXISTS ${validName(datname)} WITH (FORCE)`);
  }
}

export async function createTestDatabase(label = 'db'): Promise<TestDatabase> {
  counter += 1;
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 20);
  const name = validName(`${PREFIX}${process.pid}_${counter}_${slug}`);
  await withAdmin(async (client) => {
    await sweepStale(client);
    await client.query(`CREATE DATABASE ${name}`);
  });
  const url = `${SERVER_URL}/${name}`;
  let dropped = false;
  return {
    name,
    url,
    settings: (overrides = {}) => ({
      driver: 'postgres',
      url,
      poolSize: 10,
      connectTimeoutMs: 10_000,
      statementTimeoutMs: 30_000,
      tls: null,
      ...overrides,
    }),
    configSection: () => ({ driver: 'postgres', db_file: null, postgres: { url } }),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Ends every connection to the database but the caller's: what a failover or restart does. */
export async function terminateConnections(name: string): Promise<number> {
  return withAdmin(async (client) => {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pg_terminate_backend(pid) AS ok, pid FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [validName(name)],
    );
    return rows.length;
  });
}

/**
 * Refuses (false) or allows new connections to the database, for everyone including
 * superusers: with terminateConnections, a database that is "down" for this one server while
 * the PostgreSQL service keeps running for everybody else.
 */
export async function allowConnections(name: string, allow: boolean): Promise<void> {
  await withAdmin((client) =>
    client.query(`ALTER DATABASE ${validName(name)} WITH ALLOW_CONNECTIONS ${allow}`),
  );
}
