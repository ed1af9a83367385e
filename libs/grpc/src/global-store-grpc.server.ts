import {
  ChannelOptions,
  Server,
  ServerCredentials,
  ServerInterceptor,
  ServerWritableStream,
  UntypedServiceImplementation,
  sendUnaryData,
  status as GrpcCode,
} from '@grpc/grpc-js';
import { PackageDefinition, loadSync } from '@grpc/proto-loader';
import { ServerGrpc } from '@nestjs/microservices';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { quoteClientValue } from '../../common/src';
import { ServingState } from '../../observability/src';
import {
  GRPC_PACKAGE,
  MEMORY_TIER_PACKAGE,
  ADMIN_GRPC_PACKAGE,
  REGISTRATIONS_GRPC_PACKAGE,
  addReflection,
  loadPackageDefinition,
} from './proto-files';
import { watchTlsHandshakeFailures } from './tls-observation';
import { DirectUnaryHandler, directUnaryMethod } from './direct-unary';

export interface GlobalStoreGrpcServerOptions {
  host: string;
  port: number;
  credentials: ServerCredentials;
  channelOptions: ChannelOptions;
  interceptors: ServerInterceptor[];
  serving: ServingState;
  /** Called for each TLS handshake the server refuses (TLS only), with a bounded reason. */
  onTlsHandshakeFailure?: (reason: string, error: Error) => void;
  /**
   * Unary handlers grpc-js calls without Nest's per-call pipeline, by "Service/Method" as
   * @GrpcMethod names them (directUnaryHandlers). Others go through Nest as before.
   */
  directUnary?: ReadonlyMap<string, DirectUnaryHandler>;
}

/** Every service name we report in grpc.health.v1, besides the overall "" entry. */
const HEALTH_SERVICES = [
  '',
  `${GRPC_PACKAGE}.ClusterRuntimeService`,
  `${GRPC_PACKAGE}.ArtifactCatalogService`,
  `${GRPC_PACKAGE}.AssemblyViewService`,
  `${GRPC_PACKAGE}.ClusterAdminService`,
  `${GRPC_PACKAGE}.RegistrationService`,
  `${MEMORY_TIER_PACKAGE}.MemoryTierService`,
  `${ADMIN_GRPC_PACKAGE}.GlobalStoreAdmin`,
  `${REGISTRATIONS_GRPC_PACKAGE}.RegistrationKeepalive`,
];

/**
 * Nest's gRPC transport with what production needs and Nest does not expose: the port
 * actually bound (port 0 in tests), transport-level interceptors, TLS credentials, server
 * reflection over the descriptors as written in proto/, and grpc.health.v1 mirroring the
 * ServingState.
 */
export class GlobalStoreGrpcServer extends ServerGrpc {
  private boundPortValue = 0;
  private rawServer: Server | undefined;

  constructor(private readonly settings: GlobalStoreGrpcServerOptions) {
    const packageDefinition = loadPackageDefinition();
    super({
      package: [GRPC_PACKAGE, MEMORY_TIER_PACKAGE, ADMIN_GRPC_PACKAGE, REGISTRATIONS_GRPC_PACKAGE],
      packageDefinition,
      url: `${formatHost(settings.host)}:${settings.port}`,
      gracefulShutdown: true,
      onLoadPackageDefinition: (definition: PackageDefinition, server: Server) =>
        this.installStandardServices(definition, server),
    });
  }

  get boundPort(): number {
    return this.boundPortValue;
  }

  /**
   * Nest's service object for one gRPC service, with each unary method that has a direct
   * handler swapped for it. Nest looks a handler up by the service's short name, then by its
   * full name (package.Service); so does this.
   */
  override async createService(
    grpcService: Record<string, unknown> & { prototype: Record<string, unknown> },
    name: string,
  ): Promise<Record<string, unknown>> {
    const service = (await super.createService(grpcService, name)) as Record<string, unknown>;
    const direct = this.settings.directUnary;
    if (!direct || direct.size === 0) return service;
    for (const method of Object.keys(service)) {
      const definition = grpcService.prototype[method] as
        { path?: string; requestStream?: boolean; responseStream?: boolean } | undefined;
      if (!definition || definition.requestStream || definition.responseStream) continue;
      const fullName = definition.path?.split('/')[1];
      const handler = direct.get(`${name}/${method}`) ?? direct.get(`${fullName}/${method}`);
      if (handler) service[method] = directUnaryMethod(handler);
    }
    return service;
  }

