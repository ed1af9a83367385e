import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sha256, sha256Multihash } from '../../libs/artifacts/src';
import { ChecksumReplica, stateChecksum } from '../../libs/workers/src';
import { GlobalStoreProcess } from './support/global-store.process';
import { serverPerSuite, testDrivers } from './support/databases';
import { GlobalStoreClients, Message, call, expectGrpcError } from './support/grpc-clients';
import {
  EMPTY_CHECKSUM,
  NO_BUFFERS,
  inParallel,
  listAll,
  metricValue,
  mi2Artifact,
  registerReplica,
  registerReplicasOf,
  registerWorker,
  replicaRequest,
} from './support/replicas';

for (const driver of testDrivers()) {
  describe(`replicas over real gRPC (${driver})`, () => {
    let server: GlobalStoreProcess;
    let clients: GlobalStoreClients;
    serverPerSuite(driver, 'replicas', {}, (suite) => ({ server, clients } = suite));

    test('RegisterReplica → GetArtifactInfoById, ListReplicasV2, BatchGetReplicaCounts; identity keeps the replica_id', async () => {
      const worker = await registerWorker(clients);
      const artifact = mi2Artifact();
      const replicaId = await registerReplica(
        clients,
        replicaRequest(
          worker.worker_id,
          '',
          { node_id: 'node-first' },
          {
            descriptor: {
              artifact_id: artifact.artifactId,
              total_size: '4096',
              encoding: 'safetensors',
            },
            tensor_index_data: artifact.indexData,
            schema_version: 'v3',
            artifact_id: 'ignored-when-the-descriptor-names-one',
          },
        ),
      );

      const info = await call(clients.assembly, 'GetArtifactInfoById', {
        artifact_id: artifact.artifactId,
      });
      assert.equal(info.status, 'STATUS_OK');
      assert.equal(info.replicas.length, 1);
      const [mem] = info.replicas;
      assert.equal(mem.node_id, 'node-first');
      assert.equal(mem.memory_type, 'MEMORY_TYPE_GPU');
      assert.equal(mem.memory_size, '4096');
      assert.deepEqual(mem.remote_memory_keys, ['rk0', 'rk1']);
      assert.deepEqual(mem.buffer_sizes, ['4000', '96']);
      assert.equal(mem.is_memory_replica, true);
      assert.equal(mem.source_process_id, 'pid-7');
      assert.equal(mem.tensor_index_key, sha256(artifact.indexData).toString('hex'));
      assert.deepEqual(
        {
          artifact_id: info.descriptor.artifact_id,
          index_multihash: info.descriptor.index_multihash,
          schema_version: info.descriptor.schema_version,
          encoding: info.descriptor.encoding,
          total_size: info.descriptor.total_size,
          id_kind: info.descriptor.id_kind,
        },
        {
          artifact_id: artifact.artifactId,
          index_multihash: artifact.indexMultihash,
          schema_version: 'v3',
          encoding: 'safetensors',
          total_size: '4096',
          id_kind: 'ARTIFACT_ID_KIND_MI2',
        },
      );
      const ignored = await call(clients.assembly, 'GetArtifactInfoById', {
        artifact_id: 'ignored-when-the-descriptor-names-one',
      });
      assert.equal(ignored.status, 'STATUS_NOT_FOUND');

      const listed = await call(clients.runtime, 'ListReplicasV2', {
        artifact_id: artifact.artifactId,
      });
      assert.equal(listed.page_info.total_size, 1);
      assert.equal(listed.replicas[0].artifact_id, artifact.artifactId);
      assert.equal(listed.replicas[0].memory_info.node_id, 'node-first');

      // Re-registration of the same identity (even without the index) keeps the id.
      const again = await registerReplica(
        clients,
        replicaRequest(worker.worker_id, artifact.artifactId, { node_id: 'node-first' }),
      );
      assert.equal(again, replicaId);
      const counts = await call(clients.runtime, 'BatchGetReplicaCounts', {
        artifact_ids: [artifact.artifactId],
      });
      assert.deepEqual(counts.counts, [
        { artifact_id: artifact.artifactId, replica_count: 1, available_count: 1 },
      ]);
    });

    test('RegisterReplica validation: INVALID_ARGUMENT naming the field, nothing written', async () => {
      const worker = await registerWorker(clients);
      const artifactId = `art-invalid-${process.pid}`;
      const w = worker.worker_id as string;
      const cases: [Message, RegExp][] = [
        [{ ...replicaRequest(w, artifactId), mem_info: null }, /^mem_info: is required/],
        [replicaRequest(w, ''), /^artifact_id: is required/],
        [
          replicaRequest(w, artifactId, {}, { schema_version: 'v2' }),
          /^schema_version: must be "v3"/,
        ],
        [replicaRequest('', artifactId), /^worker_id: is required/],
        [replicaRequest(w, artifactId, { node_id: '' }), /^mem_info\.node_id: is required/],
        [
          replicaRequest(w, artifactId, {
            memory_size: '0',
            buffer_sizes: [],
            remote_memory_keys: [],
          }),
          /^mem_info\.memory_size: must be greater than 0/,
        ],
        [
          replicaRequest(w, artifactId, {}, { max_concurrency: 0 }),
          /^max_concurrency: must be greater than 0/,
        ],
        [
          replicaRequest(w, artifactId, { node_port: 0 }),
          /^mem_info\.node_port: must be a port in 1\.\.65535/,
        ],
        [
          replicaRequest(w, artifactId, { node_port: 65536 }),
          /^mem_info\.node_port: must be a port in 1\.\.65535/,
        ],
        [
          replicaRequest(w, artifactId, { memory_type: 'MEMORY_TYPE_UNSPECIFIED' }),
          /^mem_info\.memory_type: must be MEMORY_TYPE_RAM/,
        ],
        [
          replicaRequest(w, artifactId, { remote_memory_keys: ['only-one'] }),
          /^mem_info\.buffer_sizes: has 2 entries but remote_memory_keys has 1/,
        ],
        [
          replicaRequest(w, artifactId, { buffer_sizes: ['4000', '95'] }),
          /^mem_info\.buffer_sizes: sum to 4095 but memory_size is 4096/,
        ],
        [
          replicaRequest(w, artifactId, { byte_space: { kind: 'BYTE_SPACE_KIND_VIEW', id: '' } }),
          /^mem_info\.byte_space\.id: is required/,
        ],
        [
          replicaRequest(
            w,
            artifactId,
            { tensor_index_key: 'ab'.repeat(32) },
            { tensor_index_data: Buffer.from('index') },
          ),
          /^mem_info\.tensor_index_key: is not the sha256 of tensor_index_data/,
        ],
        [
          replicaRequest(
            w,
            mi2Artifact().artifactId,
            {},
            { descriptor: { index_multihash: sha256Multihash(Buffer.from('x')) } },
          ),
          /^descriptor\.index_multihash: does not match artifact id/,
        ],
        [
          replicaRequest(w, artifactId, { memory_size: '18446744073709551615' }),
          /^mem_info\.memory_size: must be an unsigned integer/,
        ],
      ];
      for (const [request, pattern] of cases) {
        await expectGrpcError(
          call(clients.runtime, 'RegisterReplica', request),
          status.INVALID_ARGUMENT,
          pattern,
        );
      }
      const artifact = mi2Artifact();
      await expectGrpcError(
        call(
          clients.runtime,
          'RegisterReplica',
          replicaRequest(
            w,
            artifact.artifactId,
            {},
            { tensor_index_data: Buffer.from('not the index') },
          ),
        ),
        status.FAILED_PRECONDITION,
        /^tensor_index_data: its sha2-256 multihash is not the artifact's index multihash/,
      );
      for (const id of [artifactId, artifact.artifactId]) {
        const info = await call(clients.assembly, 'GetArtifactInfoById', { artifact_id: id });
        assert.equal(
          info.status,
          'STATUS_NOT_FOUND',
          'a refused request leaves no artifact behind',
        );
      }

      // An id that does not pin its content (not mi2) keeps the content first recorded for it.
      const named = `art-named-${process.pid}`;
      await registerReplica(
        clients,
        replicaRequest(w, named, {}, { tensor_index_data: Buffer.from('index A') }),
      );
      await expectGrpcError(
        call(
          clients.runtime,
          'RegisterReplica',
          replicaRequest(
            w,
            named,
            { node_id: 'node-b' },
            { tensor_index_data: Buffer.from('index B') },
          ),
        ),
        status.FAILED_PRECONDITION,
        new RegExp(
          `^tensor_index_data: artifact "${named}" is recorded with ${sha256(Buffer.from('index A')).toString('hex')}`,
        ),
      );
      const listed = await call(clients.runtime, 'ListReplicasV2', { artifact_id: named });
      assert.equal(listed.page_info.total_size, 1, 'the refused replica was not added');
    });

    test('RegisterReplica for an unknown or inactive worker is NOT_FOUND', async () => {
      await expectGrpcError(
        call(clients.runtime, 'RegisterReplica', replicaRequest('worker_nobody', 'art-x')),
        status.NOT_FOUND,
        /^worker_id: worker "worker_nobody" is not registered or not active/,
      );
      const worker = await registerWorker(clients);
      await call(clients.runtime, 'UnregisterWorker', { worker_id: worker.worker_id });
      await expectGrpcError(
        call(clients.runtime, 'RegisterReplica', replicaRequest(worker.worker_id, 'art-x')),
        status.NOT_FOUND,
        /^worker_id: /,
      );
      const info = await call(clients.assembly, 'GetArtifactInfoById', { artifact_id: 'art-x' });
      assert.equal(info.status, 'STATUS_NOT_FOUND');
    });

    test('client_request_id: the same request replays the first answer and runs once; another request is FAILED_PRECONDITION', async () => {
      const worker = await registerWorker(clients);
      const artifactId = `art-idem-${process.pid}`;
      const request = replicaRequest(
        worker.worker_id,
        artifactId,
        { memory_type: 'MEMORY_TYPE_DISK', remote_memory_keys: [], buffer_sizes: [] },
        {
          client_request_id: 'req-idem-1',
        },
      );
      const registeredBefore = await metricValue(
        server,
        'tc_replica_register_total{memory_type="DISK"}',
      );
      const first = await call(clients.runtime, 'RegisterReplica', request);
      // Remove it: a replay that re-ran the work would bring it back.
      const removed = await call(clients.runtime, 'UnregisterReplica', {
        artifact_id: artifactId,
        replica_id: first.replica_id,
      });
      assert.equal(removed.status, 'STATUS_OK');
      const replay = await call(clients.runtime, 'RegisterReplica', request);
      assert.deepEqual(replay, first);
      const listed = await call(clients.runtime, 'ListReplicasV2', { artifact_id: artifactId });
      assert.equal(listed.page_info.total_size, 0, 'the replay did not register again');
      assert.equal(
        await metricValue(server, 'tc_replica_register_total{memory_type="DISK"}'),
        registeredBefore + 1,
      );
      assert.ok(
        (await metricValue(
          server,
          'tc_control_plane_idempotency_replay_total{operation_kind="RegisterReplica",result="replayed"}',
        )) >= 1,
      );
      await expectGrpcError(
        call(clients.runtime, 'RegisterReplica', { ...request, max_concurrency: 9 }),
        status.FAILED_PRECONDITION,
        /^client_request_id: "req-idem-1" was already used for a different RegisterReplica request/,
      );
    });

    test('UpdateReplica, UnregisterReplica: OK, then STATUS_NOT_FOUND; malformed ids are INVALID_ARGUMENT', async () => {
      const worker = await registerWorker(clients);
      const artifactId = `art-touch-${process.pid}`;
      const replicaId = await registerReplica(
        clients,
        replicaRequest(worker.worker_id, artifactId),
      );
      const touched = await call(clients.runtime, 'UpdateReplica', {
        artifact_id: artifactId,
        replica_id: replicaId,
      });
      assert.deepEqual(touched, {
        status: 'STATUS_OK',
        artifact_id: artifactId,
        replica_id: replicaId,
      });
      const wrongArtifact = await call(clients.runtime, 'UpdateReplica', {
        artifact_id: 'another',
        replica_id: replicaId,
      });
      assert.equal(wrongArtifact.status, 'STATUS_NOT_FOUND');
      const unknown = '00000000-0000-4000-8000-000000000000';
      assert.equal(
        (
          await call(clients.runtime, 'UpdateReplica', {
            artifact_id: artifactId,
            replica_id: unknown,
          })
        ).status,
        'STATUS_NOT_FOUND',
      );
      for (const method of ['UpdateReplica', 'UnregisterReplica', 'MarkReplicaUnavailable']) {
        await expectGrpcError(
          call(clients.runtime, method, { artifact_id: artifactId, replica_id: 'replica-1' }),
          status.INVALID_ARGUMENT,
          /^replica_id: "replica-1" is not a UUID/,
        );
        await expectGrpcError(
          call(clients.runtime, method, { artifact_id: artifactId }),
          status.INVALID_ARGUMENT,
          /^replica_id: is required/,
        );
      }
      const unregistered = await call(clients.runtime, 'UnregisterReplica', {
        artifact_id: artifactId,
        replica_id: replicaId,
      });
      assert.equal(unregistered.status, 'STATUS_OK');
      const twice = await call(clients.runtime, 'UnregisterReplica', {
        artifact_id: artifactId,
        replica_id: replicaId,
      });
      assert.equal(twice.status, 'STATUS_NOT_FOUND');
      assert.equal(
        (await call(clients.runtime, 'UpdateReplica', { replica_id: replicaId })).status,
        'STATUS_NOT_FOUND',
      );
    });

    test('UnregisterReplicaByWorker: GPU before RAM before DISK, then the oldest; filters; NOT_FOUND when nothing matches', async () => {
      const worker = await registerWorker(clients);
      const other = await registerWorker(clients);
      const artifactId = `art-by-worker-${process.pid}`;
      await registerReplicasOf(clients, worker.worker_id, artifactId, [
        { memory_type: 'MEMORY_TYPE_DISK', ...NO_BUFFERS },
        { memory_type: 'MEMORY_TYPE_RAM', ...NO_BUFFERS },
        { device_id: 1 },
        { device_id: 0 },
      ]);
      await registerReplicasOf(clients, other.worker_id, artifactId, [
        { node_id: 'node-other', device_id: 1 },
      ]);
      const remaining = async () =>
        (await listAll(clients, { artifact_id: artifactId }))
          .map(
            (r) =>
              `${r.memory_info.memory_type}/${r.memory_info.device_id}/${r.memory_info.node_id}`,
          )
          .sort();
      const byWorker = (extra: Message = {}) =>
        call(clients.runtime, 'UnregisterReplicaByWorker', {
          artifact_id: artifactId,
          worker_id: worker.worker_id,
          ...extra,
        });

      assert.equal((await byWorker({ memory_type: 'MEMORY_TYPE_DISK' })).status, 'STATUS_OK');
      assert.equal(
        (await byWorker({ memory_type: 'MEMORY_TYPE_DISK' })).status,
        'STATUS_NOT_FOUND',
      );
      assert.equal(
        (await byWorker({ device_id: 0 })).status,
        'STATUS_OK',
        'device 0: GPU 0 before RAM',
      );
      assert.deepEqual(await remaining(), [
        'MEMORY_TYPE_GPU/1/node-a',
        'MEMORY_TYPE_GPU/1/node-other',
        'MEMORY_TYPE_RAM/0/node-a',
      ]);
      assert.equal((await byWorker()).status, 'STATUS_OK', 'GPU first');
      assert.deepEqual(await remaining(), [
        'MEMORY_TYPE_GPU/1/node-other',
        'MEMORY_TYPE_RAM/0/node-a',
      ]);
      assert.equal(
        (await byWorker({ memory_type: 'MEMORY_TYPE_RAM', device_id: 5 })).status,
        'STATUS_OK',
        'a device filter does not narrow RAM',
      );
      assert.equal(
        (await byWorker()).status,
        'STATUS_NOT_FOUND',
        "the other worker's replica is not this worker's",
      );
      assert.deepEqual(await remaining(), ['MEMORY_TYPE_GPU/1/node-other']);

      await expectGrpcError(
        call(clients.runtime, 'UnregisterReplicaByWorker', { worker_id: worker.worker_id }),
        status.INVALID_ARGUMENT,
        /^artifact_id: is required/,
      );
      await expectGrpcError(
        call(clients.runtime, 'UnregisterReplicaByWorker', { artifact_id: artifactId }),
        status.INVALID_ARGUMENT,
        /^worker_id: is required/,
      );
      await expectGrpcError(
        byWorker({ memory_type: 7 }),
        status.INVALID_ARGUMENT,
        /^memory_type: must be MEMORY_TYPE_RAM/,
      );
    });

    test('MarkReplicaUnavailable: idempotent, hides the replica from readers; re-registration makes it available again', async () => {
      const worker = await registerWorker(clients);
      const artifactId = `art-mark-${process.pid}`;
      const replicaId = await registerReplica(
        clients,
        replicaRequest(worker.worker_id, artifactId),
      );
      for (let i = 0; i < 2; i += 1) {
        const marked = await call(clients.runtime, 'MarkReplicaUnavailable', {
          artifact_id: artifactId,
          replica_id: replicaId,
          reason: 'evicted',
          operation_id: 'op-1',
        });
        assert.deepEqual(marked, { status: 'STATUS_OK', updated: true });
      }
      const info = await call(clients.assembly, 'GetArtifactInfoById', { artifact_id: artifactId });
      assert.equal(info.status, 'STATUS_OK', 'the descriptor is still there');
      assert.deepEqual(info.replicas, []);
      const counts = await call(clients.runtime, 'BatchGetReplicaCounts', {
        artifact_ids: [artifactId],
      });
      assert.deepEqual(counts.counts, [
        { artifact_id: artifactId, replica_count: 1, available_count: 0 },
      ]);
      const unknown = await call(clients.runtime, 'MarkReplicaUnavailable', {
        replica_id: '00000000-0000-4000-8000-000000000001',
      });
      assert.deepEqual(unknown, { status: 'STATUS_NOT_FOUND', updated: false });

      assert.equal(
        await registerReplica(clients, replicaRequest(worker.worker_id, artifactId)),
        replicaId,
      );
      const back = await call(clients.assembly, 'GetArtifactInfoById', { artifact_id: artifactId });
      assert.equal(back.replicas.length, 1);
    });

    test('ListReplicasV2: all five filters, stable order, bounded page size, malformed or foreign tokens refused', async () => {
      const worker = await registerWorker(clients);
      const node = `node-list-${process.pid}`;
      const base = { node_id: node, ...NO_BUFFERS };
      const a = `art-list-a-${process.pid}`;
      const b = `art-list-b-${process.pid}`;
      await registerReplicasOf(clients, worker.worker_id, a, [
        { ...base, device_id: 1 },
        { ...base, device_id: 2 },
        { ...base, memory_type: 'MEMORY_TYPE_RAM' },
      ]);
      await registerReplicasOf(clients, worker.worker_id, b, [
        { ...base, device_id: 1, node_address: '127.0.0.2' },
      ]);
      const keys = async (filters: Message) =>
        (await listAll(clients, { node_id: node, ...filters })).map(
          (r) =>
            `${r.artifact_id}|${r.memory_info.memory_type}|${r.memory_info.device_id}|${r.memory_info.node_address}`,
        );
      assert.equal((await keys({})).length, 4);
      assert.deepEqual(await keys({ artifact_id: b }), [`${b}|MEMORY_TYPE_GPU|1|127.0.0.2`]);
      assert.deepEqual(await keys({ node_address: '127.0.0.2' }), [
        `${b}|MEMORY_TYPE_GPU|1|127.0.0.2`,
      ]);
      assert.deepEqual(await keys({ memory_type: 'MEMORY_TYPE_RAM' }), [
        `${a}|MEMORY_TYPE_RAM|0|127.0.0.1`,
      ]);
      assert.deepEqual((await keys({ device_id: 1 })).sort(), [
        `${a}|MEMORY_TYPE_GPU|1|127.0.0.1`,
        `${b}|MEMORY_TYPE_GPU|1|127.0.0.2`,
      ]);
      assert.deepEqual(
        await keys({
          artifact_id: a,
          memory_type: 'MEMORY_TYPE_GPU',
          device_id: 2,
          node_address: '127.0.0.1',
        }),
        [`${a}|MEMORY_TYPE_GPU|2|127.0.0.1`],
      );
      assert.deepEqual(await keys({ node_id: 'no-such-node' }), []);

      const ordered = await listAll(clients, { node_id: node }, 1);
      const order = ordered.map((r) => r.artifact_id as string);
      assert.deepEqual(order, [...order].sort(), 'artifact_id order across pages of one');
      const firstPage = await call(clients.runtime, 'ListReplicasV2', {
        node_id: node,
        pagination: { page_size: 3 },
      });
      assert.equal(firstPage.replicas.length, 3);
      assert.equal(firstPage.page_info.total_size, 4);
      assert.ok(firstPage.page_info.next_page_token);
      const lastPage = await call(clients.runtime, 'ListReplicasV2', {
        node_id: node,
        pagination: { page_size: 3, page_token: firstPage.page_info.next_page_token },
      });
      assert.equal(lastPage.replicas.length, 1);
      assert.equal(lastPage.page_info.total_size, 4);
      assert.equal(lastPage.page_info.next_page_token, undefined, 'no token on the last page');

      await expectGrpcError(
        call(clients.runtime, 'ListReplicasV2', { pagination: { page_token: 'garbage!' } }),
        status.INVALID_ARGUMENT,
        /^pagination\.page_token: is not a page token/,
      );
      await expectGrpcError(
        call(clients.runtime, 'ListReplicasV2', {
          node_id: 'another',
          pagination: { page_token: firstPage.page_info.next_page_token },
        }),
        status.INVALID_ARGUMENT,
        /^pagination\.page_token: was issued for different filters/,
      );
      await expectGrpcError(
        call(clients.runtime, 'ListReplicasV2', { memory_type: 9 }),
        status.INVALID_ARGUMENT,
        /^memory_type: must be MEMORY_TYPE_RAM/,
      );
    });

    test('ListReplicasV2 pagination while replicas are being registered: no duplicates, no pre-existing row skipped', async () => {
      const workers = [await registerWorker(clients), await registerWorker(clients)];
      const node = `node-concurrent-${process.pid}`;
      const request = (i: number, tag: string) =>
        replicaRequest(workers[i % 2].worker_id, `art-c-${tag}-${String(i).padStart(4, '0')}`, {
          node_id: node,
          remote_memory_keys: [],
          buffer_sizes: [],
        });
      const existing = new Set(
        await inParallel(
          Array.from({ length: 150 }, (_, i) => i),
          32,
          (i) => registerReplica(clients, request(i, 'm')),
        ),
      );
      let writing = true;
      let inserted = 0;
      // Ids sort before and after the cursor ('a…' < 'm…' < 'z…') while pages are read.
      const writer = (async () => {
        while (writing) {
          await registerReplica(clients, request(inserted, inserted % 2 === 0 ? 'a' : 'z'));
          inserted += 1;
        }
      })();
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await call(clients.runtime, 'ListReplicasV2', {
          node_id: node,
          pagination: { page_size: 15, ...(token ? { page_token: token } : {}) },
        });
        seen.push(...page.replicas.map((r: Message) => r.artifact_id as string));
        token = page.page_info.next_page_token;
        pages += 1;
        await sleep(5);
      } while (token);
      writing = false;
      await writer;
      assert.ok(inserted > 0, 'rows were inserted while paging');
      assert.ok(pages >= 10);
      assert.equal(new Set(seen).size, seen.length, 'no replica listed twice');
      const listedIds = new Set(
        (await listAll(clients, { node_id: node })).map((r) => r.artifact_id as string),
      );
      const preexisting = [...listedIds].filter((id) => id.startsWith('art-c-m-'));
      assert.equal(preexisting.length, existing.size);
      for (const id of preexisting) assert.ok(seen.includes(id), `${id} was skipped`);
    });

    test('1,000 replicas: one page of 1000, page_size capped at 1000, default page 100, total_size exact', async () => {
      const workers = await Promise.all(Array.from({ length: 4 }, () => registerWorker(clients)));
      const node = `node-bulk-${process.pid}`;
      await inParallel(
        Array.from({ length: 1000 }, (_, i) => i),
        64,
        (i) =>
          registerReplica(
            clients,
            replicaRequest(workers[i % 4].worker_id, `art-bulk-${String(i).padStart(4, '0')}`, {
              node_id: node,
              memory_type: (['MEMORY_TYPE_GPU', 'MEMORY_TYPE_RAM', 'MEMORY_TYPE_DISK'] as const)[
                i % 3
              ],
              remote_memory_keys: [],
              buffer_sizes: [],
            }),
          ),
      );
      const capped = await call(clients.runtime, 'ListReplicasV2', {
        node_id: node,
        pagination: { page_size: 5000 },
      });
      assert.equal(capped.replicas.length, 1000);
      assert.equal(capped.page_info.total_size, 1000);
      assert.equal(capped.page_info.next_page_token, undefined);
      assert.equal(new Set(capped.replicas.map((r: Message) => r.artifact_id)).size, 1000);
      const byDefault = await call(clients.runtime, 'ListReplicasV2', { node_id: node });
      assert.equal(byDefault.replicas.length, 100);
      assert.equal(byDefault.page_info.total_size, 1000);
      assert.ok(byDefault.page_info.next_page_token);
      const disk = await call(clients.runtime, 'ListReplicasV2', {
        node_id: node,
        memory_type: 'MEMORY_TYPE_DISK',
        pagination: { page_size: 1000 },
      });
      assert.equal(disk.page_info.total_size, 333);
      assert.ok(
        disk.replicas.every((r: Message) => r.memory_info.memory_type === 'MEMORY_TYPE_DISK'),
      );
      assert.ok((await metricValue(server, 'tc_replicas_total')) >= 1000);
      assert.ok((await metricValue(server, 'tc_replicas_per_memtype{memory_type="DISK"}')) >= 333);
    });

    test('BatchGetReplicaCounts: trimmed, empty ids dropped, duplicates once, zeros for unknown ids', async () => {
      const worker = await registerWorker(clients);
      const artifactId = `art-count-${process.pid}`;
      await registerReplica(
        clients,
        replicaRequest(worker.worker_id, artifactId, { device_id: 0 }),
      );
      const second = await registerReplica(
        clients,
        replicaRequest(worker.worker_id, artifactId, { device_id: 1 }),
      );
      await call(clients.runtime, 'MarkReplicaUnavailable', {
        artifact_id: artifactId,
        replica_id: second,
      });
      const counts = await call(clients.runtime, 'BatchGetReplicaCounts', {
        artifact_ids: [`  ${artifactId} `, '', '   ', 'art-count-unknown', artifactId],
      });
      assert.equal(counts.status, 'STATUS_OK');
      assert.deepEqual(counts.counts, [
        { artifact_id: artifactId, replica_count: 2, available_count: 1 },
        { artifact_id: 'art-count-unknown', replica_count: 0, available_count: 0 },
      ]);
      const none = await call(clients.runtime, 'BatchGetReplicaCounts', { artifact_ids: [] });
      assert.deepEqual(none.counts, []);
    });

    test('GetArtifactInfoById: GPU > RAM > DISK, include_replicas defaults to true, byte spaces, NOT_FOUND rules', async () => {
      const worker = await registerWorker(clients);
      const artifactId = `art-info-${process.pid}`;
      await registerReplicasOf(clients, worker.worker_id, artifactId, [
        { memory_type: 'MEMORY_TYPE_DISK', ...NO_BUFFERS },
        { memory_type: 'MEMORY_TYPE_RAM', ...NO_BUFFERS },
        { memory_type: 'MEMORY_TYPE_GPU', device_id: 3 },
        {
          memory_type: 'MEMORY_TYPE_RAM',
          byte_space: { kind: 'BYTE_SPACE_KIND_VIEW', id: 'tp2' },
          ...NO_BUFFERS,
        },
      ]);
      const info = await call(clients.assembly, 'GetArtifactInfoById', { artifact_id: artifactId });
      assert.equal(info.status, 'STATUS_OK');
      assert.deepEqual(
        info.replicas.map((r: Message) => r.memory_type),
        ['MEMORY_TYPE_GPU', 'MEMORY_TYPE_RAM', 'MEMORY_TYPE_RAM', 'MEMORY_TYPE_DISK'],
      );
      assert.equal(info.replicas[0].device_id, 3);
      assert.equal(info.descriptor.artifact_id, artifactId);

      const view = await call(clients.assembly, 'GetArtifactInfoById', {
        artifact_id: artifactId,
        requested_byte_space: { kind: 'BYTE_SPACE_KIND_VIEW', id: 'tp2' },
      });
      assert.deepEqual(
        view.replicas.map((r: Message) => r.byte_space),
        [{ kind: 'BYTE_SPACE_KIND_VIEW', id: 'tp2' }],
      );
      const canonical = await call(clients.assembly, 'GetArtifactInfoById', {
        artifact_id: artifactId,
        requested_byte_space: { kind: 'BYTE_SPACE_KIND_CANONICAL' },
      });
      assert.equal(canonical.replicas.length, 3);

      const withoutReplicas = await call(clients.assembly, 'GetArtifactInfoById', {
        artifact_id: artifactId,
        include_replicas: { value: false },
      });
      assert.equal(withoutReplicas.status, 'STATUS_OK');
      assert.deepEqual(withoutReplicas.replicas, []);
      assert.equal(withoutReplicas.descriptor.artifact_id, artifactId);
      const explicitTrue = await call(clients.assembly, 'GetArtifactInfoById', {
        artifact_id: artifactId,
        include_replicas: { value: true },
      });
      assert.equal(explicitTrue.replicas.length, 4);

      const unknown = await call(clients.assembly, 'GetArtifactInfoById', {
        artifact_id: 'art-never-registered',
      });
      assert.equal(unknown.status, 'STATUS_NOT_FOUND');
      assert.deepEqual(unknown.replicas, []);
      assert.equal(unknown.descriptor, null);
      await expectGrpcError(
        call(clients.assembly, 'GetArtifactInfoById', {}),
        status.INVALID_ARGUMENT,
        /^artifact_id: is required/,
      );
      await expectGrpcError(
        call(clients.assembly, 'GetArtifactInfoById', {
          artifact_id: artifactId,
          requested_byte_space: { kind: 'BYTE_SPACE_KIND_VIEW' },
        }),
        status.INVALID_ARGUMENT,
        /^requested_byte_space\.id: is required/,
      );
    });

    test('heartbeat coupling: obsolete_replicas and the checksum follow the registered replicas', async () => {
      const worker = await registerWorker(clients, { node_id: 'node-hb' });
      const a = `art-hb-a-${process.pid}`;
      const b = `art-hb-b-${process.pid}`;
      await registerReplica(
        clients,
        replicaRequest(worker.worker_id, a, { node_id: 'node-hb', device_id: 2 }),
      );
      const bReplica = await registerReplica(
        clients,
        replicaRequest(worker.worker_id, b, {
          node_id: 'node-hb',
          memory_type: 'MEMORY_TYPE_RAM',
          device_id: 4,
          ...NO_BUFFERS,
        }),
      );
      const daemonView: ChecksumReplica[] = [
        {
          artifactId: a,
          viewId: '',
          nodeId: 'node-hb',
          nodeAddress: '127.0.0.1',
          nodePort: 7001,
          deviceId: 2,
          memoryType: 'GPU',
          available: true,
        },
        {
          artifactId: b,
          viewId: '',
          nodeId: 'node-hb',
          nodeAddress: '127.0.0.1',
          nodePort: 7001,
          deviceId: 4,
          memoryType: 'RAM',
          available: true,
        },
      ];
      const heartbeat = (checksum: string, ids: string[]) =>
        call(clients.runtime, 'WorkerHeartbeat', {
          worker_id: worker.worker_id,
          state_version: '1',
          accepting_new_requests: true,
          state_checksum: checksum,
          registered_artifact_ids: ids,
        });
      const inSync = await heartbeat(stateChecksum(daemonView), [a, b]);
      assert.equal(inSync.status, 'STATUS_OK');
      assert.deepEqual(inSync.obsolete_replicas, []);
      assert.equal(inSync.state_sync_required, false, "the daemon's own checksum matches ours");

      const stray = await heartbeat(stateChecksum(daemonView), [a, b, 'art-hb-not-here']);
      assert.deepEqual(stray.obsolete_replicas, ['art-hb-not-here']);
      assert.equal(stray.state_sync_required, true);
      assert.equal(
        (await heartbeat(EMPTY_CHECKSUM, [a, b])).state_sync_required,
        true,
        'a differing checksum',
      );

      await call(clients.runtime, 'UnregisterReplica', { artifact_id: b, replica_id: bReplica });
      const afterRemoval = await heartbeat(stateChecksum(daemonView.slice(0, 1)), [a, b]);
      assert.deepEqual(afterRemoval.obsolete_replicas, [b]);
      assert.equal(
        (await heartbeat(stateChecksum(daemonView.slice(0, 1)), [a])).state_sync_required,
        false,
      );
      await call(clients.runtime, 'UnregisterReplicaByWorker', {
        artifact_id: a,
        worker_id: worker.worker_id,
      });
      assert.equal(
        (await heartbeat(EMPTY_CHECKSUM, [])).state_sync_required,
        false,
        'no replicas: the empty checksum',
      );
    });

    test('a worker that unregisters leaves its replicas unavailable; re-registering the replica revives the same id', async () => {
      const worker = await registerWorker(clients);
      const artifactId = `art-unreg-${process.pid}`;
      const replicaId = await registerReplica(
        clients,
        replicaRequest(worker.worker_id, artifactId),
      );
      await call(clients.runtime, 'UnregisterWorker', {
        worker_id: worker.worker_id,
        is_graceful_shutdown: true,
      });
      const gone = await call(clients.assembly, 'GetArtifactInfoById', { artifact_id: artifactId });
      assert.deepEqual(gone.replicas, []);
      const counts = await call(clients.runtime, 'BatchGetReplicaCounts', {
        artifact_ids: [artifactId],
      });
      assert.deepEqual(
        counts.counts[0],
        { artifact_id: artifactId, replica_count: 1, available_count: 0 },
        'row kept',
      );

      const { worker_id: _old, ...again } = worker;
      const back = await call(clients.runtime, 'RegisterWorker', again);
      assert.equal(back.worker_id, worker.worker_id);
      assert.equal(
        await registerReplica(clients, replicaRequest(worker.worker_id, artifactId)),
        replicaId,
      );
      const info = await call(clients.assembly, 'GetArtifactInfoById', { artifact_id: artifactId });
      assert.equal(info.replicas.length, 1);
    });

    test('replica metrics carry bounded labels only', async () => {
      const text = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
      assert.match(text, /^tc_replicas_total \d+$/m);
      for (const tier of ['GPU', 'RAM', 'DISK']) {
        assert.match(
          text,
          new RegExp(`^tc_replicas_per_memtype\\{memory_type="${tier}"\\} \\d+$`, 'm'),
        );
        assert.match(
          text,
          new RegExp(`^tc_replica_register_total\\{memory_type="${tier}"\\} [1-9]\\d*$`, 'm'),
        );
        assert.match(
          text,
          new RegExp(`^tc_replica_unregister_total\\{memory_type="${tier}"\\} [1-9]\\d*$`, 'm'),
        );
      }
      const replicaLines = text.split('\n').filter((l) => l.startsWith('tc_replica'));
      for (const line of replicaLines) {
        assert.doesNotMatch(
          line,
          /[0-9a-f]{8}-[0-9a-f]{4}-|art-|worker_/,
          `no ids in labels: ${line}`,
        );
      }
    });
  });
}
