import type { Client, ClientConfig } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { Queryable } from './lease-sql';

/**
 * The lease's own database connection, apart from the write pool: a pool saturated by
 * writes must never delay a renewal. Every statement is bounded (statement_timeout,
 * lock_timeout), so a takeover blocked by a paused leader's row lock gives up and retries
 * at the next tick instead of hanging. A broken connection is dropped and the next query
 * opens a new one; the caller hears of the break (onBroken) to decide what it means.
 */
export class LeaseConnection implements Queryable {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private closed = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly onBroken: (error: Error) => void,
  ) {}

  async query(sql: string, params?: unknown[]): Promise<unknown> {
    const client = await this.connected();
    try {
      return await client.query(sql, params);
    } catch (error) {
      // A timed-out or failed statement may leave the connection unusable; start afresh.
      if (isConnectionError(error)) this.drop(client);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connected(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('the lease connection is closed'));
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<Client> {
    // Loaded here, not at the top: a server on SQLite (never a leader election) starts
    // without loading node-postgres at all.
    const { Client: PgClient } = await import('pg');
    const client = new PgClient(this.config);
    client.on('error', (error: Error) => {
      this.drop(client);
      this.onBroken(error);
    });
    client.on('end', () => {
      if (this.client === client) {
        this.drop(client);
        this.onBroken(new Error('the lease connection to the database ended'));
      }
    });
    await client.connect();
    if (this.closed) {
      await client.end().catch(() => undefined);
      throw new Error('the lease connection is closed');
    }
    this.client = client;
    return client;
  }

  private drop(client: Client): void {
    if (this.client === client) this.client = undefined;
    void client.end().catch(() => undefined);
  }
}

function isConnectionError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /timeout|terminat|Connection|ECONN|EPIPE|not queryable/i.test(message);
}

/**
 * The lease connection's settings, taken from the TypeORM PostgreSQL options the write pool
 * was opened with (URL, credentials, TLS), so both always reach the same database.
 */
export function leaseClientConfig(
  options: DataSourceOptions,
  instanceId: string,
  statementTimeoutMs: number,
): ClientConfig {
  const o = options as DataSourceOptions & {
    url?: string;
    host?: string;
    port?: number;
    username?: string;
    password?: unknown;
    database?: string;
    ssl?: ClientConfig['ssl'];
    connectTimeoutMS?: number;
  };
  const extra = (o.extra ?? {}) as Record<string, unknown>;
  const password = typeof o.password === 'string' ? o.password : extra.password;
  return {
    connectionString: o.url ?? (extra.connectionString as string | undefined),
    host: o.host,
    port: o.port,
    user: o.username,
    password: typeof password === 'string' ? password : undefined,
    database: o.database,
    ssl: (o.ssl as ClientConfig['ssl']) ?? (extra.ssl as ClientConfig['ssl']),
    // A tick must not hang on a dead network for the pool's whole connect timeout.
    connectionTimeoutMillis: Math.min(
      o.connectTimeoutMS ?? Number.POSITIVE_INFINITY,
      Math.max(statementTimeoutMs, 1000),
    ),
    statement_timeout: statementTimeoutMs,
    lock_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + 1000,
    application_name: `tensorcast-gs lease ${instanceId}`.slice(0, 63),
  };
}
