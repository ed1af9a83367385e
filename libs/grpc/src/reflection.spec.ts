import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import {
  REFLECTION_VERSIONS,
  type Crawl,
  type ReflectionClient,
  askOnce,
  crawl,
  loadWithProtobufjs,
  reflectionClient,
} from '../../../test/e2e/support/reflection-client';
import {
  ADMIN_GRPC_PACKAGE,
  GRPC_PACKAGE,
  MEMORY_TIER_PACKAGE,
  PROTO_FILES,
  REGISTRATIONS_GRPC_PACKAGE,
  protoRoot,
  addReflection,
  loadPackageDefinition,
} from './proto-files';
import { buildFileDescriptorProtos } from './reflection';

// Talks to the reflection service over real gRPC, as grpcurl does, and rebuilds the schema
// from nothing but what the server sends. createFileRegistry is strict: an undeclared
// import, a missing file or an unresolvable type name throws.

const OUR_SERVICES = [
  'ClusterRuntimeService',
  'ArtifactCatalogService',
  'AssemblyViewService',
  'ClusterAdminService',
  'RegistrationService',
]
  .map((name) => `${GRPC_PACKAGE}.${name}`)
  .concat(
    `${MEMORY_TIER_PACKAGE}.MemoryTierService`,
    `${ADMIN_GRPC_PACKAGE}.GlobalStoreAdmin`,
    `${REGISTRATIONS_GRPC_PACKAGE}.RegistrationKeepalive`,
  );

function listProtoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listProtoFiles(path);
    return name.endsWith('.proto') ? [relative(protoRoot(), path).split(sep).join('/')] : [];
  });
}

async function startServer(
  definition: protoLoader.PackageDefinition | (() => protoLoader.PackageDefinition),
  buildDescriptors?: () => Buffer[],
) {
  const server = new grpc.Server();
  addReflection(server, definition, buildDescriptors);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { server, address: `127.0.0.1:${port}` };
}

describe('proto files', () => {
  it('PROTO_FILES lists every .proto under PROTO_ROOT', () => {
    assert.deepEqual([...PROTO_FILES].sort(), listProtoFiles(protoRoot()).sort());
  });
});

describe('gRPC server reflection', () => {
  let server: grpc.Server;
  let address: string;

  before(async () => {
    ({ server, address } = await startServer(loadPackageDefinition()));
  });

  after(() => {
    server.forceShutdown();
  });

  for (const version of REFLECTION_VERSIONS) {
    describe(`grpc.reflection.${version}.ServerReflection`, () => {
      let client: ReflectionClient;
      let result: Crawl;

      before(async () => {
        client = reflectionClient(version, address);
        result = await crawl(client);
      });

      after(() => {
        client.close();
      });

      it('lists exactly our services, and each resolves with its methods', () => {
        assert.deepEqual([...result.services].sort(), [...OUR_SERVICES].sort());
        for (const name of OUR_SERVICES) {
          const service = result.registry.getService(name);
          assert.ok(service, `${name} does not resolve`);
          assert.ok(service.methods.length > 0, `${name} has no methods`);
        }
      });

      it('serves one descriptor per .proto file, named as imported', () => {
        assert.deepEqual([...result.files.keys()].sort(), [
          'google/protobuf/duration.proto',
          'google/protobuf/timestamp.proto',
          'google/protobuf/wrappers.proto',
          ...[...PROTO_FILES].sort(),
        ]);
        assert.deepEqual(
          result.files.get('tensorcast/global_store/v1/global_store.proto')?.dependency,
          [
            'google/protobuf/duration.proto',
            'google/protobuf/timestamp.proto',
            'google/protobuf/wrappers.proto',
            'tensorcast/common/v1/common.proto',
          ],
        );
        for (const file of result.files.values()) assert.equal(file.syntax, 'proto3', file.name);
      });

      it('keeps snake_case field names as written in the .proto files', () => {
        const registerWorker = result.registry.getMessage(`${GRPC_PACKAGE}.RegisterWorkerRequest`);
        assert.equal(registerWorker?.fields[0]?.name, 'node_id');
        assert.equal(registerWorker?.fields[0]?.number, 1);
        assert.equal(registerWorker?.fields[0]?.jsonName, 'nodeId');
        for (const file of result.registry.files) {
          if (!file.name.startsWith('tensorcast/')) continue;
          for (const message of file.messages) {
            for (const field of message.fields) {
              assert.match(field.name, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, field.toString());
            }
          }
        }
      });

      it('keeps the wire contract details clients depend on', () => {
        const registry = result.registry;
        const message = (name: string) => {
          const found = registry.getMessage(name);
          assert.ok(found, `${name} does not resolve`);
          return found;
        };
        // Looked up by proto name: bufbuild keys DescMessage.field by camelCase local name.
        const field = (messageName: string, fieldName: string) => {
          const found = message(messageName).fields.find(({ name }) => name === fieldName);
          assert.ok(found, `${messageName}.${fieldName} missing`);
          return found;
        };
        const pagination = field(`${GRPC_PACKAGE}.ListReplicasV2Request`, 'pagination');
        assert.equal(pagination.number, 100);
        assert.equal(pagination.message?.typeName, 'tensorcast.common.v1.Pagination');

        for (const name of ['UpsertKeyMappingRequest', 'ResolveKeyMappingResponse']) {
          const proto = message(`${GRPC_PACKAGE}.${name}`).proto;
          assert.deepEqual(
            proto.reservedRange.map(({ start, end }) => [start, end]),
            [[5, 6]],
            `${name}: reserved 5 (end is exclusive)`,
          );
          assert.deepEqual(proto.reservedName, ['disk_path']);
        }

        // proto3 `optional` must stay optional (presence), not turn into a oneof.
        const clientRequestId = field(
          `${GRPC_PACKAGE}.UnregisterWorkerRequest`,
          'client_request_id',
        );
        assert.equal(clientRequestId.proto.proto3Optional, true);
        assert.equal(clientRequestId.oneof, undefined);
        assert.deepEqual(message(`${GRPC_PACKAGE}.UnregisterWorkerRequest`).oneofs, []);

        assert.deepEqual(
          message(`${GRPC_PACKAGE}.BeginRegistrationRequest`).oneofs.map((oneof) => [
            oneof.name,
            oneof.fields.map((field) => field.name),
          ]),
          [
            ['index', ['tensor_index_key', 'tensor_index_data']],
            ['plan', ['coalesced', 'cpu', 'lease']],
          ],
        );
        assert.deepEqual(
          message(`${GRPC_PACKAGE}.RevokeRegistrationRequest`).oneofs.map((oneof) => oneof.name),
          ['target'],
        );

        assert.equal(
          field(`${GRPC_PACKAGE}.GetArtifactInfoByIdRequest`, 'include_replicas').message?.typeName,
          'google.protobuf.BoolValue',
        );
        assert.equal(
          field(`${GRPC_PACKAGE}.UpsertKeyMappingRequest`, 'ttl').message?.typeName,
          'google.protobuf.Duration',
        );
        assert.ok(message(`${GRPC_PACKAGE}.ListActiveWorkersResponse.WorkerInfo`));
        assert.ok(registry.getEnum(`${GRPC_PACKAGE}.StateChange.ChangeType`));
        assert.ok(registry.getEnum('tensorcast.common.v1.ReplicaTransportMetadata.ExportState'));

        const feed = registry.getService(`${GRPC_PACKAGE}.RegistrationService`)?.method
          .feedRegistration;
        assert.equal(feed?.methodKind, 'client_streaming');
      });

      it('every served file also loads in protobufjs under DescriptorPool rules', () => {
        const root = loadWithProtobufjs(result.raw);
        for (const name of OUR_SERVICES) assert.ok(root.lookupService(name), name);
      });

      it('answers unknown symbols with NOT_FOUND instead of failing the stream', async () => {
        const response = await askOnce(client, { file_containing_symbol: 'no.such.Symbol' });
        assert.equal(response.error_response?.error_code, grpc.status.NOT_FOUND);
      });
    });
  }
});

