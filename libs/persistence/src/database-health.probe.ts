import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import { DependencyHealth } from '../../observability/src';

/** How often PostgreSQL is asked whether it is there. */
export const DATABASE_PROBE_INTERVAL_MS = 2_000;

/**
 * PostgreSQL is a server that can go away and come back: this asks it `SELECT 1` on a
 * pooled connection every DATABASE_PROBE_INTERVAL_MS and reports the answer to /health
 * (503 naming the problem while it is unreachable), logging each change once. The pool
 * itself reconnects; the probe only observes. SQLite, a file in the process, is not probed.
 */
@Injectable()
export class DatabaseHealthProbe implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private timer: NodeJS.Timeout | undefined;
  private problem: string | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    private readonly health: DependencyHealth,
  ) {}

  /** Called once the server is SERVING. */
  start(): void {
    if (this.config.database.driver !== 'postgres' || this.timer) return;
    this.timer = setInterval(() => void this.probe(), DATABASE_PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  /** One probe now (or joins the one running); never throws. */
  probe(): Promise<void> {
    this.running ??= this.ask().finally(() => (this.running = undefined));
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async ask(): Promise<void> {
    const limit = this.config.database.postgres.connect_timeout;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${limit} ms`)), limit);
        }),
      ]);
      if (this.problem !== undefined) this.logger.log('database reachable again');
      this.problem = undefined;
    } catch (error) {
      const problem = `database unreachable: ${error instanceof Error ? error.message : String(error)}`;
      if (this.problem === undefined) this.logger.error(problem);
      this.problem = problem;
    } finally {
      clearTimeout(timer);
    }
    this.health.report('database', this.problem);
  }
}
