import { DataSource } from 'typeorm';
import { ManualClock } from '../../common/src';
import { defaultRegistry } from '../../observability/src';
import { GlobalStoreConfig, defaultConfig } from '../../config/src';
import { WriteQueue, dataSourceOptions } from '../../persistence/src';
import { ArtifactEntity } from './artifact.entity';
import { ArtifactStore } from './artifact-store';
import { CatalogMetrics } from './catalog.metrics';
import { CatalogService } from './catalog.service';
import { KeyMappingEntity } from './key-mapping.entity';
import { KeyMappingsService } from './key-mappings.service';
import { sha256, sha256Multihash } from './multihash';
import { TensorIndexEntity } from './tensor-index.entity';

export interface CatalogHarness {
  dataSource: DataSource;
  writes: WriteQueue;
  clock: ManualClock;
  catalog: CatalogService;
  keyMappings: KeyMappingsService;
  metrics: CatalogMetrics;
  close(): Promise<void>;
}

/** The real catalog services on a fresh in-memory SQLite with the real schema. */
export async function openCatalogHarness(aliasCacheTtlMs = 2000): Promise<CatalogHarness> {
  const dataSource = new DataSource(
    dataSourceOptions({ dbFile: null, synchronous: 'FULL' }, [
      ArtifactEntity,
      TensorIndexEntity,
      KeyMappingEntity,
    ]),
  );
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'all' });
  const writes = new WriteQueue(dataSource, { groupCommit: true, maxGroupSize: 64 });
  const clock = new ManualClock();
  const artifacts = new ArtifactStore(clock);
  const catalog = new CatalogService(dataSource, writes, artifacts);
  const defaults = defaultConfig();
  const config: GlobalStoreConfig = {
    ...defaults,
    worker_policy: { ...defaults.worker_policy, key_mapping: { alias_cache_ttl: aliasCacheTtlMs } },
  };
  const keyMappings = new KeyMappingsService(config, clock, dataSource, writes, artifacts, catalog);
  const metrics = new CatalogMetrics(dataSource, writes, defaultRegistry);
  return {
    dataSource,
    writes,
    clock,
    catalog,
    keyMappings,
    metrics,
    close: async () => {
      await writes.close();
      await dataSource.destroy();
    },
  };
}

/** A content-addressed artifact: its canonical index bytes and a matching mi2 id. */
export function mi2Artifact(name: string): {
  artifactId: string;
  indexData: Buffer;
  indexMultihash: string;
  dataMultihash: string;
  tensorIndexKey: string;
} {
  const indexData = Buffer.from(`{"tensors":["${name}"]}`);
  const indexMultihash = sha256Multihash(indexData);
  const dataMultihash = sha256Multihash(Buffer.from(`data of ${name}`));
  return {
    artifactId: `mi2:${indexMultihash}:${dataMultihash}`,
    indexData,
    indexMultihash,
    dataMultihash,
    tensorIndexKey: sha256(indexData).toString('hex'),
  };
}
