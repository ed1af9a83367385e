import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { ArtifactEntity } from './artifact.entity';
import { ArtifactDescriptorInput, ARTIFACT_ID_KIND } from './catalog.service';
import {
  CatalogHarness,
  domainError,
  mi2Artifact,
  openCatalogHarness,
} from './catalog.spec-harness';
import { sha256Multihash } from './multihash';
import { TensorIndexEntity } from './tensor-index.entity';

function descriptor(overrides: Partial<ArtifactDescriptorInput> = {}): ArtifactDescriptorInput {
  return {
    artifactId: '',
    indexMultihash: '',
    dataMultihash: '',
    schemaVersion: 'v3',
    encoding: 'json',
    totalSize: 4096,
    idKind: ARTIFACT_ID_KIND.UNSPECIFIED,
    ...overrides,
  };
}

describe('CatalogService', () => {
  let h: CatalogHarness;

  before(async () => {
    h = await openCatalogHarness();
  });

  after(async () => {
    await h.close();
  });

  test('stores the canonical index and the artifact in one write; both lookups return it', async () => {
    const a = mi2Artifact('stored');
    await h.catalog.upsertArtifactMetadata({
      descriptor: descriptor({
        artifactId: a.artifactId,
        indexMultihash: a.indexMultihash,
        dataMultihash: a.dataMultihash,
      }),
      canonicalIndexData: a.indexData,
    });
    const row = await h.dataSource.manager.findOneByOrFail(ArtifactEntity, {
      artifactId: a.artifactId,
    });
    assert.equal(row.tensorIndexKey, a.tensorIndexKey);
    assert.equal(row.idKind, ARTIFACT_ID_KIND.MI2, 'an mi2 id records its kind');
    assert.equal(row.totalSize, 4096);

    const byKey = await h.catalog.getArtifactIndex(a.tensorIndexKey);
    assert.ok(byKey.found);
    assert.deepEqual(byKey.data, a.indexData);
    assert.equal(byKey.encoding, 'json');
    assert.equal(byKey.schemaVersion, 'v3');
    const byId = await h.catalog.getArtifactIndexById(a.artifactId);
    assert.ok(byId.found);
    assert.deepEqual(byId.data, a.indexData);
  });

  test('an mi2 id supplies missing multihashes; a repeated upsert is idempotent', async () => {
    const a = mi2Artifact('implicit');
    for (let i = 0; i < 2; i++) {
      await h.catalog.upsertArtifactMetadata({
        descriptor: descriptor({ artifactId: a.artifactId }),
        canonicalIndexData: a.indexData,
      });
    }
    const row = await h.dataSource.manager.findOneByOrFail(ArtifactEntity, {
      artifactId: a.artifactId,
    });
    assert.equal(row.indexMultihash, a.indexMultihash);
    assert.equal(row.dataMultihash, a.dataMultihash);
    assert.equal(
      await h.dataSource.manager.countBy(TensorIndexEntity, { tensorIndexKey: a.tensorIndexKey }),
      1,
    );
  });

  test('descriptor and artifact_id are required', async () => {
    await assert.rejects(
      h.catalog.upsertArtifactMetadata({ descriptor: null, canonicalIndexData: Buffer.alloc(0) }),
      domainError('INVALID_ARGUMENT', 'descriptor', /is required/),
    );
    await assert.rejects(
      h.catalog.upsertArtifactMetadata({
        descriptor: descriptor({ artifactId: '  ' }),
        canonicalIndexData: Buffer.alloc(0),
      }),
      domainError('INVALID_ARGUMENT', 'descriptor.artifact_id', /is required/),
    );
  });

  test('malformed multihashes are INVALID_ARGUMENT naming the field', async () => {
    const good = sha256Multihash(Buffer.from('x'));
    const md5Like = `b${Buffer.from([0xd5, 0x10, ...Buffer.alloc(16)]).toString('hex')}`;
    const malformed = [
      good.toUpperCase(),
      good.slice(1),
      `${good}a`,
      `${good}=`,
      'bciqa',
      md5Like,
      `z${good.slice(1)}`,
    ];
    for (const bad of malformed) {
      await assert.rejects(
        h.catalog.upsertArtifactMetadata({
          descriptor: descriptor({ artifactId: 'cgid:m', indexMultihash: bad }),
          canonicalIndexData: Buffer.from('x'),
        }),
        domainError('INVALID_ARGUMENT', 'descriptor.index_multihash', /sha2-256 multihash/),
        bad,
      );
    }
    await assert.rejects(
      h.catalog.upsertArtifactMetadata({
        descriptor: descriptor({ artifactId: 'cgid:m', dataMultihash: 'bnot' }),
        canonicalIndexData: Buffer.alloc(0),
      }),
      domainError('INVALID_ARGUMENT', 'descriptor.data_multihash'),
    );
    assert.equal(await h.dataSource.manager.countBy(ArtifactEntity, { artifactId: 'cgid:m' }), 0);
  });

  test('index bytes that do not hash to index_multihash are FAILED_PRECONDITION; nothing is stored', async () => {
    const a = mi2Artifact('mismatch');
    const tampered = Buffer.concat([a.indexData, Buffer.from(' ')]);
    const indexesBefore = await h.dataSource.manager.count(TensorIndexEntity);
    await assert.rejects(
      h.catalog.upsertArtifactMetadata({
        descriptor: descriptor({ artifactId: a.artifactId, indexMultihash: a.indexMultihash }),
        canonicalIndexData: tampered,
      }),
      domainError('INDEX_MISMATCH', 'descriptor.index_multihash', /is not the sha2-256 multihash/),
    );
    assert.equal(
      await h.dataSource.manager.countBy(ArtifactEntity, { artifactId: a.artifactId }),
      0,
    );
    assert.equal(await h.dataSource.manager.count(TensorIndexEntity), indexesBefore);
    assert.deepEqual(await h.catalog.getArtifactIndex(a.tensorIndexKey), { found: false });
  });

  test('index bytes without any index multihash to check them against are refused', async () => {
    await assert.rejects(
      h.catalog.upsertArtifactMetadata({
        descriptor: descriptor({ artifactId: 'cgid:no-claim' }),
        canonicalIndexData: Buffer.from('index'),
      }),
      domainError('INVALID_ARGUMENT', 'descriptor.index_multihash', /is required when/),
    );
  });

  test('mi2 ids must be well formed and agree with the descriptor (INVALID_ARGUMENT)', async () => {
    const a = mi2Artifact('mi2-a');
    const b = mi2Artifact('mi2-b');
    for (const id of [
      'mi2:',
      `mi2:${a.indexMultihash}`,
      `mi2:${a.indexMultihash}:nope`,
      `mi2:x:y:z`,
    ]) {
      await assert.rejects(
        h.catalog.upsertArtifactMetadata({
          descriptor: descriptor({ artifactId: id }),
          canonicalIndexData: Buffer.alloc(0),
        }),
        domainError('INVALID_ARGUMENT', 'descriptor.artifact_id', /mi2:<index_multihash>/),
        id,
      );
    }
    await assert.rejects(
      h.catalog.upsertArtifactMetadata({
        descriptor: descriptor({ artifactId: a.artifactId, indexMultihash: b.indexMultihash }),
        canonicalIndexData: b.indexData,
      }),
      domainError(
        'INVALID_ARGUMENT',
        'descriptor.index_multihash',
        /disagrees with .* artifact_id/,
      ),
    );
    await assert.rejects(
      h.catalog.upsertArtifactMetadata({
        descriptor: descriptor({ artifactId: a.artifactId, dataMultihash: b.dataMultihash }),
        canonicalIndexData: a.indexData,
      }),
      domainError('INVALID_ARGUMENT', 'descriptor.data_multihash', /disagrees/),
    );
    // The id alone pins the index: other bytes fail the hash check.
    await assert.rejects(
      h.catalog.upsertArtifactMetadata({
        descriptor: descriptor({ artifactId: a.artifactId }),
        canonicalIndexData: b.indexData,
      }),
      domainError('INDEX_MISMATCH', 'descriptor.index_multihash'),
    );
  });

  test('id_kind must be known and fit the artifact id', async () => {
    const a = mi2Artifact('kinds');
    const cases: [Partial<ArtifactDescriptorInput>, RegExp][] = [
      [{ artifactId: 'cgid:k', idKind: 7 }, /unknown ArtifactIdKind 7/],
      [{ artifactId: 'cgid:k', idKind: -1 }, /unknown ArtifactIdKind/],
      [
        { artifactId: 'cgid:k', idKind: ARTIFACT_ID_KIND.MI2 },
        /needs an artifact_id of the form mi2/,
      ],
      [{ artifactId: a.artifactId, idKind: ARTIFACT_ID_KIND.CGID }, /contradicts the mi2/],
    ];
    for (const [override, pattern] of cases) {
      await assert.rejects(
        h.catalog.upsertArtifactMetadata({
          descriptor: descriptor(override),
          canonicalIndexData: Buffer.alloc(0),
        }),
        domainError('INVALID_ARGUMENT', 'descriptor.id_kind', pattern),
      );
    }
  });

  test('over-long encoding and schema_version are refused', async () => {
    await assert.rejects(
      h.catalog.upsertArtifactMetadata({
        descriptor: descriptor({ artifactId: 'cgid:long', encoding: 'e'.repeat(65) }),
        canonicalIndexData: Buffer.alloc(0),
      }),
      domainError('INVALID_ARGUMENT', 'descriptor.encoding'),
    );
    await assert.rejects(
      h.catalog.upsertArtifactMetadata({
        descriptor: descriptor({ artifactId: 'cgid:long', schemaVersion: 'v'.repeat(33) }),
        canonicalIndexData: Buffer.alloc(0),
      }),
      domainError('INVALID_ARGUMENT', 'descriptor.schema_version'),
    );
  });

  test('descriptor-only upserts: no index until the bytes arrive; a stored index is linked', async () => {
    const a = mi2Artifact('later');
    await h.catalog.upsertArtifactMetadata({
      descriptor: descriptor({ artifactId: a.artifactId }),
      canonicalIndexData: Buffer.alloc(0),
    });
    const row = await h.dataSource.manager.findOneByOrFail(ArtifactEntity, {
      artifactId: a.artifactId,
    });
    assert.equal(row.tensorIndexKey, null);
    assert.equal(row.indexMultihash, a.indexMultihash);
    assert.deepEqual(await h.catalog.getArtifactIndexById(a.artifactId), { found: false });

    await h.catalog.upsertArtifactMetadata({
      descriptor: descriptor({ artifactId: a.artifactId }),
      canonicalIndexData: a.indexData,
    });
    assert.equal((await h.catalog.getArtifactIndexById(a.artifactId)).found, true);

    // A second artifact sharing that index, described without bytes, is linked to it.
    const sibling = `cgid:sibling-of-${a.tensorIndexKey.slice(0, 8)}`;
    await h.catalog.upsertArtifactMetadata({
      descriptor: descriptor({ artifactId: sibling, indexMultihash: a.indexMultihash }),
      canonicalIndexData: Buffer.alloc(0),
    });
    const siblingRow = await h.dataSource.manager.findOneByOrFail(ArtifactEntity, {
      artifactId: sibling,
    });
    assert.equal(siblingRow.tensorIndexKey, a.tensorIndexKey);
  });

  test("an artifact's recorded multihashes cannot be replaced (FAILED_PRECONDITION, row kept)", async () => {
    const first = mi2Artifact('identity-1');
    const second = mi2Artifact('identity-2');
    await h.catalog.upsertArtifactMetadata({
      descriptor: descriptor({ artifactId: 'cgid:identity', indexMultihash: first.indexMultihash }),
      canonicalIndexData: first.indexData,
    });
    await assert.rejects(
      h.catalog.upsertArtifactMetadata({
        descriptor: descriptor({
          artifactId: 'cgid:identity',
          indexMultihash: second.indexMultihash,
        }),
        canonicalIndexData: second.indexData,
      }),
      domainError('INDEX_MISMATCH', 'descriptor.index_multihash', /already has index multihash/),
    );
    await h.catalog.upsertArtifactMetadata({
      descriptor: descriptor({ artifactId: 'cgid:identity', dataMultihash: first.dataMultihash }),
      canonicalIndexData: Buffer.alloc(0),
    });
    await assert.rejects(
      h.catalog.upsertArtifactMetadata({
        descriptor: descriptor({
          artifactId: 'cgid:identity',
          dataMultihash: second.dataMultihash,
        }),
        canonicalIndexData: Buffer.alloc(0),
      }),
      domainError('INDEX_MISMATCH', 'descriptor.data_multihash'),
    );
    const row = await h.dataSource.manager.findOneByOrFail(ArtifactEntity, {
      artifactId: 'cgid:identity',
    });
    assert.equal(row.indexMultihash, first.indexMultihash);
    assert.equal(row.dataMultihash, first.dataMultihash);
    assert.equal(row.tensorIndexKey, first.tensorIndexKey);
  });

  test('GetArtifactIndex validates the key; unknown keys and artifacts are not found', async () => {
    for (const bad of ['', 'abc', 'A'.repeat(64), 'g'.repeat(64), '0'.repeat(65)]) {
      await assert.rejects(
        h.catalog.getArtifactIndex(bad),
        domainError('INVALID_ARGUMENT', 'tensor_index_key'),
        bad,
      );
    }
    assert.deepEqual(await h.catalog.getArtifactIndex('0'.repeat(64)), { found: false });
    assert.deepEqual(await h.catalog.getArtifactIndexById('cgid:nobody'), { found: false });
    await assert.rejects(
      h.catalog.getArtifactIndexById(''),
      domainError('INVALID_ARGUMENT', 'artifact_id'),
    );
  });

  test('tc_artifacts_total counts rows and recounts only after a write', async () => {
    const before = await h.metrics.artifactCount();
    assert.equal(before, await h.dataSource.manager.count(ArtifactEntity));
    // A row slipped in behind the write queue's back is not seen: the cached figure stands
    // until the queue commits something.
    await h.dataSource.query(
      `INSERT INTO artifacts (artifact_id, created_at, updated_at) VALUES ('cgid:sneaky', 0, 0)`,
    );
    assert.equal(await h.metrics.artifactCount(), before);
    await h.catalog.upsertArtifactMetadata({
      descriptor: descriptor({ artifactId: 'cgid:counted' }),
      canonicalIndexData: Buffer.alloc(0),
    });
    assert.equal(await h.metrics.artifactCount(), before + 2);
  });
});
