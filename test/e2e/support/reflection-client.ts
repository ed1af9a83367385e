import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { create, createFileRegistry, fromBinary, type FileRegistry } from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  type FileDescriptorProto,
} from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

// A reflection client that behaves like grpcurl: it rebuilds the schema from nothing but what
// the server sends. createFileRegistry is strict: an undeclared import, a missing file or an
// unresolvable type name throws.

export const REFLECTION_VERSIONS = ['v1', 'v1alpha'] as const;

export interface ReflectionResponse {
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

export interface ReflectionClient extends grpc.Client {
  ServerReflectionInfo(): ReflectionCall;
}

type ReflectionClientConstructor = new (
  address: string,
  credentials: grpc.ChannelCredentials,
) => ReflectionClient;

export function reflectionClient(
  version: (typeof REFLECTION_VERSIONS)[number],
  address: string,
  credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
) {
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
  return new Client(address, credentials);
}

export async function askOnce(client: ReflectionClient, request: Record<string, unknown>) {
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

export function descriptorsOf(
  response: ReflectionResponse,
  request: string,
): FileDescriptorProto[] {
  assert.equal(response.error_response ?? null, null, `${request}: ${JSON.stringify(response)}`);
  const files = response.file_descriptor_response?.file_descriptor_proto ?? [];
  assert.ok(files.length > 0, `${request}: no file descriptors returned`);
  return files.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
}

export interface Crawl {
  services: string[];
  files: Map<string, FileDescriptorProto>;
  registry: FileRegistry;
}

/** list_services, file_containing_symbol per service, then file_by_filename per import. */
export async function crawl(client: ReflectionClient): Promise<Crawl> {
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
