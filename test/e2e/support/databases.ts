import { strict as assert } from 'node:assert';
import { after, before } from 'node:test';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  TestDriver,
  createTestDatabase,
  testDrivers,
} from '../../../libs/persistence/src/test-databases.harness';
import {
  ConfigDocument,
  GlobalStoreProcess,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './global-store.process';
import { GlobalStoreClients, connectClients } from './grpc-clients';

export { testDrivers, type TestDriver };

/** The database a parameterised e2e suite runs its server on. */
export interface E2eDatabase {
  readonly driver: TestDriver;
  /** The config's `database:` section (merge it into testConfig). */
  readonly section: ConfigDocument;
  /** The PostgreSQL database's name; undefined on SQLite. */
  readonly postgresName?: string;
  /** Drops the PostgreSQL database (a no-op on SQLite: temp files stay with the OS). */
  drop(): Promise<void>;
  /** PostgreSQL only: runs one query on a connection of its own and returns the rows. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * SQLite: a file in `dir` when the suite restarts its server on the same state, in-memory
 * otherwise; PostgreSQL: a fresh database of its own, dropped by drop().
 */
export async function e2eDatabase(
  driver: TestDriver,
  label: string,
  options: { dir?: string } = {},
): Promise<E2eDatabase> {
  if (driver === 'sqlite') {
    const dbFile = options.dir === undefined ? null : join(options.dir, `${label}.db`);
    return {
      driver,
      section: { db_file: dbFile },
      drop: () => Promise.resolve(),
      query: () => Promise.reject(new Error('query() is for PostgreSQL; open the SQLite file')),
    };
  }
  const database = await createTestDatabase(label);
  return {
    driver,
    section: database.configSection(),
    postgresName: database.name,
    drop: () => database.drop(),
    query: async <T>(sql: string, params: unknown[] = []) => {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
  };
}

/** What serverPerSuite started for its describe block. */
export interface SuiteServer {
  server: GlobalStoreProcess;
  clients: GlobalStoreClients;
  database: E2eDatabase;
}

/**
 * One real server per describe block on the driver's database: started in `before` (with
 * `config` merged into testConfig, then `started` called, e.g. to set the suite's variables),
 * stopped in `after` (SIGTERM must exit 0) and its database dropped.
 */
export function serverPerSuite(
  driver: TestDriver,
  label: string,
  config: ConfigDocument,
  started: (suite: SuiteServer) => void,
): void {
  let suite: SuiteServer | undefined;
  before(async () => {
    const database = await e2eDatabase(driver, label);
    const server = await startGlobalStore(
      writeConfig(tempDir(), testConfig({ ...config, database: database.section })),
    );
    suite = { server, clients: connectClients(server.address), database };
    started(suite);
  });
  after(async () => {
    if (suite === undefined) return;
    suite.clients.close();
    assert.equal(await suite.server.stop(), 0, 'SIGTERM exits 0');
    await suite.database.drop();
  });
}
