import { strict as assert } from 'node:assert';
import { DataSource } from 'typeorm';
import { DomainError, ManualClock } from '../../common/src';
import { WriteQueue } from '../../persistence/src';
import { openModuleHarness, testConfig } from '../../testing/src';
import { ArtifactsModule } from './artifacts.module';
import { CatalogMetrics } from './catalog.metrics';
import { CatalogService } from './catalog.service';
import { KeyMappingsService } from './key-mappings.service';
import { sha256, sha256Multihash } from './multihash';

export interface CatalogHarness {
  dataSource: DataSource;
  writes: WriteQueue;
  clock: ManualClock;
  catalog: CatalogService;
  keyMappings: KeyMappingsService;
  metrics: CatalogMetrics;
  close(): Promise<void>;
}

/** The real catalog services (the artifacts module) on the one module harness: in-memory SQLite. */
export async function openCatalogHarness(aliasCacheTtlMs = 2000): Promise<CatalogHarness> {
  const h = await openModuleHarness({
    imports: [ArtifactsModule],
    logs: true,
    config: (defaults) => {
      const config = testConfig(defaults, { synchronous: 'FULL', allowLoopback: false });
      return {
        ...config,
        worker_policy: {
          ...config.worker_policy,
          key_mapping: { alias_cache_ttl: aliasCacheTtlMs },
        },
      };
    },
  });
  return {
    dataSource: h.dataSource,
    writes: h.writes,
    clock: h.clock,
    catalog: h.get(CatalogService),
    keyMappings: h.get(KeyMappingsService),
    metrics: h.get(CatalogMetrics),
    close: () => h.close(),
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

/** Matches a DomainError by code, field and message (which must start with the field). */
export function domainError(code: string, field: string, pattern?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.field, field, error.message);
    assert.ok(error.message.startsWith(`${field}: `), error.message);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}
