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
import * as protobuf from 'protobufjs';
import * as descriptorExt from 'protobufjs/ext/descriptor';

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
  /** Each file's bytes exactly as served, for a second decoder. */
  raw: Map<string, Uint8Array>;
  registry: FileRegistry;
}

/** list_services, file_containing_symbol per service, then file_by_filename per import. */
export async function crawl(client: ReflectionClient): Promise<Crawl> {
  const listed = await askOnce(client, { list_services: '*' });
  assert.equal(listed.error_response ?? null, null, JSON.stringify(listed));
  const services = (listed.list_services_response?.service ?? []).map((service) => service.name);

  const files = new Map<string, FileDescriptorProto>();
  const raw = new Map<string, Uint8Array>();
  const imports: string[] = [];
  const keep = (response: ReflectionResponse, descriptors: FileDescriptorProto[]) => {
    descriptors.forEach((file, i) => {
      if (files.has(file.name)) return;
      files.set(file.name, file);
      raw.set(
        file.name,
        response.file_descriptor_response?.file_descriptor_proto[i] ?? new Uint8Array(),
      );
      imports.push(...file.dependency);
    });
  };
  for (const service of services) {
    const response = await askOnce(client, { file_containing_symbol: service });
    keep(response, descriptorsOf(response, service));
  }
  // Every import must be servable by name, even if an earlier answer already carried it:
  // clients differ in whether they reuse files from earlier answers.
  const fetched = new Set<string>();
  while (imports.length > 0) {
    const name = imports.pop() as string;
    if (fetched.has(name)) continue;
    fetched.add(name);
    const response = await askOnce(client, { file_by_filename: name });
    const descriptors = descriptorsOf(response, name);
    assert.equal(descriptors[0]?.name, name, `file_by_filename ${name} answered another file`);
    keep(response, descriptors);
  }
  const registry = createFileRegistry(
    create(FileDescriptorSetSchema, { file: importsFirst(files) }),
  );
  return { services, files, raw, registry };
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

// The FieldDescriptorProto.Type values of message, enum and group fields: the only ones
// that may (and must) carry a type_name.
const TYPE_GROUP = 10;
const TYPE_MESSAGE = 11;
const TYPE_ENUM = 14;

interface RawField {
  name: string;
  type: number;
  typeName?: string;
}
interface RawMessage {
  name: string;
  field: RawField[];
  nestedType: RawMessage[];
}

/**
 * Loads the served bytes in a second protobuf implementation (protobufjs' descriptor
 * extension), independent of @bufbuild/protobuf. protobufjs itself tolerates a type_name
 * on a scalar field; protobuf's DescriptorPool (Python, C++, and so grpcurl-style tools)
 * refuses it, so that rule is checked here on the decoded wire fields (protobufjs sets an
 * own property only for a field present on the wire).
 */
export function loadWithProtobufjs(raw: ReadonlyMap<string, Uint8Array>): protobuf.Root {
  const decoded = [...raw.entries()].map(([name, bytes]) => {
    const file = descriptorExt.FileDescriptorProto.decode(bytes) as unknown as {
      name: string;
      messageType: RawMessage[];
    };
    assert.equal(file.name, name);
    const visit = (message: RawMessage, scope: string) => {
      const where = `${name}: ${scope}${message.name}`;
      for (const field of message.field) {
        const named = Object.prototype.hasOwnProperty.call(field, 'typeName');
        const needsName = [TYPE_GROUP, TYPE_MESSAGE, TYPE_ENUM].includes(field.type);
        assert.equal(
          named,
          needsName,
          `${where}.${field.name}: type ${field.type} ${named ? `has type_name ${JSON.stringify(field.typeName)}` : 'has no type_name'}`,
        );
        if (needsName) assert.match(field.typeName ?? '', /^\.[A-Za-z_]/, `${where}.${field.name}`);
      }
      message.nestedType.forEach((nested) => visit(nested, `${scope}${message.name}.`));
    };
    file.messageType.forEach((message) => visit(message, ''));
    return file;
  });
  const root = (
    protobuf.Root as unknown as { fromDescriptor(set: object): protobuf.Root }
  ).fromDescriptor({ file: decoded });
  root.resolveAll();
  return root;
}
