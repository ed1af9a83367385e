export {
  ADMIN_GRPC_PACKAGE,
  GRPC_PACKAGE,
  LOADER_OPTIONS,
  MEMORY_TIER_PACKAGE,
  PROTO_FILES,
  PROTO_ROOT,
  addReflection,
  loadPackageDefinition,
} from './proto-files';
export { buildFileDescriptorProtos } from './reflection';
/** Message, enum and service types generated from proto/ (e.g. wire.RegisterWorkerRequest__Output). */
export * as wire from './generated/wire';
export * from './call-metrics.interceptor';
export * from './global-store-grpc.server';
export * from './grpc-js-logging';
export * from './grpc-server.settings';
export * from './grpc-status';
export * from './grpc-status.filter';
export * from './tls-observation';
export * from './wire-values';
export * from './leader-gate.interceptor';
