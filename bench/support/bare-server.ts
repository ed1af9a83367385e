/**
 * The baseline for benchmarks: a plain @grpc/grpc-js server on the same .proto package
 * definition as the Global Store, answering with canned messages and doing no work. No Nest,
 * no interceptors, no database: ours/bare shows what the framework and the logic cost on top
 * of the transport itself.
 *
 * Run as a child process (node dist/bench/support/bare-server.js [--port=P]); it prints
 * "bare gRPC serving on 127.0.0.1:PORT" once bound and exits 0 on SIGTERM or SIGINT.
 */
import * as grpc from '@grpc/grpc-js';
import { parseArgs } from 'node:util';
import { GRPC_PACKAGE, loadPackageDefinition } from '../../libs/grpc/src';
import type { wire } from '../../libs/grpc/src';

/**
 * The same response messages our server gives on the benchmarked path, so both serialize
 * the same fields. Heartbeat echoes the reported artifact ids as obsolete, as ours does for
 * a worker that holds no replicas.
 */
const registerWorker: grpc.handleUnaryCall<
  wire.RegisterWorkerRequest__Output,
  wire.RegisterWorkerResponse
> = (call, callback) => {
  callback(null, {
    status: 'STATUS_OK',
    worker_id: `worker_${call.request.node_id}`,
    heartbeat_interval_ms: 5000,
    state_sync_required: false,
    expected_state_version: '1',
    reconcile_generation: '1',
  });
};

const workerHeartbeat: grpc.handleUnaryCall<
  wire.WorkerHeartbeatRequest__Output,
  wire.WorkerHeartbeatResponse
> = (call, callback) => {
  const now = Date.now();
  callback(null, {
    status: 'STATUS_OK',
    state_sync_required: call.request.registered_artifact_ids.length > 0,
    expected_state_version: '1',
    obsolete_replicas: call.request.registered_artifact_ids,
    server_timestamp_ts: { seconds: String(Math.floor(now / 1000)), nanos: (now % 1000) * 1e6 },
  });
};

function main(): void {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' } },
    strict: true,
  });
  let node: unknown = grpc.loadPackageDefinition(loadPackageDefinition());
  for (const part of GRPC_PACKAGE.split('.')) node = (node as Record<string, unknown>)[part];
  const services = node as Record<string, grpc.ServiceClientConstructor>;

  const server = new grpc.Server();
  // Methods left out answer UNIMPLEMENTED, which no benchmark calls.
  server.addService(services.ClusterRuntimeService.service, {
    RegisterWorker: registerWorker,
    WorkerHeartbeat: workerHeartbeat,
  });
  server.bindAsync(
    `127.0.0.1:${values.port}`,
    grpc.ServerCredentials.createInsecure(),
    (error, port) => {
      if (error) {
        process.stderr.write(`bare server: cannot bind: ${error.message}\n`);
        process.exit(1);
      }
      process.stdout.write(`bare gRPC serving on 127.0.0.1:${port}\n`);
    },
  );
  const stop = () => server.tryShutdown(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
