export {
  ADMIN_GRPC_PACKAGE,
  GRPC_PACKAGE,
  loaderOptions,
  MEMORY_TIER_PACKAGE,
  PROTO_FILES,
  REGISTRATIONS_GRPC_PACKAGE,
  protoRoot,
  addReflection,
  loadPackageDefinition,
} from './proto-files';
export { buildFileDescriptorProtos } from './reflection';
/** Message, enum and service types generated from proto/ (e.g. wire.RegisterWorkerRequest__Output). */
export * as wire from './generated/wire';
export { callMetricsInterceptor } from './call-metrics.interceptor';
export { directUnaryHandlers } from './direct-unary';
export { formatHost, GlobalStoreGrpcServer } from './global-store-grpc.server';
export { grpcChannelOptions, grpcServerCredentials } from './grpc-server.settings';
export { toGrpcStatus } from './grpc-status';
export { GrpcStatusFilter } from './grpc-status.filter';
export { msFromTimestamp, timestampFromMs } from './wire-values';
export { routeGrpcJsLogs } from './grpc-js-logging';
export { servedCertificates } from './tls-observation';
export { leaderGateInterceptor } from './leader-gate.interceptor';
export { LEADER_ADDRESS_TRAILER, NOT_LEADER_TRAILER } from './not-leader-trailers';
export type { LeaderGate } from './leader-gate.interceptor';
