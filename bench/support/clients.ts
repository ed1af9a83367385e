import * as grpc from '@grpc/grpc-js';
import { GRPC_PACKAGE, loadPackageDefinition } from '../../libs/grpc/src';

export type UnaryMethod = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => grpc.ClientUnaryCall;

export type ServiceClient = grpc.Client & Record<string, UnaryMethod>;

// Responses are proto-loader objects (keepCase, longs and enums as strings); benches read
// the few fields they need by name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = Record<string, any>;

const constructors = new Map<string, Record<string, grpc.ServiceClientConstructor>>();

/**
 * Client constructors for our services, from the same .proto files and loader options as the
 * server: `service` is a name in GRPC_PACKAGE, or fully qualified for the other packages
 * (e.g. 'tcgs.admin.v1.GlobalStoreAdmin').
 */
export function serviceClientConstructor(service: string): grpc.ServiceClientConstructor {
  const dot = service.lastIndexOf('.');
  const pkg = dot < 0 ? GRPC_PACKAGE : service.slice(0, dot);
  const name = service.slice(dot + 1);
  let services = constructors.get(pkg);
  if (!services) {
    let node: unknown = grpc.loadPackageDefinition(loadPackageDefinition());
    for (const part of pkg.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    services = (node ?? {}) as Record<string, grpc.ServiceClientConstructor>;
    constructors.set(pkg, services);
  }
  const constructor = services[name];
  if (typeof constructor !== 'function') throw new Error(`no service ${name} in ${pkg}`);
  return constructor;
}

/**
 * `connections` clients of one service, each on its own HTTP/2 connection. grpc-js shares
 * one subchannel (one TCP connection) between channels with equal options, so each channel
 * gets a local subchannel pool and a distinct option value; otherwise K clients would
 * multiplex over a single connection and K would measure nothing.
 */
export function openClients(
  address: string,
  service: string,
  connections: number,
  options: grpc.ClientOptions = {},
): ServiceClient[] {
  const Client = serviceClientConstructor(service);
  return Array.from(
    { length: connections },
    (_, index) =>
      new Client(address, grpc.credentials.createInsecure(), {
        ...options,
        'grpc.use_local_subchannel_pool': 1,
        'grpc.bench_connection_index': index,
      }) as unknown as ServiceClient,
  );
}

/** Resolves once every client's connection is up, so connection setup is not measured. */
export async function waitForReady(
  clients: readonly grpc.Client[],
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((resolve, reject) =>
          client.waitForReady(deadline, (error) => (error ? reject(error) : resolve())),
        ),
    ),
  );
}

export function closeClients(clients: readonly grpc.Client[]): void {
  for (const client of clients) client.close();
}

const NO_CALL_OPTIONS: grpc.CallOptions = {};

/**
 * One unary call as a promise. Without timeoutMs no deadline is set: grpc-js arms a timer per
 * call for a deadline, which costs the load generator CPU it would rather spend on load; the
 * load runner's drain timeout bounds hung calls instead.
 */
export function unary<T = Message>(
  client: ServiceClient,
  method: string,
  request: object,
  timeoutMs?: number,
): Promise<T> {
  const options = timeoutMs === undefined ? NO_CALL_OPTIONS : { deadline: Date.now() + timeoutMs };
  return new Promise((resolve, reject) => {
    client[method](request, new grpc.Metadata(), options, (error, response) =>
      error ? reject(error) : resolve(response as T),
    );
  });
}
