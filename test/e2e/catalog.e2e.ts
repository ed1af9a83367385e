import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sha256Multihash } from '../../libs/artifacts/src';
import {
  GlobalStoreClients,
  Message,
  call,
  connectClients,
  expectGrpcError,
} from './support/grpc-clients';
import {
  GlobalStoreProcess,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';
import { E2eDatabase, e2eDatabase, testDrivers } from './support/databases';

interface TestArtifact {
  artifactId: string;
  indexData: Buffer;
  indexMultihash: string;
  dataMultihash: string;
  tensorIndexKey: string;
}

function artifact(name: string): TestArtifact {
  const indexData = Buffer.from(JSON.stringify({ tensors: [name], dtype: 'bf16' }));
  const indexMultihash = sha256Multihash(indexData);
  const dataMultihash = sha256Multihash(Buffer.from(`bytes of ${name}`));
  return {
    artifactId: `mi2:${indexMultihash}:${dataMultihash}`,
    indexData,
    indexMultihash,
    dataMultihash,
    tensorIndexKey: createHash('sha256').update(indexData).digest('hex'),
  };
}

for (const driver of testDrivers()) {
  describe(`ArtifactCatalogService over real gRPC (${driver})`, () => {
    let database: E2eDatabase;
    let configPath: string;
    let server: GlobalStoreProcess;
    let clients: GlobalStoreClients;
    /** Artifacts this file created, for tc_artifacts_total. */
    let artifactsCreated = 0;
    const a = artifact('alpha');
    const b = artifact('beta');
    const c = artifact('gamma');

    const upsertMetadata = (request: object) =>
      call(clients.catalog, 'UpsertArtifactMetadata', request);
    const upsertArtifact = async (x: TestArtifact, withIndex = true): Promise<Message> => {
      const response = await upsertMetadata({
        descriptor: {
          artifact_id: x.artifactId,
          index_multihash: x.indexMultihash,
          data_multihash: x.dataMultihash,
          schema_version: 'v3',
          encoding: 'json',
          total_size: '1048576',
          id_kind: 'ARTIFACT_ID_KIND_MI2',
        },
        canonical_index_data: withIndex ? x.indexData : Buffer.alloc(0),
      });
      return response;
    };
    const mapKey = (request: object) => call(clients.catalog, 'UpsertKeyMapping', request);
    const swap = (request: object) => call(clients.catalog, 'SwapKeyMapping', request);
    const resolve = (key: string) => call(clients.catalog, 'ResolveKeyMapping', { key });

    before(async () => {
      const dir = tempDir('tc-catalog-');
      database = await e2eDatabase(driver, 'catalog', { dir });
      configPath = writeConfig(
        dir,
        testConfig({
          database: database.section,
          worker_policy: { key_mapping: { alias_cache_ttl: '2s' } },
        }),
      );
      server = await startGlobalStore(configPath);
      clients = connectClients(server.address);
      for (const x of [a, b, c]) {
        assert.equal((await upsertArtifact(x)).status, 'STATUS_OK');
        artifactsCreated += 1;
      }
    });

    after(async () => {
      clients.close();
      assert.equal(await server.stop(), 0, 'SIGTERM exits 0');
      await database.drop();
    });

    test('UpsertArtifactMetadata stores the index; GetArtifactIndex(ById) return it', async () => {
      const byKey = await call(clients.catalog, 'GetArtifactIndex', {
        tensor_index_key: a.tensorIndexKey,
      });
      assert.equal(byKey.status, 'STATUS_OK');
      assert.deepEqual(byKey.tensor_index_data, a.indexData);
      assert.equal(byKey.encoding, 'json');
      assert.equal(byKey.schema_version, 'v3');
      const byId = await call(clients.catalog, 'GetArtifactIndexById', {
        artifact_id: b.artifactId,
      });
      assert.equal(byId.status, 'STATUS_OK');
      assert.deepEqual(byId.tensor_index_data, b.indexData);
      // Upserting the same metadata again is fine.
      assert.equal((await upsertArtifact(a)).status, 'STATUS_OK');
    });

    test('UpsertArtifactMetadata errors name the field', async () => {
      await expectGrpcError(
        upsertMetadata({}),
        status.INVALID_ARGUMENT,
        /^descriptor: is required/,
      );
      await expectGrpcError(
        upsertMetadata({ descriptor: { index_multihash: a.indexMultihash } }),
        status.INVALID_ARGUMENT,
        /^descriptor\.artifact_id: is required/,
      );
      for (const bad of [
        a.indexMultihash.toUpperCase(),
        a.indexMultihash.slice(1),
        'bafy',
        `${a.indexMultihash}==`,
      ]) {
        await expectGrpcError(
          upsertMetadata({
            descriptor: { artifact_id: 'cgid:bad-mh', index_multihash: bad },
            canonical_index_data: a.indexData,
          }),
          status.INVALID_ARGUMENT,
          /^descriptor\.index_multihash: .*sha2-256 multihash/,
        );
      }
      await expectGrpcError(
        upsertMetadata({
          descriptor: { artifact_id: 'cgid:tampered', index_multihash: a.indexMultihash },
          canonical_index_data: Buffer.concat([a.indexData, Buffer.from('\n')]),
        }),
        status.FAILED_PRECONDITION,
        /^descriptor\.index_multihash: .* is not the sha2-256 multihash of canonical_index_data/,
      );
      await expectGrpcError(
        upsertMetadata({
          descriptor: { artifact_id: a.artifactId, index_multihash: b.indexMultihash },
          canonical_index_data: b.indexData,
        }),
        status.INVALID_ARGUMENT,
        /^descriptor\.index_multihash: .* disagrees with the index multihash in artifact_id/,
      );
      await expectGrpcError(
        upsertMetadata({
          descriptor: { artifact_id: a.artifactId, data_multihash: b.dataMultihash },
        }),
        status.INVALID_ARGUMENT,
        /^descriptor\.data_multihash: .* disagrees/,
      );
      await expectGrpcError(
        upsertMetadata({ descriptor: { artifact_id: `mi2:${a.indexMultihash}:not-a-multihash` } }),
        status.INVALID_ARGUMENT,
        /^descriptor\.artifact_id: .* is not mi2:<index_multihash>:<data_multihash>/,
      );
      await expectGrpcError(
        upsertMetadata({
          descriptor: { artifact_id: 'cgid:claimless' },
          canonical_index_data: a.indexData,
        }),
        status.INVALID_ARGUMENT,
        /^descriptor\.index_multihash: is required when canonical_index_data is given/,
      );
      await expectGrpcError(
        upsertMetadata({
          descriptor: { artifact_id: 'cgid:kind', id_kind: 'ARTIFACT_ID_KIND_MI2' },
        }),
        status.INVALID_ARGUMENT,
        /^descriptor\.id_kind: /,
      );
      await expectGrpcError(
        upsertMetadata({ descriptor: { artifact_id: 'cgid:kind', id_kind: 9 } }),
        status.INVALID_ARGUMENT,
        /^descriptor\.id_kind: unknown ArtifactIdKind 9/,
      );
      await expectGrpcError(
        upsertMetadata({
          descriptor: { artifact_id: 'cgid:big', total_size: '18446744073709551615' },
        }),
        status.INVALID_ARGUMENT,
        /^descriptor\.total_size: /,
      );
      // None of the refused requests left anything behind.
      const probe = await call(clients.catalog, 'GetArtifactIndexById', {
        artifact_id: 'cgid:tampered',
      });
      assert.equal(probe.status, 'STATUS_NOT_FOUND');
    });

    test('GetArtifactIndex(ById): validation and NOT_FOUND in the message', async () => {
      for (const bad of ['', 'xyz', a.tensorIndexKey.toUpperCase(), `${a.tensorIndexKey}0`]) {
        await expectGrpcError(
          call(clients.catalog, 'GetArtifactIndex', { tensor_index_key: bad }),
          status.INVALID_ARGUMENT,
          /^tensor_index_key: /,
        );
      }
      const unknown = await call(clients.catalog, 'GetArtifactIndex', {
        tensor_index_key: 'f'.repeat(64),
      });
      assert.equal(unknown.status, 'STATUS_NOT_FOUND');
      assert.equal(unknown.tensor_index_data.length, 0);
      const unknownId = await call(clients.catalog, 'GetArtifactIndexById', {
        artifact_id: 'cgid:nobody',
      });
      assert.equal(unknownId.status, 'STATUS_NOT_FOUND');
      await expectGrpcError(
        call(clients.catalog, 'GetArtifactIndexById', {}),
        status.INVALID_ARGUMENT,
        /^artifact_id: is required/,
      );
      // Known artifact without index bytes: NOT_FOUND until they are uploaded.
      const late = artifact('late');
      await upsertArtifact(late, false);
      artifactsCreated += 1;
      const missing = await call(clients.catalog, 'GetArtifactIndexById', {
        artifact_id: late.artifactId,
      });
      assert.equal(missing.status, 'STATUS_NOT_FOUND');
      await upsertArtifact(late, true);
      const found = await call(clients.catalog, 'GetArtifactIndexById', {
        artifact_id: late.artifactId,
      });
      assert.equal(found.status, 'STATUS_OK');
      assert.deepEqual(found.tensor_index_data, late.indexData);
    });

    test('UpsertKeyMapping: index-ready artifacts only, conflicts in the message, updates for the same artifact', async () => {
      const notReady = artifact('not-ready');
      await upsertArtifact(notReady, false);
      artifactsCreated += 1;
      await expectGrpcError(
        mapKey({ key: 'models/not-ready', artifact_id: notReady.artifactId }),
        status.FAILED_PRECONDITION,
        /^artifact_id: .* has no stored tensor index/,
      );
      await expectGrpcError(
        mapKey({ key: 'models/unknown', artifact_id: 'cgid:unknown' }),
        status.FAILED_PRECONDITION,
        /^artifact_id: artifact "cgid:unknown" is unknown/,
      );

      const created = await mapKey({
        key: 'models/llama',
        artifact_id: a.artifactId,
        replica_uuid: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
        daemon_address: '10.1.2.3:50052',
      });
      assert.equal(created.status, 'STATUS_OK');
      assert.equal(created.conflict_reason, '');

      const conflict = await mapKey({ key: 'models/llama', artifact_id: b.artifactId });
      assert.equal(conflict.status, 'STATUS_ERROR', 'gRPC OK, message status ERROR');
      assert.match(conflict.conflict_reason, /already mapped to artifact "mi2:/);

      const updated = await mapKey({
        key: 'models/llama',
        artifact_id: a.artifactId,
        replica_uuid: '16fd2706-8baf-433b-82eb-8c7fada847da',
        daemon_address: '10.1.2.4:50052',
        ttl: { seconds: '90', nanos: 500_000_000 },
      });
      assert.equal(updated.status, 'STATUS_OK');
      const resolved = await resolve('models/llama');
      assert.equal(resolved.status, 'STATUS_OK');
      assert.equal(resolved.artifact_id, a.artifactId);
      assert.equal(resolved.replica_uuid, '16fd2706-8baf-433b-82eb-8c7fada847da');
      assert.equal(resolved.daemon_address, '10.1.2.4:50052');
      assert.equal(resolved.generation, '1');
      assert.equal(resolved.cache_ttl_seconds, 91, 'explicit ttl 90.5 s, rounded up');

      const cases: [object, RegExp][] = [
        [{ artifact_id: a.artifactId }, /^key: is required/],
        [{ key: 'models/x' }, /^artifact_id: is required/],
        [
          { key: 'models/x', artifact_id: a.artifactId, ttl: { seconds: '-3' } },
          /^ttl: must be a non-negative duration/,
        ],
        [
          { key: 'models/x', artifact_id: a.artifactId, replica_uuid: 'u'.repeat(65) },
          /^replica_uuid: /,
        ],
      ];
      for (const [request, pattern] of cases) {
        await expectGrpcError(mapKey(request), status.INVALID_ARGUMENT, pattern);
      }
    });

    test('ResolveKeyMapping: NOT_FOUND, immutable default 30 s, alias_cache_ttl after a swap', async () => {
      const unknown = await resolve('models/nothing-here');
      assert.equal(unknown.status, 'STATUS_NOT_FOUND');
      await expectGrpcError(resolve(''), status.INVALID_ARGUMENT, /^key: is required/);

      assert.equal(
        (await mapKey({ key: 'models/immutable', artifact_id: b.artifactId })).status,
        'STATUS_OK',
      );
      const immutable = await resolve('models/immutable');
      assert.equal(immutable.cache_ttl_seconds, 30);
      assert.equal(immutable.generation, '1');

      assert.equal(
        (await mapKey({ key: 'models/alias', artifact_id: b.artifactId, ttl: { seconds: '600' } }))
          .status,
        'STATUS_OK',
      );
      assert.equal((await resolve('models/alias')).cache_ttl_seconds, 600);
      const swapped = await swap({
        key: 'models/alias',
        new_artifact_id: c.artifactId,
        expected_artifact_id: b.artifactId,
      });
      assert.equal(swapped.status, 'STATUS_OK');
      const alias = await resolve('models/alias');
      assert.equal(alias.artifact_id, c.artifactId);
      assert.equal(alias.generation, '2');
      assert.equal(alias.cache_ttl_seconds, 2, 'worker_policy.key_mapping.alias_cache_ttl');
    });

    test('SwapKeyMapping: compare-and-set by artifact and generation, generation bump, no-op, idempotent retry', async () => {
      const key = 'models/cas';
      assert.equal((await mapKey({ key, artifact_id: a.artifactId })).status, 'STATUS_OK');

      const unknown = await swap({
        key: 'models/never-mapped',
        new_artifact_id: b.artifactId,
        expected_artifact_id: a.artifactId,
      });
      assert.equal(unknown.status, 'STATUS_NOT_FOUND');

      const wrongArtifact = await swap({
        key,
        new_artifact_id: b.artifactId,
        expected_artifact_id: c.artifactId,
      });
      assert.equal(
        wrongArtifact.status,
        'STATUS_ERROR',
        'CAS failure is a message status (compat)',
      );
      assert.equal(wrongArtifact.artifact_id, a.artifactId, 'carries the current artifact');
      assert.equal(wrongArtifact.generation, '1');

      const wrongGeneration = await swap({
        key,
        new_artifact_id: b.artifactId,
        expected_artifact_id: a.artifactId,
        expected_generation: '7',
      });
      assert.equal(wrongGeneration.status, 'STATUS_ERROR');
      assert.equal(wrongGeneration.generation, '1');

      const applied = await swap({
        key,
        new_artifact_id: b.artifactId,
        expected_artifact_id: a.artifactId,
        expected_generation: '1',
        operation_id: 'op-cas-1',
      });
      assert.deepEqual(
        {
          status: applied.status,
          artifact_id: applied.artifact_id,
          generation: applied.generation,
        },
        { status: 'STATUS_OK', artifact_id: b.artifactId, generation: '2' },
      );

      const retried = await swap({
        key,
        new_artifact_id: b.artifactId,
        expected_artifact_id: a.artifactId,
        expected_generation: '1',
        operation_id: 'op-cas-1',
      });
      assert.equal(retried.status, 'STATUS_OK', 'a retry of an applied swap is not a CAS failure');
      assert.equal(retried.generation, '2', 'and does not bump again');

      await expectGrpcError(
        swap({
          key,
          new_artifact_id: c.artifactId,
          expected_artifact_id: b.artifactId,
          operation_id: 'op-cas-1',
        }),
        status.FAILED_PRECONDITION,
        /^operation_id: "op-cas-1" already swapped/,
      );

      const noop = await swap({
        key,
        new_artifact_id: b.artifactId,
        expected_artifact_id: b.artifactId,
      });
      assert.equal(noop.status, 'STATUS_OK');
      assert.equal(noop.generation, '2', 'swapping to the current artifact keeps the generation');

      await expectGrpcError(
        swap({ key, new_artifact_id: 'cgid:ghost', expected_artifact_id: b.artifactId }),
        status.FAILED_PRECONDITION,
        /^new_artifact_id: artifact "cgid:ghost" is unknown/,
      );

      const again = await swap({
        key,
        new_artifact_id: c.artifactId,
        expected_artifact_id: b.artifactId,
        expected_generation: '2',
      });
      assert.equal(again.status, 'STATUS_OK');
      assert.equal(again.generation, '3');

      const cases: [object, RegExp][] = [
        [
          { new_artifact_id: a.artifactId, expected_artifact_id: b.artifactId },
          /^key: is required/,
        ],
        [{ key, expected_artifact_id: b.artifactId }, /^new_artifact_id: is required/],
        [{ key, new_artifact_id: a.artifactId }, /^expected_artifact_id: is required/],
        [
          {
            key,
            new_artifact_id: a.artifactId,
            expected_artifact_id: c.artifactId,
            expected_generation: '18446744073709551615',
          },
          /^expected_generation: /,
        ],
      ];
      for (const [request, pattern] of cases) {
        await expectGrpcError(swap(request), status.INVALID_ARGUMENT, pattern);
      }
    });

    test('RevokeKeyMapping deletes; unknown keys are NOT_FOUND', async () => {
      assert.equal(
        (await mapKey({ key: 'models/revoked', artifact_id: c.artifactId })).status,
        'STATUS_OK',
      );
      assert.equal(
        (await call(clients.catalog, 'RevokeKeyMapping', { key: 'models/revoked' })).status,
        'STATUS_OK',
      );
      assert.equal((await resolve('models/revoked')).status, 'STATUS_NOT_FOUND');
      assert.equal(
        (await call(clients.catalog, 'RevokeKeyMapping', { key: 'models/revoked' })).status,
        'STATUS_NOT_FOUND',
      );
      await expectGrpcError(
        call(clients.catalog, 'RevokeKeyMapping', {}),
        status.INVALID_ARGUMENT,
        /^key: is required/,
      );
    });

    test('tc_artifacts_total counts the artifacts', async () => {
      assert.equal(await artifactsGauge(server), artifactsCreated);
    });

    test('a restart on the same database keeps artifacts, indexes and mappings with their generations', async () => {
      clients.close();
      assert.equal(await server.stop(), 0);
      server = await startGlobalStore(configPath);
      clients = connectClients(server.address);

      assert.equal(await artifactsGauge(server), artifactsCreated, 'right from the first scrape');
      const index = await call(clients.catalog, 'GetArtifactIndex', {
        tensor_index_key: c.tensorIndexKey,
      });
      assert.equal(index.status, 'STATUS_OK');
      assert.deepEqual(index.tensor_index_data, c.indexData);
      const byId = await call(clients.catalog, 'GetArtifactIndexById', {
        artifact_id: a.artifactId,
      });
      assert.deepEqual(byId.tensor_index_data, a.indexData);

      const llama = await resolve('models/llama');
      assert.equal(llama.artifact_id, a.artifactId);
      assert.equal(llama.replica_uuid, '16fd2706-8baf-433b-82eb-8c7fada847da');
      assert.equal(llama.cache_ttl_seconds, 91);
      const cas = await resolve('models/cas');
      assert.equal(cas.artifact_id, c.artifactId);
      assert.equal(cas.generation, '3');
      assert.equal(cas.cache_ttl_seconds, 2, 'still an alias');
      assert.equal((await resolve('models/revoked')).status, 'STATUS_NOT_FOUND');

      // The CAS continues from the persisted generation.
      const stale = await swap({
        key: 'models/cas',
        new_artifact_id: a.artifactId,
        expected_artifact_id: c.artifactId,
        expected_generation: '2',
      });
      assert.equal(stale.status, 'STATUS_ERROR');
      const next = await swap({
        key: 'models/cas',
        new_artifact_id: a.artifactId,
        expected_artifact_id: c.artifactId,
        expected_generation: '3',
      });
      assert.equal(next.generation, '4');
      const conflict = await mapKey({ key: 'models/immutable', artifact_id: a.artifactId });
      assert.equal(conflict.status, 'STATUS_ERROR');
    });
  });
}

async function artifactsGauge(server: GlobalStoreProcess): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
  const match = /^tc_artifacts_total (\d+)$/m.exec(text);
  assert.ok(match, 'tc_artifacts_total is exported');
  return Number(match[1]);
}
