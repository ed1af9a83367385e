import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import {
  CatalogHarness,
  domainError,
  mi2Artifact,
  openCatalogHarness,
} from './catalog.spec-harness';
import { KeyMappingEntity } from './key-mapping.entity';
import { SwapKeyMappingInput, UpsertKeyMappingInput } from './key-mappings.service';

describe('KeyMappingsService', () => {
  let h: CatalogHarness;
  let keyCounter = 0;
  /** Index-ready artifacts (metadata and index bytes stored). */
  const ready: string[] = [];

  before(async () => {
    h = await openCatalogHarness(2000);
    for (const name of ['a', 'b', 'c']) {
      const a = mi2Artifact(`km-${name}`);
      await h.catalog.upsertArtifactMetadata({
        descriptor: {
          artifactId: a.artifactId,
          indexMultihash: '',
          dataMultihash: '',
          schemaVersion: '',
          encoding: '',
          totalSize: 0,
          idKind: 0,
        },
        canonicalIndexData: a.indexData,
      });
      ready.push(a.artifactId);
    }
  });

  after(async () => {
    await h.close();
  });

  const freshKey = (): string => `model/${++keyCounter}`;
  const upsert = (overrides: Partial<UpsertKeyMappingInput>) =>
    h.keyMappings.upsertKeyMapping({
      key: freshKey(),
      artifactId: ready[0],
      replicaUuid: '',
      daemonAddress: '',
      ttl: null,
      ...overrides,
    });
  const swap = (overrides: Partial<SwapKeyMappingInput> & { key: string }) =>
    h.keyMappings.swapKeyMapping({
      newArtifactId: ready[1],
      expectedArtifactId: ready[0],
      expectedGeneration: undefined,
      operationId: '',
      ...overrides,
    });

  test('a new key binds to an index-ready artifact at generation 1, cached 30 s', async () => {
    const key = freshKey();
    assert.deepEqual(await upsert({ key, replicaUuid: 'r-1', daemonAddress: '10.0.0.1:50052' }), {
      outcome: 'CREATED',
    });
    assert.deepEqual(await h.keyMappings.resolveKeyMapping(key), {
      found: true,
      artifactId: ready[0],
      replicaUuid: 'r-1',
      daemonAddress: '10.0.0.1:50052',
      generation: 1,
      cacheTtlSeconds: 30,
    });
  });

  test('a new key needs an artifact that is known and has its index stored', async () => {
    await assert.rejects(
      upsert({ artifactId: 'cgid:unknown' }),
      domainError('ARTIFACT_NOT_INDEX_READY', 'artifact_id', /is unknown/),
    );
    await h.catalog.upsertArtifactMetadata({
      descriptor: {
        artifactId: 'cgid:no-index',
        indexMultihash: '',
        dataMultihash: '',
        schemaVersion: '',
        encoding: '',
        totalSize: 0,
        idKind: 0,
      },
      canonicalIndexData: Buffer.alloc(0),
    });
    const key = freshKey();
    await assert.rejects(
      upsert({ key, artifactId: 'cgid:no-index' }),
      domainError('ARTIFACT_NOT_INDEX_READY', 'artifact_id', /has no stored tensor index/),
    );
    assert.deepEqual(await h.keyMappings.resolveKeyMapping(key), { found: false });
  });

  test('the same artifact again updates replica, daemon and ttl; the generation stays', async () => {
    const key = freshKey();
    await upsert({ key, replicaUuid: 'r-1' });
    assert.deepEqual(
      await upsert({
        key,
        replicaUuid: 'r-2',
        daemonAddress: '10.0.0.2:1',
        ttl: { seconds: '1', nanos: 500_000_000 },
      }),
      { outcome: 'UPDATED' },
    );
    const resolved = await h.keyMappings.resolveKeyMapping(key);
    assert.ok(resolved.found);
    assert.equal(resolved.replicaUuid, 'r-2');
    assert.equal(resolved.daemonAddress, '10.0.0.2:1');
    assert.equal(resolved.generation, 1);
    assert.equal(resolved.cacheTtlSeconds, 2, 'an explicit ttl of 1.5 s rounds up');
    const row = await h.dataSource.manager.findOneByOrFail(KeyMappingEntity, { key });
    assert.equal(row.ttlMs, 1500);
  });

  test('a key mapped to another artifact is a conflict with a reason, and stays as it was', async () => {
    const key = freshKey();
    await upsert({ key, replicaUuid: 'r-1' });
    const result = await upsert({ key, artifactId: ready[1], replicaUuid: 'r-9' });
    assert.equal(result.outcome, 'CONFLICT');
    assert.ok(result.outcome === 'CONFLICT');
    assert.match(result.conflictReason, new RegExp(`already mapped to artifact "${ready[0]}"`));
    const resolved = await h.keyMappings.resolveKeyMapping(key);
    assert.ok(resolved.found);
    assert.equal(resolved.artifactId, ready[0]);
    assert.equal(resolved.replicaUuid, 'r-1');
  });

  test('every field is validated with a message naming it', async () => {
    const cases: [Partial<UpsertKeyMappingInput>, string, RegExp][] = [
      [{ key: '' }, 'key', /is required/],
      [{ key: '   ' }, 'key', /is required/],
      [{ key: 'k'.repeat(1025) }, 'key', /longer than 1024/],
      [{ artifactId: '' }, 'artifact_id', /is required/],
      [{ replicaUuid: 'u'.repeat(65) }, 'replica_uuid', /longer than 64/],
      [{ daemonAddress: 'd'.repeat(256) }, 'daemon_address', /longer than 255/],
      [{ ttl: { seconds: '-1', nanos: 0 } }, 'ttl', /non-negative/],
      [{ ttl: { seconds: '0', nanos: -5 } }, 'ttl', /non-negative/],
      [{ ttl: { seconds: '0', nanos: 1_000_000_000 } }, 'ttl', /nanos must be below/],
      [{ ttl: { seconds: '4294967295', nanos: 0 } }, 'ttl', /must be below/],
      [{ ttl: { seconds: '9223372036854775807', nanos: 0 } }, 'ttl', /non-negative duration/],
    ];
    for (const [override, field, pattern] of cases) {
      await assert.rejects(
        upsert(override),
        domainError('INVALID_ARGUMENT', field, pattern),
        field,
      );
    }
    const swapCases: [Partial<SwapKeyMappingInput>, string][] = [
      [{ key: '' }, 'key'],
      [{ newArtifactId: ' ' }, 'new_artifact_id'],
      [{ expectedArtifactId: '' }, 'expected_artifact_id'],
      [{ operationId: 'o'.repeat(256) }, 'operation_id'],
    ];
    for (const [override, field] of swapCases) {
      await assert.rejects(
        swap({ key: 'model/any', ...override }),
        domainError('INVALID_ARGUMENT', field),
        field,
      );
    }
    for (const method of ['resolveKeyMapping', 'revokeKeyMapping'] as const) {
      await assert.rejects(h.keyMappings[method](''), domainError('INVALID_ARGUMENT', 'key'));
    }
  });

  test('swap: unknown key is NOT_FOUND', async () => {
    assert.deepEqual(await swap({ key: 'model/never' }), { outcome: 'NOT_FOUND' });
  });

  test('swap applies when the expectation holds: generation +1, alias cache ttl, replica hint cleared', async () => {
    const key = freshKey();
    await upsert({
      key,
      replicaUuid: 'r-old',
      daemonAddress: '10.0.0.3:1',
      ttl: { seconds: '600', nanos: 0 },
    });
    assert.deepEqual(await swap({ key, expectedGeneration: 1, operationId: 'op-1' }), {
      outcome: 'SWAPPED',
      artifactId: ready[1],
      generation: 2,
    });
    assert.deepEqual(await h.keyMappings.resolveKeyMapping(key), {
      found: true,
      artifactId: ready[1],
      replicaUuid: '',
      daemonAddress: '',
      generation: 2,
      cacheTtlSeconds: 2,
    });
    const row = await h.dataSource.manager.findOneByOrFail(KeyMappingEntity, { key });
    assert.equal(row.swapped, true);
    assert.equal(row.lastOperationId, 'op-1');
  });

  test('swap CAS failures (artifact or generation) answer the current state and change nothing', async () => {
    const key = freshKey();
    await upsert({ key });
    await swap({ key });
    assert.deepEqual(await swap({ key, expectedArtifactId: ready[0], newArtifactId: ready[2] }), {
      outcome: 'CAS_FAILED',
      artifactId: ready[1],
      generation: 2,
    });
    assert.deepEqual(
      await swap({
        key,
        expectedArtifactId: ready[1],
        expectedGeneration: 1,
        newArtifactId: ready[2],
      }),
      { outcome: 'CAS_FAILED', artifactId: ready[1], generation: 2 },
    );
    assert.deepEqual(
      await swap({
        key,
        expectedArtifactId: ready[1],
        expectedGeneration: 2,
        newArtifactId: ready[2],
      }),
      { outcome: 'SWAPPED', artifactId: ready[2], generation: 3 },
    );
  });

  test('swapping to the artifact already mapped is a no-op that keeps the generation', async () => {
    const key = freshKey();
    await upsert({ key });
    assert.deepEqual(await swap({ key, newArtifactId: ready[0], operationId: 'noop' }), {
      outcome: 'UNCHANGED',
      artifactId: ready[0],
      generation: 1,
    });
    const resolved = await h.keyMappings.resolveKeyMapping(key);
    assert.ok(resolved.found);
    assert.equal(resolved.cacheTtlSeconds, 30, 'a no-op swap does not make an alias');
  });

  test('a retried swap with the same operation_id succeeds with the current state', async () => {
    const key = freshKey();
    await upsert({ key });
    const first = await swap({ key, expectedGeneration: 1, operationId: 'op-retry' });
    assert.equal(first.outcome, 'SWAPPED');
    assert.deepEqual(await swap({ key, expectedGeneration: 1, operationId: 'op-retry' }), {
      outcome: 'RETRIED',
      artifactId: ready[1],
      generation: 2,
    });
    // Without the operation id the same request is an honest CAS failure.
    assert.equal((await swap({ key, expectedGeneration: 1 })).outcome, 'CAS_FAILED');
    await assert.rejects(
      swap({ key, newArtifactId: ready[2], expectedArtifactId: ready[1], operationId: 'op-retry' }),
      domainError('IDEMPOTENCY_KEY_REUSED', 'operation_id', /already swapped/),
    );
  });

  test('swap target must be index-ready; the mapping is untouched otherwise', async () => {
    const key = freshKey();
    await upsert({ key });
    await assert.rejects(
      swap({ key, newArtifactId: 'cgid:ghost' }),
      domainError('ARTIFACT_NOT_INDEX_READY', 'new_artifact_id', /is unknown/),
    );
    const resolved = await h.keyMappings.resolveKeyMapping(key);
    assert.ok(resolved.found);
    assert.equal(resolved.generation, 1);
    assert.equal(resolved.artifactId, ready[0]);
  });

  test('concurrent swaps with the same expectation: exactly one applies', async () => {
    const key = freshKey();
    await upsert({ key });
    const results = await Promise.all([
      swap({ key, newArtifactId: ready[1], expectedGeneration: 1 }),
      swap({ key, newArtifactId: ready[2], expectedGeneration: 1 }),
    ]);
    const outcomes = results.map((r) => r.outcome).sort();
    assert.deepEqual(outcomes, ['CAS_FAILED', 'SWAPPED']);
    const resolved = await h.keyMappings.resolveKeyMapping(key);
    assert.ok(resolved.found);
    assert.equal(resolved.generation, 2);
  });

  test('revoke deletes; a second revoke and a resolve find nothing; the key can be bound afresh', async () => {
    const key = freshKey();
    await upsert({ key });
    await swap({ key });
    assert.equal(await h.keyMappings.revokeKeyMapping(key), true);
    assert.equal(await h.keyMappings.revokeKeyMapping(key), false);
    assert.deepEqual(await h.keyMappings.resolveKeyMapping(key), { found: false });
    assert.deepEqual(await upsert({ key, artifactId: ready[2] }), { outcome: 'CREATED' });
    const resolved = await h.keyMappings.resolveKeyMapping(key);
    assert.ok(resolved.found);
    assert.equal(resolved.generation, 1);
    assert.equal(resolved.cacheTtlSeconds, 30);
  });

  test('keys are taken verbatim', async () => {
    const key = ` spaced-${freshKey()}`;
    await upsert({ key });
    assert.equal((await h.keyMappings.resolveKeyMapping(key)).found, true);
    assert.equal((await h.keyMappings.resolveKeyMapping(key.trim())).found, false);
  });
});
