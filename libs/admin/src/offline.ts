/**
 * The second public entry of this lib, for the admin command line: the admin types, their
 * wire mapping and the offline queries, without Nest. The offline queries load TypeORM, so
 * they are opened on demand and remote commands never load it.
 */
import type { OfflineAdminQueries } from './offline-admin-queries';

export {
  artifactDetailFromWire,
  artifactFromWire,
  mappingFromWire,
  pageFromWire,
  registrationFromWire,
  removalFromWire,
  replicaFromWire,
  statusFromWire,
  tierToWire,
  workerDetailFromWire,
  workerFromWire,
  workerStateToWire,
} from './admin-wire';
export { WORKER_STATES } from './admin.types';
export type {
  AdminQueries,
  ArtifactDetail,
  ArtifactSummary,
  ClusterStatus,
  MappingResolution,
  Page,
  PageRequest,
  RegistrationFilter,
  RegistrationSummary,
  ReplicaFilter,
  ReplicaSummary,
  WorkerDetail,
  WorkerFilter,
  WorkerRemoval,
  WorkerSummary,
} from './admin.types';

/** Admin queries straight on a database file (or a backup) while no server runs. */
export async function openOfflineAdminQueries(file: string): Promise<OfflineAdminQueries> {
  const { OfflineAdminQueries } = await import('./offline-admin-queries');
  return OfflineAdminQueries.open(file);
}
