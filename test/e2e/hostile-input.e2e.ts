import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { GlobalStoreClients, call, connectClients, workerRequest } from './support/grpc-clients';
import {
  GlobalStoreProcess,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';

/** C-core clients (Python, C++ daemons) refuse response metadata over 8 KiB by default. */
const TRAILER_LIMIT = 8 * 1024;
const HUGE = 'x'.repeat(1 << 20);

/** Bytes of the status as a client receives it: grpc-message plus every trailer. */
function trailerBytes(error: grpc.ServiceError): number {
  let bytes = Buffer.byteLength(encodeURIComponent(error.details ?? ''));
  for (const [key, values] of Object.entries(error.metadata.toJSON())) {
    for (const value of values) bytes += key.length + Buffer.byteLength(String(value));
  }
  return bytes;
}

async function failure(promise: Promise<unknown>): Promise<grpc.ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as grpc.ServiceError;
  }
  assert.fail('expected the call to fail');
}

describe('hostile input: error answers stay small', () => {
  let server: GlobalStoreProcess;
  let clients: GlobalStoreClients;

  before(async () => {
    server = await startGlobalStore(writeConfig(tempDir(), testConfig()), { LOG_LEVEL: 'DEBUG' });
    clients = connectClients(server.address, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': 64 << 20,
    });
  });

  after(async () => {
    clients.close();
    assert.equal(await server.stop(), 0);
  });

  test('a 1 MiB client value never comes back whole in the status', async () => {
    const registered = await call(clients.runtime, 'RegisterWorker', workerRequest());
    const cases: [string, () => Promise<unknown>, grpc.status][] = [
      [
        'UnregisterWorker client_request_id',
        () =>
          call(clients.runtime, 'UnregisterWorker', {
            worker_id: registered.worker_id,
            client_request_id: HUGE,
          }),
        grpc.status.INVALID_ARGUMENT,
      ],
      [
        'UpsertArtifactMetadata index_multihash',
        () =>
          call(clients.catalog, 'UpsertArtifactMetadata', {
            descriptor: { artifact_id: 'cgid:hostile', index_multihash: HUGE },
          }),
        grpc.status.INVALID_ARGUMENT,
      ],
      [
        'UpsertArtifactMetadata mi2 artifact_id',
        () =>
          call(clients.catalog, 'UpsertArtifactMetadata', {
            descriptor: { artifact_id: `mi2:${HUGE}:${HUGE}` },
          }),
        grpc.status.INVALID_ARGUMENT,
      ],
      [
        'UnregisterReplica replica_id padded with spaces',
        () =>
          call(clients.runtime, 'UnregisterReplica', {
            artifact_id: 'cgid:hostile',
            replica_id: `${' '.repeat(1 << 20)}not-a-uuid`,
          }),
        grpc.status.INVALID_ARGUMENT,
      ],
    ];
    for (const [name, send, code] of cases) {
      const error = await failure(send());
      assert.equal(
        grpc.status[error.code],
        grpc.status[code],
        `${name}: ${error.details.slice(0, 200)}`,
      );
      assert.ok(
        trailerBytes(error) < TRAILER_LIMIT,
        `${name}: ${trailerBytes(error)} bytes of status`,
      );
    }
  });

  test('rejected requests are logged at DEBUG with method, peer and reason, and counted', async () => {
    await failure(call(clients.runtime, 'RegisterWorker', workerRequest({ grpc_port: 0 })));
    // The line reaches our pipe a little after the answer does.
    for (
      let i = 0;
      i < 100 && !/rejected ClusterRuntimeService\/RegisterWorker/.test(server.output());
      i += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.match(
      server.output(),
      /DEBUG .*rejected ClusterRuntimeService\/RegisterWorker from \S+:\d+: INVALID_ARGUMENT grpc_port: must be a port/,
    );
    const metrics = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
    assert.match(
      metrics,
      /^tc_grpc_server_rejected_total\{method="ClusterRuntimeService\/RegisterWorker",code="INVALID_ARGUMENT"\} [1-9]/m,
    );
    assert.match(metrics, /^tc_grpc_server_in_flight 0$/m, 'nothing left in flight');
    assert.match(metrics, /^tc_build_info\{version="[^"]+"\} 1$/m);
  });

  test('a 1 MiB health service name is answered NOT_FOUND with a short quote', async () => {
    const definition = grpc.loadPackageDefinition(loadSync(healthProtoPath, { keepCase: true }));
    const Health = (
      definition.grpc as unknown as { health: { v1: { Health: grpc.ServiceClientConstructor } } }
    ).health.v1.Health;
    const health = new Health(
      server.address,
      grpc.credentials.createInsecure(),
    ) as unknown as grpc.Client & {
      check(request: object, callback: (error: grpc.ServiceError | null) => void): void;
    };
    try {
      const error = await new Promise<grpc.ServiceError | null>((resolve) =>
        health.check({ service: HUGE }, resolve),
      );
      assert.ok(error);
      assert.equal(error.code, grpc.status.NOT_FOUND);
      assert.match(error.details, /^service: unknown health service "x{128}"… \(1048576 chars\)$/);
      assert.ok(trailerBytes(error) < TRAILER_LIMIT);
    } finally {
      health.close();
    }
  });
});
