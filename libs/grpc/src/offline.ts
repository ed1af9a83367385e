/**
 * The second public entry of this lib, for the admin command line: proto loading and wire
 * value helpers, without the Nest server parts.
 */
export { ADMIN_GRPC_PACKAGE, loadPackageDefinition } from './proto-files';
export { msFromTimestamp, timestampFromMs } from './wire-values';
export { LEADER_ADDRESS_TRAILER, NOT_LEADER_TRAILER } from './not-leader-trailers';
