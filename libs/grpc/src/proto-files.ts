import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type Server,
  type ServerDuplexStream,
  type ServiceDefinition,
  type UntypedServiceImplementation,
  status as GrpcCode,
} from '@grpc/grpc-js';
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
  'tcgs/registrations/v1/keepalive.proto',
];

export const GRPC_PACKAGE = 'tensorcast.global_store.v1';
/** This project's own services (tcgs = TensorCast Global Store), apart from upstream's names. */
export const ADMIN_GRPC_PACKAGE = 'tcgs.admin.v1';
/** Our streaming keepalive of registration leases (RegistrationKeepalive). */
export const REGISTRATIONS_GRPC_PACKAGE = 'tcgs.registrations.v1';

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
  const definition = protoLoader.loadSync([...PROTO_FILES], loaderOptions());
  answerUndecodableKeepalives(definition);
  acceptEncodedAnswers(definition, `${GRPC_PACKAGE}.ClusterRuntimeService`, 'ReconcileWorkerState');
  return definition;
}

/**
 * Lets a handler answer with the response's bytes, already encoded (a Buffer), which are
 * sent as they are; any other answer goes through proto-loader's serializer as before.
 * ReconcileWorkerState writes its large answers straight from its records
 * (libs/reconcile reconcile.encoding.ts) instead of building an object tree to serialize.
 */
function acceptEncodedAnswers(
  definition: protoLoader.PackageDefinition,
  serviceName: string,
  methodName: string,
): void {
  const service = definition[serviceName] as
    Record<string, protoLoader.MethodDefinition<unknown, unknown>> | undefined;
  const method = service?.[methodName];
  if (!method) throw new Error(`${serviceName}/${methodName} is not in the loaded protos`);
  const serialize = method.responseSerialize;
  method.responseSerialize = (answer: unknown) =>
    Buffer.isBuffer(answer) ? answer : serialize(answer);
}

/**
 * grpc-js ends a call with INTERNAL when a request's bytes do not decode, which on
 * KeepaliveStream would end the stream for every registration it keeps alive. Its
 * deserializer hands such bytes to the handler as { undecodable } instead, and the handler
 * answers that one message with INVALID_ARGUMENT (libs/registrations keepalive-stream.ts).
 */
function answerUndecodableKeepalives(definition: protoLoader.PackageDefinition): void {
  const service = definition[`${REGISTRATIONS_GRPC_PACKAGE}.RegistrationKeepalive`] as
    Record<string, protoLoader.MethodDefinition<unknown, unknown>> | undefined;
  const method = service?.KeepaliveStream;
  if (!method) return;
  const decode = method.requestDeserialize;
  method.requestDeserialize = (bytes: Buffer) => {
    try {
      return decode(bytes);
    } catch (error) {
      return { undecodable: error instanceof Error ? error.message : String(error) };
    }
  };
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
 *
 * The rebuild (parsing every .proto file again, a few hundred ms of CPU, more on a busy
 * machine) happens on the first reflection call, not at startup: a restart has a fleet of
 * daemons waiting for SERVING, and reflection is for operators' tools. Only the two small
 * reflection services are registered here (packageDefinition may be a function, called then
 * too). If the rebuild fails, that call (and every
 * later one, with the same message) ends with INTERNAL naming the problem; the reflection
 * spec builds every served file, so a .proto the builder cannot describe fails the tests.
 */
export function addReflection(
  server: Pick<Server, 'addService'>,
  packageDefinition:
    protoLoader.PackageDefinition | (() => protoLoader.PackageDefinition) = loadPackageDefinition,
  buildDescriptors: () => Buffer[] = () => buildFileDescriptorProtos(protoRoot(), PROTO_FILES),
): void {
  let built: Map<string, CollectedService> | Error | undefined;
  const implementations = (): Map<string, CollectedService> | Error => {
    if (built === undefined) {
      try {
        const descriptors = buildDescriptors();
        const { definition, services } = reflectionPackageDefinition(
          typeof packageDefinition === 'function' ? packageDefinition() : packageDefinition,
          descriptors,
        );
        built = collectServices(new ReflectionService(definition, { services }));
      } catch (error) {
        built = new Error(
          `reflection descriptors could not be built: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return built;
  };
  // The service definitions only: a ReflectionService over no files costs nothing to build.
  const empty = collectServices(new ReflectionService({}, { services: [] }));
  for (const [path, { service }] of empty) {
    server.addService(service, {
      ServerReflectionInfo: (stream: ServerDuplexStream<unknown, unknown>) => {
        const real = implementations();
        const handler =
          real instanceof Error
            ? undefined
            : (real.get(path)?.implementation.ServerReflectionInfo as
                ((call: ServerDuplexStream<unknown, unknown>) => void) | undefined);
        if (handler) return handler(stream);
        // grpc-js ends a server stream that emits 'error' with that status.
        stream.emit('error', {
          code: GrpcCode.INTERNAL,
          details: real instanceof Error ? real.message : `no reflection handler for ${path}`,
        });
      },
    });
  }
}

interface CollectedService {
  service: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

/** What reflection.addToServer registers, keyed by its method's path, on a stand-in server. */
function collectServices(reflection: ReflectionService): Map<string, CollectedService> {
  const collected = new Map<string, CollectedService>();
  reflection.addToServer({
    addService(service: ServiceDefinition, implementation: UntypedServiceImplementation) {
      const method = Object.values(service)[0] as { path: string } | undefined;
      if (!method) throw new Error('a reflection service without methods');
      collected.set(method.path, { service, implementation });
    },
  });
  return collected;
}

function findProtoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'proto', 'tensorcast'))) return join(dir, 'proto');
    if (dirname(dir) === dir) {
      throw new Error(`no proto/tensorcast folder found in ${start} or any parent folder`);
    }
  }
}