describe('gRPC server reflection with another package merged in', () => {
  it('also serves the foreign package, and still resolves ours', async () => {
    const health = protoLoader.loadSync(healthProtoPath, { keepCase: true });
    const { server, address } = await startServer({ ...loadPackageDefinition(), ...health });
    const client = reflectionClient('v1', address);
    try {
      const result = await crawl(client);
      assert.deepEqual(
        [...result.services].sort(),
        [...OUR_SERVICES, 'grpc.health.v1.Health'].sort(),
      );
      assert.ok(result.registry.getService('grpc.health.v1.Health'));
      // Map entries need protoc's names; Go's protodesc (grpcurl) rejects anything else.
      const statuses = result.registry.getMessage('grpc.health.v1.HealthListResponse')?.fields[0];
      assert.equal(statuses?.fieldKind, 'map');
      assert.equal(statuses?.proto.typeName, '.grpc.health.v1.HealthListResponse.StatusesEntry');
      assert.ok(result.registry.getService(`${GRPC_PACKAGE}.RegistrationService`));
      const root = loadWithProtobufjs(result.raw);
      assert.ok(root.lookupService('grpc.health.v1.Health'));
      assert.ok(root.lookupService(`${GRPC_PACKAGE}.RegistrationService`));
    } finally {
      client.close();
      server.forceShutdown();
    }
  });
});

describe('reflection descriptors are built on the first reflection call, not at startup', () => {
  it('registering reflection builds nothing; the first call builds once, for both versions', async () => {
    let builds = 0;
    let loads = 0;
    const { server, address } = await startServer(
      () => {
        loads += 1;
        return loadPackageDefinition();
      },
      () => {
        builds += 1;
        return buildFileDescriptorProtos(protoRoot(), PROTO_FILES);
      },
    );
    try {
      assert.equal(builds, 0, 'descriptors built while starting');
      assert.equal(loads, 0, 'package definition loaded while starting');
      for (const version of REFLECTION_VERSIONS) {
        const client = reflectionClient(version, address);
        try {
          const response = await askOnce(client, { list_services: '*' });
          assert.deepEqual(
            response.list_services_response?.service.map((s) => s.name).sort(),
            [...OUR_SERVICES].sort(),
          );
        } finally {
          client.close();
        }
      }
      assert.equal(builds, 1);
      assert.equal(loads, 1);
    } finally {
      server.forceShutdown();
    }
  });

  it('a build that fails ends each reflection call with INTERNAL naming the problem', async () => {
    const { server, address } = await startServer(loadPackageDefinition, () => {
      throw new Error('example.proto: option foo is not carried into reflection descriptors yet');
    });
    const client = reflectionClient('v1', address);
    try {
      for (let i = 0; i < 2; i++) {
        await assert.rejects(
          askOnce(client, { list_services: '*' }),
          (error: grpc.ServiceError) => {
            assert.equal(error.code, grpc.status.INTERNAL);
            assert.match(
              error.details,
              /reflection descriptors could not be built: example\.proto: option foo/,
            );
            return true;
          },
        );
      }
    } finally {
      client.close();
      server.forceShutdown();
    }
  });
});