  override async createClient(): Promise<Server> {
    const server = new Server({
      ...this.settings.channelOptions,
      interceptors: this.settings.interceptors,
    });
    const address = `${formatHost(this.settings.host)}:${this.settings.port}`;
    this.boundPortValue = await new Promise<number>((resolve, reject) => {
      server.bindAsync(address, this.settings.credentials, (error, port) =>
        error ? reject(new Error(bindFailureMessage(address, error))) : resolve(port),
      );
    });
    this.rawServer = server;
    const { onTlsHandshakeFailure } = this.settings;
    if (onTlsHandshakeFailure) watchTlsHandshakeFailures(server, onTlsHandshakeFailure);
    return server;
  }

  /** Stops accepting calls immediately; in-flight calls are cut. Used after a drain timeout. */
  forceShutdown(): void {
    this.rawServer?.forceShutdown();
  }

  private installStandardServices(definition: PackageDefinition, server: Server): void {
    // Health is listed in reflection too, so `grpcurl list` shows it and can call it.
    // Built on the first reflection call (see addReflection), health's descriptors too.
    addReflection(server, () => ({
      ...definition,
      ...loadSync(healthProtoPath, { keepCase: true }),
    }));
    const health = new HealthImplementation(
      Object.fromEntries(HEALTH_SERVICES.map((name) => [name, 'NOT_SERVING' as const])),
    );
    health.addToServer(withBoundedHealthAnswers(server, new Set(HEALTH_SERVICES)));
    this.settings.serving.onChange((status) => {
      const reported = status === 'SERVING' ? 'SERVING' : 'NOT_SERVING';
      for (const name of HEALTH_SERVICES) health.setStatus(name, reported);
    });
  }
}

/**
 * grpc-js reports a failed bind as "No address added out of total 1 resolved errors:
 * [listen EADDRINUSE: …]": the operator needs the config key and the cause only.
 */
function bindFailureMessage(address: string, error: Error): string {
  const cause = /errors: \[(.*)\]$/s.exec(error.message)?.[1] ?? error.message;
  return `server.listen.port: cannot listen for gRPC on ${address}: ${cause}`;
}

export function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

interface HealthRequest {
  service?: string;
}

/**
 * grpc-health-check answers an unknown service name by echoing it whole in the status
 * details, and keeps one watcher-map entry per distinct name ever watched (the entry
 * outlives the stream). Our set of services is fixed, so unknown names are answered here:
 * a bounded NOT_FOUND for Check, SERVICE_UNKNOWN for Watch without a watcher.
 */
function withBoundedHealthAnswers(server: Server, known: ReadonlySet<string>): Server {
  const facade = {
    addService(service: Parameters<Server['addService']>[0], impl: UntypedServiceImplementation) {
      const check = impl.check as (
        call: { request: HealthRequest },
        cb: sendUnaryData<unknown>,
      ) => void;
      const watch = impl.watch as (call: ServerWritableStream<HealthRequest, unknown>) => void;
      server.addService(service, {
        ...impl,
        check: (call: { request: HealthRequest }, callback: sendUnaryData<unknown>) => {
          const name = call.request.service ?? '';
          if (known.has(name)) return check(call, callback);
          callback({
            code: GrpcCode.NOT_FOUND,
            details: `service: unknown health service ${quoteClientValue(name)}`,
          });
        },
        watch: (call: ServerWritableStream<HealthRequest, unknown>) => {
          if (known.has(call.request.service ?? '')) return watch(call);
          call.write({ status: 'SERVICE_UNKNOWN' });
        },
      });
    },
  };
  return facade as unknown as Server;
}
