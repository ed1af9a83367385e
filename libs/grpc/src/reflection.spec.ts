import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { create, createFileRegistry, fromBinary, type FileRegistry } from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  type FileDescriptorProto,
} from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import {
  GRPC_PACKAGE,
  PROTO_FILES,
  PROTO_ROOT,
  addReflection,
  loadPackageDefinition,
} from './proto-files';

// Talks to the reflection service over real gRPC, as grpcurl does, and rebuilds the schema
// from nothing but what the server sends. createFileRegistry is strict: an undeclared
// import, a missing file or an unresolvable type name throws.

const OUR_SERVICES = [
  'ClusterRuntimeService',
  'ArtifactCatalogService',
  'AssemblyViewService',
  'ClusterAdminService',
  'RegistrationService',
].map((name) => `${GRPC_PACKAGE}.${name}`);

const REFLECTION_VERSIONS = ['v1', 'v1alpha'] as const;

interface ReflectionResponse {
  list_services_response?: { service: { name: string }[] } | null;
  file_descriptor_response?: { file_descriptor_proto: Buffer[] } | null;
  error_response?: { error_code: number; error_message: string } | null;
}

interface ReflectionCall {
  on(event: 'data', listener: (response: ReflectionResponse) => void): ReflectionCall;
  on(event: 'error', listener: (error: Error) => void): ReflectionCall;
  on(event: 'end', listener: () => void): ReflectionCall;
  write(request: Record<string, unknown>): boolean;
  end(): void;
}

interface ReflectionClient extends grpc.Client {
  ServerReflectionInfo(): ReflectionCall;
}

type ReflectionClientConstructor = new (
  address: string,
  credentials: grpc.ChannelCredentials,
) => ReflectionClient;

function reflectionClient(version: (typeof REFLECTION_VERSIONS)[number], address: string) {
  const reflectionPackageRoot = dirname(require.resolve('@grpc/reflection/package.json'));
  const definition = protoLoader.loadSync(`grpc/reflection/${version}/reflection.proto`, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
    includeDirs: [join(reflectionPackageRoot, 'build', 'proto')],
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    grpc: { reflection: Record<string, { ServerReflection: ReflectionClientConstructor }> };
  };
  const Client = loaded.grpc.reflection[version].ServerReflection;
  return new Client(address, grpc.credentials.createInsecure());
}

async function askOnce(client: ReflectionClient, request: Record<string, unknown>) {
  const call = client.ServerReflectionInfo();
  const answer = new Promise<ReflectionResponse>((resolve, reject) => {
    let response: ReflectionResponse | undefined;
    call
      .on('data', (data) => (response = data))
      .on('error', reject)
      .on('end', () =>
        response ? resolve(response) : reject(new Error(`no answer to ${JSON.stringify(request)}`)),
      );
  });
  call.write(request);
  call.end();
  return answer;
}

function descriptorsOf(response: ReflectionResponse, request: string): FileDescriptorProto[] {
  assert.equal(response.error_response ?? null, null, `${request}: ${JSON.stringify(response)}`);
  const files = response.file_descriptor_response?.file_descriptor_proto ?? [];
  assert.ok(files.length > 0, `${request}: no file descriptors returned`);
  return files.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
}

interface Crawl {
  services: string[];
  files: Map<string, FileDescriptorProto>;
  registry: FileRegistry;
}

/** list_services, file_containing_symbol per service, then file_by_filename per import. */
async function crawl(client: ReflectionClient): Promise<Crawl> {
  const listed = await askOnce(client, { list_services: '*' });
  assert.equal(listed.error_response ?? null, null, JSON.stringify(listed));
  const services = (listed.list_services_response?.service ?? []).map((service) => service.name);

  const files = new Map<string, FileDescriptorProto>();
  const imports: string[] = [];
  const keep = (descriptors: FileDescriptorProto[]) => {
    for (const file of descriptors) {
      if (files.has(file.name)) continue;
      files.set(file.name, file);
      imports.push(...file.dependency);
    }
  };
  for (const service of services) {
    keep(descriptorsOf(await askOnce(client, { file_containing_symbol: service }), service));
  }
  // Every import must be servable by name, even if an earlier answer already carried it:
  // clients differ in whether they reuse files from earlier answers.
  const fetched = new Set<string>();
  while (imports.length > 0) {
    const name = imports.pop() as string;
    if (fetched.has(name)) continue;
    fetched.add(name);
    const descriptors = descriptorsOf(await askOnce(client, { file_by_filename: name }), name);
    assert.equal(descriptors[0]?.name, name, `file_by_filename ${name} answered another file`);
    keep(descriptors);
  }
  const registry = createFileRegistry(
    create(FileDescriptorSetSchema, { file: importsFirst(files) }),
  );
  return { services, files, registry };
}

/** A FileDescriptorSet lists every file after its imports, as protoc writes it. */
function importsFirst(files: ReadonlyMap<string, FileDescriptorProto>): FileDescriptorProto[] {
  const ordered: FileDescriptorProto[] = [];
  const placed = new Set<string>();
  const place = (name: string) => {
    if (placed.has(name)) return;
    placed.add(name);
    const file = files.get(name);
    assert.ok(file, `${name} is imported but was never served`);
    file.dependency.forEach(place);
    ordered.push(file);
  };
  [...files.keys()].forEach(place);
  return ordered;
}

function listProtoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listProtoFiles(path);
    return name.endsWith('.proto') ? [relative(PROTO_ROOT, path).split(sep).join('/')] : [];
  });
}

async function startServer(definition: protoLoader.PackageDefinition) {
  const server = new grpc.Server();
  addReflection(server, definition);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { server, address: `127.0.0.1:${port}` };
}

describe('proto files', () => {
  it('PROTO_FILES lists every .proto under PROTO_ROOT', () => {
    assert.deepEqual([...PROTO_FILES].sort(), listProtoFiles(PROTO_ROOT).sort());
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
          ...PROTO_FILES,
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
    } finally {
      client.close();
      server.forceShutdown();
    }
  });
});
