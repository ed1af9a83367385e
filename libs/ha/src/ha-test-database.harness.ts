import { Client, ClientConfig } from 'pg';
import type { QueryRunner } from 'typeorm';
import { HaLease1765200000000 } from '../../persistence/src';

/** The PostgreSQL the tests use (CI and dev machines: 127.0.0.1:5432, trust auth). */
export const TEST_POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres' } as const;

export function testDatabaseUrl(name: string): string {
  return `postgresql://${TEST_POSTGRES.user}@${TEST_POSTGRES.host}:${TEST_POSTGRES.port}/${name}`;
}

/** A database of its own for one test file: `tc_ha_<label>_<pid>`, dropped by drop(). */
export async function createTestDatabase(label: string): Promise<{
  name: string;
  url: string;
  client(config?: Partial<ClientConfig>): Promise<Client>;
  drop(): Promise<void>;
}> {
  const name = `tc_ha_${label}_${process.pid}`;
  await withAdmin(async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  });
  const opened: Client[] = [];
  return {
    name,
    url: testDatabaseUrl(name),
    client: async (config = {}) => {
      const client = new Client({ ...TEST_POSTGRES, database: name, ...config });
      client.on('error', () => undefined);
      await client.connect();
      opened.push(client);
      return client;
    },
    drop: async () => {
      await Promise.all(opened.map((c) => c.end().catch(() => undefined)));
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Creates the lease table the way the migration does, without the rest of the schema. */
export async function createLeaseTable(client: Client): Promise<void> {
  await new HaLease1765200000000().up({
    query: (sql: string) => client.query(sql),
  } as unknown as QueryRunner);
}

async function withAdmin<T>(fn: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ ...TEST_POSTGRES, database: 'postgres' });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}
