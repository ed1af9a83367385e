import * as grpc from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { ADMIN_GRPC_PACKAGE, GRPC_PACKAGE, loadPackageDefinition } from '../../../libs/grpc/src';

type Unary = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => grpc.ClientUnaryCall;

export type AnyClient = grpc.Client & Record<string, Unary>;

export interface GlobalStoreClients {
  runtime: AnyClient;
  catalog: AnyClient;
  assembly: AnyClient;
  admin: AnyClient;
  registration: AnyClient;
  /** tcgs.admin.v1.GlobalStoreAdmin, this project's own operator service. */
  globalAdmin: AnyClient;
  close(): void;
}

/** Real gRPC clients for every service, loaded from the same .proto files as the server. */
export function connectClients(
  address: string,
  credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
  options: grpc.ClientOptions = {},
): GlobalStoreClients {
  const loaded = grpc.loadPackageDefinition(loadPackageDefinition()) as unknown as Record<
    string,
    Record<string, Record<string, Record<string, grpc.ServiceClientConstructor>>>
  >;
  const [a, b, c] = GRPC_PACKAGE.split('.');
  const pkg = loaded[a][b][c];
  const make = (name: string) =>
    new pkg[name](address, credentials, options) as unknown as AnyClient;
  const clients = {
    runtime: make('ClusterRuntimeService'),
    catalog: make('ArtifactCatalogService'),
    assembly: make('AssemblyViewService'),
    admin: make('ClusterAdminService'),
    registration: make('RegistrationService'),
    globalAdmin: new (
      ADMIN_GRPC_PACKAGE.split('.').reduce<Record<string, unknown>>(
        (node, part) => node[part] as Record<string, unknown>,
        loaded,
      ).GlobalStoreAdmin as grpc.ServiceClientConstructor
    )(address, credentials, options) as unknown as AnyClient,
  };
  return { ...clients, close: () => Object.values(clients).forEach((client) => client.close()) };
}

// Responses are proto-loader objects; tests read fields by name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = Record<string, any>;

export function call(
  client: AnyClient,
  method: string,
  request: object,
  timeoutMs = 10_000,
): Promise<Message> {
  return new Promise((resolve, reject) => {
    client[method](
      request,
      new grpc.Metadata(),
      { deadline: Date.now() + timeoutMs },
      (error, response) => (error ? reject(error) : resolve(response as Message)),
    );
  });
}

/** Awaits a call that must fail with `code`; returns the error for further checks. */
export async function expectGrpcError(
  promise: Promise<unknown>,
  code: grpc.status,
  detailsPattern?: RegExp,
): Promise<grpc.ServiceError> {
  try {
    await promise;
  } catch (error) {
    const e = error as grpc.ServiceError;
    assert.equal(
      grpc.status[e.code],
      grpc.status[code],
      `expected ${grpc.status[code]}, got ${grpc.status[e.code]}: ${e.details}`,
    );
    if (detailsPattern) assert.match(e.details, detailsPattern);
    return e;
  }
  assert.fail(`expected the call to fail with ${grpc.status[code]}`);
}

let daemonCounter = 0;

/** A RegisterWorker request for a fresh daemon on loopback. */
export function workerRequest(overrides: object = {}): Message {
  daemonCounter += 1;
  return {
    node_id: `node-${daemonCounter}`,
    node_address: '127.0.0.1',
    grpc_port: 40000 + daemonCounter,
    p2p_port: 45000 + daemonCounter,
    mem_pool_total_size: '1073741824',
    mem_pool_available_size: '536870912',
    daemon_id: `daemon-${process.pid}-${daemonCounter}`,
    ...overrides,
  };
}
