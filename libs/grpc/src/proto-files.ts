import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Server } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { buildFileDescriptorProtos, reflectionPackageDefinition } from './reflection';

let foundProtoRoot: string | undefined;

/**
 * The repository's proto/ folder. Found by walking up from this file because the same code
 * runs from libs/grpc/src (ts tooling) and from dist/libs/grpc/src (compiled), and the
 * folder is not copied into dist/. Searched on first use, not when this file is imported.
 */
export function protoRoot(): string {
  foundProtoRoot ??= findProtoRoot(__dirname);
  return foundProtoRoot;
}

/** Our .proto files, relative to protoRoot() (the same names imports and reflection use). */
export const PROTO_FILES: readonly string[] = [
  'tensorcast/common/v1/common.proto',
  'tensorcast/global_store/v1/global_store.proto',
  'tensorcast/global_store/v1/registration.proto',
  'tensorcast/memory_tier/v1/memory_tier.proto',
  'tcgs/admin/v1/admin.proto',
];

export const GRPC_PACKAGE = 'tensorcast.global_store.v1';
/** This project's own services (tcgs = TensorCast Global Store), apart from upstream's names. */
export const ADMIN_GRPC_PACKAGE = 'tcgs.admin.v1';

/** MemoryTierService's own package, served on the same port. */
export const MEMORY_TIER_PACKAGE = 'tensorcast.memory_tier.v1';

/**
 * Must match the flags bin/gen-proto-types.mjs passes to proto-loader-gen-types, or the
 * generated types lie about runtime values. keepCase keeps snake_case field names, which
 * reflection then serves as written (grpcurl with proto field names relies on it); 64-bit
 * integers are decimal strings so no precision is lost.
 */
export function loaderOptions(): protoLoader.Options {
  return {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
    includeDirs: [protoRoot()],
  };
}

export function loadPackageDefinition(): protoLoader.PackageDefinition {
  return protoLoader.loadSync([...PROTO_FILES], loaderOptions());
}

/**
 * Serves gRPC server reflection (v1 and v1alpha) for the services in packageDefinition.
 *
 * proto-loader's own descriptors are not usable by reflection clients such as grpcurl: it
 * merges files per package under invented names, drops every import, loses proto3
 * `optional`, and writes reserved ranges one short. So the descriptors are rebuilt from the
 * .proto sources, one per file as written, and only the list of services comes from
 * packageDefinition. Files of other packages merged into packageDefinition (e.g.
 * grpc.health.v1) are served as proto-loader built them.
 */
export function addReflection(
  server: Pick<Server, 'addService'>,
  packageDefinition: protoLoader.PackageDefinition = loadPackageDefinition(),
): void {
  const descriptors = buildFileDescriptorProtos(protoRoot(), PROTO_FILES);
  const { definition, services } = reflectionPackageDefinition(packageDefinition, descriptors);
  new ReflectionService(definition, { services }).addToServer(server);
}

function findProtoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'proto', 'tensorcast'))) return join(dir, 'proto');
    if (dirname(dir) === dir) {
      throw new Error(`no proto/tensorcast folder found in ${start} or any parent folder`);
    }
  }
}
