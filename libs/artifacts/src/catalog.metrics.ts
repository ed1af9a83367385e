import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Gauge, Registry } from 'prom-client';
import { METRICS_REGISTRY, gauge } from '../../observability/src';
import { WriteQueue } from '../../persistence/src';
import { StoredCatalog } from './stored-catalog';

/**
 * tc_artifacts_total, evaluated when /metrics is scraped. Artifacts are created by several
 * paths (RegisterReplica, UpsertArtifactMetadata, registration commits), so instead of
 * every path keeping a counter, the row count is taken from the table and reused until the
 * write queue commits or fails anything: no write, no possible change. The first scrape
 * after a restart counts, so the figure is right from the start. Each app instance has its
 * own database, so the catalog created last takes the gauge over (tests run several apps in
 * one process; the one created last is the one serving).
 */
@Injectable()
export class CatalogMetrics {
  private readonly logger = new Logger('CatalogMetrics');
  private cached: { writeVersion: string; count: number } | undefined;
  private counting: Promise<number> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteQueue,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    registry.removeSingleMetric('tc_artifacts_total');
    const artifacts: Gauge = gauge(
      {
        name: 'tc_artifacts_total',
        help: 'Artifacts known to the catalog (rows in the artifacts table).',
        collect: async (): Promise<void> => artifacts.set(await this.artifactCount()),
      },
      registry,
    );
  }

  /** The number of artifact rows, counted again only after a write may have changed it. */
  artifactCount(): Promise<number> {
    this.counting ??= this.countIfChanged().finally(() => (this.counting = undefined));
    return this.counting;
  }

  private async countIfChanged(): Promise<number> {
    // Taken before counting: a commit that lands during the COUNT changes it, so the next
    // scrape counts again instead of trusting a figure that may predate that commit.
    const writeVersion = `${this.writes.stats.transactions}:${this.writes.stats.failedCommits}`;
    if (this.cached?.writeVersion === writeVersion) return this.cached.count;
    try {
      const count = await new StoredCatalog(this.dataSource.manager).countArtifacts();
      this.cached = { writeVersion, count };
      return count;
    } catch (error) {
      this.logger.warn(`could not count artifacts for tc_artifacts_total: ${String(error)}`);
      return this.cached?.count ?? 0;
    }
  }
}
