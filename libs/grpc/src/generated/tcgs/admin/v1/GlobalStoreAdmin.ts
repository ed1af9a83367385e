// Original file: proto/tcgs/admin/v1/admin.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  GetArtifactRequest as _tcgs_admin_v1_GetArtifactRequest,
  GetArtifactRequest__Output as _tcgs_admin_v1_GetArtifactRequest__Output,
} from '../../../tcgs/admin/v1/GetArtifactRequest';
import type {
  GetArtifactResponse as _tcgs_admin_v1_GetArtifactResponse,
  GetArtifactResponse__Output as _tcgs_admin_v1_GetArtifactResponse__Output,
} from '../../../tcgs/admin/v1/GetArtifactResponse';
import type {
  GetClusterStatusRequest as _tcgs_admin_v1_GetClusterStatusRequest,
  GetClusterStatusRequest__Output as _tcgs_admin_v1_GetClusterStatusRequest__Output,
} from '../../../tcgs/admin/v1/GetClusterStatusRequest';
import type {
  GetClusterStatusResponse as _tcgs_admin_v1_GetClusterStatusResponse,
  GetClusterStatusResponse__Output as _tcgs_admin_v1_GetClusterStatusResponse__Output,
} from '../../../tcgs/admin/v1/GetClusterStatusResponse';
import type {
  GetWorkerRequest as _tcgs_admin_v1_GetWorkerRequest,
  GetWorkerRequest__Output as _tcgs_admin_v1_GetWorkerRequest__Output,
} from '../../../tcgs/admin/v1/GetWorkerRequest';
import type {
  GetWorkerResponse as _tcgs_admin_v1_GetWorkerResponse,
  GetWorkerResponse__Output as _tcgs_admin_v1_GetWorkerResponse__Output,
} from '../../../tcgs/admin/v1/GetWorkerResponse';
import type {
  ListArtifactsRequest as _tcgs_admin_v1_ListArtifactsRequest,
  ListArtifactsRequest__Output as _tcgs_admin_v1_ListArtifactsRequest__Output,
} from '../../../tcgs/admin/v1/ListArtifactsRequest';
import type {
  ListArtifactsResponse as _tcgs_admin_v1_ListArtifactsResponse,
  ListArtifactsResponse__Output as _tcgs_admin_v1_ListArtifactsResponse__Output,
} from '../../../tcgs/admin/v1/ListArtifactsResponse';
import type {
  ListOpenRegistrationsRequest as _tcgs_admin_v1_ListOpenRegistrationsRequest,
  ListOpenRegistrationsRequest__Output as _tcgs_admin_v1_ListOpenRegistrationsRequest__Output,
} from '../../../tcgs/admin/v1/ListOpenRegistrationsRequest';
import type {
  ListOpenRegistrationsResponse as _tcgs_admin_v1_ListOpenRegistrationsResponse,
  ListOpenRegistrationsResponse__Output as _tcgs_admin_v1_ListOpenRegistrationsResponse__Output,
} from '../../../tcgs/admin/v1/ListOpenRegistrationsResponse';
import type {
  ListReplicasRequest as _tcgs_admin_v1_ListReplicasRequest,
  ListReplicasRequest__Output as _tcgs_admin_v1_ListReplicasRequest__Output,
} from '../../../tcgs/admin/v1/ListReplicasRequest';
import type {
  ListReplicasResponse as _tcgs_admin_v1_ListReplicasResponse,
  ListReplicasResponse__Output as _tcgs_admin_v1_ListReplicasResponse__Output,
} from '../../../tcgs/admin/v1/ListReplicasResponse';
import type {
  ListWorkersRequest as _tcgs_admin_v1_ListWorkersRequest,
  ListWorkersRequest__Output as _tcgs_admin_v1_ListWorkersRequest__Output,
} from '../../../tcgs/admin/v1/ListWorkersRequest';
import type {
  ListWorkersResponse as _tcgs_admin_v1_ListWorkersResponse,
  ListWorkersResponse__Output as _tcgs_admin_v1_ListWorkersResponse__Output,
} from '../../../tcgs/admin/v1/ListWorkersResponse';
import type {
  RemoveWorkerRequest as _tcgs_admin_v1_RemoveWorkerRequest,
  RemoveWorkerRequest__Output as _tcgs_admin_v1_RemoveWorkerRequest__Output,
} from '../../../tcgs/admin/v1/RemoveWorkerRequest';
import type {
  RemoveWorkerResponse as _tcgs_admin_v1_RemoveWorkerResponse,
  RemoveWorkerResponse__Output as _tcgs_admin_v1_RemoveWorkerResponse__Output,
} from '../../../tcgs/admin/v1/RemoveWorkerResponse';
import type {
  ResolveMappingRequest as _tcgs_admin_v1_ResolveMappingRequest,
  ResolveMappingRequest__Output as _tcgs_admin_v1_ResolveMappingRequest__Output,
} from '../../../tcgs/admin/v1/ResolveMappingRequest';
import type {
  ResolveMappingResponse as _tcgs_admin_v1_ResolveMappingResponse,
  ResolveMappingResponse__Output as _tcgs_admin_v1_ResolveMappingResponse__Output,
} from '../../../tcgs/admin/v1/ResolveMappingResponse';

export interface GlobalStoreAdminClient extends grpc.Client {
  GetArtifact(
    argument: _tcgs_admin_v1_GetArtifactRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetArtifactResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetArtifact(
    argument: _tcgs_admin_v1_GetArtifactRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetArtifactResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetArtifact(
    argument: _tcgs_admin_v1_GetArtifactRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetArtifactResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetArtifact(
    argument: _tcgs_admin_v1_GetArtifactRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetArtifactResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifact(
    argument: _tcgs_admin_v1_GetArtifactRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetArtifactResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifact(
    argument: _tcgs_admin_v1_GetArtifactRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetArtifactResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifact(
    argument: _tcgs_admin_v1_GetArtifactRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetArtifactResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifact(
    argument: _tcgs_admin_v1_GetArtifactRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetArtifactResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Serving state, version, cluster id, uptime, counts, database size and write backlog.
   */
  GetClusterStatus(
    argument: _tcgs_admin_v1_GetClusterStatusRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetClusterStatusResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetClusterStatus(
    argument: _tcgs_admin_v1_GetClusterStatusRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetClusterStatusResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetClusterStatus(
    argument: _tcgs_admin_v1_GetClusterStatusRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetClusterStatusResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetClusterStatus(
    argument: _tcgs_admin_v1_GetClusterStatusRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetClusterStatusResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Serving state, version, cluster id, uptime, counts, database size and write backlog.
   */
  getClusterStatus(
    argument: _tcgs_admin_v1_GetClusterStatusRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetClusterStatusResponse__Output>,
  ): grpc.ClientUnaryCall;
  getClusterStatus(
    argument: _tcgs_admin_v1_GetClusterStatusRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetClusterStatusResponse__Output>,
  ): grpc.ClientUnaryCall;
  getClusterStatus(
    argument: _tcgs_admin_v1_GetClusterStatusRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetClusterStatusResponse__Output>,
  ): grpc.ClientUnaryCall;
  getClusterStatus(
    argument: _tcgs_admin_v1_GetClusterStatusRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetClusterStatusResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetWorker(
    argument: _tcgs_admin_v1_GetWorkerRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetWorker(
    argument: _tcgs_admin_v1_GetWorkerRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetWorker(
    argument: _tcgs_admin_v1_GetWorkerRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetWorker(
    argument: _tcgs_admin_v1_GetWorkerRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  getWorker(
    argument: _tcgs_admin_v1_GetWorkerRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  getWorker(
    argument: _tcgs_admin_v1_GetWorkerRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  getWorker(
    argument: _tcgs_admin_v1_GetWorkerRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  getWorker(
    argument: _tcgs_admin_v1_GetWorkerRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_GetWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Ordered by artifact_id.
   */
  ListArtifacts(
    argument: _tcgs_admin_v1_ListArtifactsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListArtifactsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListArtifacts(
    argument: _tcgs_admin_v1_ListArtifactsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListArtifactsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListArtifacts(
    argument: _tcgs_admin_v1_ListArtifactsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListArtifactsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListArtifacts(
    argument: _tcgs_admin_v1_ListArtifactsRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListArtifactsResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Ordered by artifact_id.
   */
  listArtifacts(
    argument: _tcgs_admin_v1_ListArtifactsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListArtifactsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listArtifacts(
    argument: _tcgs_admin_v1_ListArtifactsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListArtifactsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listArtifacts(
    argument: _tcgs_admin_v1_ListArtifactsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListArtifactsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listArtifacts(
    argument: _tcgs_admin_v1_ListArtifactsRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListArtifactsResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Open registrations, oldest first.
   */
  ListOpenRegistrations(
    argument: _tcgs_admin_v1_ListOpenRegistrationsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListOpenRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListOpenRegistrations(
    argument: _tcgs_admin_v1_ListOpenRegistrationsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListOpenRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListOpenRegistrations(
    argument: _tcgs_admin_v1_ListOpenRegistrationsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListOpenRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListOpenRegistrations(
    argument: _tcgs_admin_v1_ListOpenRegistrationsRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListOpenRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Open registrations, oldest first.
   */
  listOpenRegistrations(
    argument: _tcgs_admin_v1_ListOpenRegistrationsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListOpenRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listOpenRegistrations(
    argument: _tcgs_admin_v1_ListOpenRegistrationsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListOpenRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listOpenRegistrations(
    argument: _tcgs_admin_v1_ListOpenRegistrationsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListOpenRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  listOpenRegistrations(
    argument: _tcgs_admin_v1_ListOpenRegistrationsRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListOpenRegistrationsResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Ordered by (artifact_id, replica_id); every filter given applies.
   */
  ListReplicas(
    argument: _tcgs_admin_v1_ListReplicasRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListReplicasResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListReplicas(
    argument: _tcgs_admin_v1_ListReplicasRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListReplicasResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListReplicas(
    argument: _tcgs_admin_v1_ListReplicasRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListReplicasResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListReplicas(
    argument: _tcgs_admin_v1_ListReplicasRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListReplicasResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Ordered by (artifact_id, replica_id); every filter given applies.
   */
  listReplicas(
    argument: _tcgs_admin_v1_ListReplicasRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListReplicasResponse__Output>,
  ): grpc.ClientUnaryCall;
  listReplicas(
    argument: _tcgs_admin_v1_ListReplicasRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListReplicasResponse__Output>,
  ): grpc.ClientUnaryCall;
  listReplicas(
    argument: _tcgs_admin_v1_ListReplicasRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListReplicasResponse__Output>,
  ): grpc.ClientUnaryCall;
  listReplicas(
    argument: _tcgs_admin_v1_ListReplicasRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListReplicasResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Workers in every state (timed-out and inactive included), ordered by worker_id.
   */
  ListWorkers(
    argument: _tcgs_admin_v1_ListWorkersRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListWorkers(
    argument: _tcgs_admin_v1_ListWorkersRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListWorkers(
    argument: _tcgs_admin_v1_ListWorkersRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListWorkers(
    argument: _tcgs_admin_v1_ListWorkersRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Workers in every state (timed-out and inactive included), ordered by worker_id.
   */
  listWorkers(
    argument: _tcgs_admin_v1_ListWorkersRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;
  listWorkers(
    argument: _tcgs_admin_v1_ListWorkersRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;
  listWorkers(
    argument: _tcgs_admin_v1_ListWorkersRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;
  listWorkers(
    argument: _tcgs_admin_v1_ListWorkersRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_ListWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Force-leave: deletes the worker's replicas, revokes its open registrations (end_reason
   * carries the reason) and deletes the worker. Audited in the server log with the peer.
   */
  RemoveWorker(
    argument: _tcgs_admin_v1_RemoveWorkerRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_RemoveWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  RemoveWorker(
    argument: _tcgs_admin_v1_RemoveWorkerRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_RemoveWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  RemoveWorker(
    argument: _tcgs_admin_v1_RemoveWorkerRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_RemoveWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  RemoveWorker(
    argument: _tcgs_admin_v1_RemoveWorkerRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_RemoveWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Force-leave: deletes the worker's replicas, revokes its open registrations (end_reason
   * carries the reason) and deletes the worker. Audited in the server log with the peer.
   */
  removeWorker(
    argument: _tcgs_admin_v1_RemoveWorkerRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_RemoveWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  removeWorker(
    argument: _tcgs_admin_v1_RemoveWorkerRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_RemoveWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  removeWorker(
    argument: _tcgs_admin_v1_RemoveWorkerRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_RemoveWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  removeWorker(
    argument: _tcgs_admin_v1_RemoveWorkerRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_RemoveWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;

  ResolveMapping(
    argument: _tcgs_admin_v1_ResolveMappingRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ResolveMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  ResolveMapping(
    argument: _tcgs_admin_v1_ResolveMappingRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_ResolveMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  ResolveMapping(
    argument: _tcgs_admin_v1_ResolveMappingRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ResolveMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  ResolveMapping(
    argument: _tcgs_admin_v1_ResolveMappingRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_ResolveMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  resolveMapping(
    argument: _tcgs_admin_v1_ResolveMappingRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ResolveMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  resolveMapping(
    argument: _tcgs_admin_v1_ResolveMappingRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tcgs_admin_v1_ResolveMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  resolveMapping(
    argument: _tcgs_admin_v1_ResolveMappingRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tcgs_admin_v1_ResolveMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  resolveMapping(
    argument: _tcgs_admin_v1_ResolveMappingRequest,
    callback: grpc.requestCallback<_tcgs_admin_v1_ResolveMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
}

export interface GlobalStoreAdminHandlers extends grpc.UntypedServiceImplementation {
  GetArtifact: grpc.handleUnaryCall<
    _tcgs_admin_v1_GetArtifactRequest__Output,
    _tcgs_admin_v1_GetArtifactResponse
  >;

  /**
   * Serving state, version, cluster id, uptime, counts, database size and write backlog.
   */
  GetClusterStatus: grpc.handleUnaryCall<
    _tcgs_admin_v1_GetClusterStatusRequest__Output,
    _tcgs_admin_v1_GetClusterStatusResponse
  >;

  GetWorker: grpc.handleUnaryCall<
    _tcgs_admin_v1_GetWorkerRequest__Output,
    _tcgs_admin_v1_GetWorkerResponse
  >;

  /**
   * Ordered by artifact_id.
   */
  ListArtifacts: grpc.handleUnaryCall<
    _tcgs_admin_v1_ListArtifactsRequest__Output,
    _tcgs_admin_v1_ListArtifactsResponse
  >;

  /**
   * Open registrations, oldest first.
   */
  ListOpenRegistrations: grpc.handleUnaryCall<
    _tcgs_admin_v1_ListOpenRegistrationsRequest__Output,
    _tcgs_admin_v1_ListOpenRegistrationsResponse
  >;

  /**
   * Ordered by (artifact_id, replica_id); every filter given applies.
   */
  ListReplicas: grpc.handleUnaryCall<
    _tcgs_admin_v1_ListReplicasRequest__Output,
    _tcgs_admin_v1_ListReplicasResponse
  >;

  /**
   * Workers in every state (timed-out and inactive included), ordered by worker_id.
   */
  ListWorkers: grpc.handleUnaryCall<
    _tcgs_admin_v1_ListWorkersRequest__Output,
    _tcgs_admin_v1_ListWorkersResponse
  >;

  /**
   * Force-leave: deletes the worker's replicas, revokes its open registrations (end_reason
   * carries the reason) and deletes the worker. Audited in the server log with the peer.
   */
  RemoveWorker: grpc.handleUnaryCall<
    _tcgs_admin_v1_RemoveWorkerRequest__Output,
    _tcgs_admin_v1_RemoveWorkerResponse
  >;

  ResolveMapping: grpc.handleUnaryCall<
    _tcgs_admin_v1_ResolveMappingRequest__Output,
    _tcgs_admin_v1_ResolveMappingResponse
  >;
}

export interface GlobalStoreAdminDefinition extends grpc.ServiceDefinition {
  GetArtifact: MethodDefinition<
    _tcgs_admin_v1_GetArtifactRequest,
    _tcgs_admin_v1_GetArtifactResponse,
    _tcgs_admin_v1_GetArtifactRequest__Output,
    _tcgs_admin_v1_GetArtifactResponse__Output
  >;
  GetClusterStatus: MethodDefinition<
    _tcgs_admin_v1_GetClusterStatusRequest,
    _tcgs_admin_v1_GetClusterStatusResponse,
    _tcgs_admin_v1_GetClusterStatusRequest__Output,
    _tcgs_admin_v1_GetClusterStatusResponse__Output
  >;
  GetWorker: MethodDefinition<
    _tcgs_admin_v1_GetWorkerRequest,
    _tcgs_admin_v1_GetWorkerResponse,
    _tcgs_admin_v1_GetWorkerRequest__Output,
    _tcgs_admin_v1_GetWorkerResponse__Output
  >;
  ListArtifacts: MethodDefinition<
    _tcgs_admin_v1_ListArtifactsRequest,
    _tcgs_admin_v1_ListArtifactsResponse,
    _tcgs_admin_v1_ListArtifactsRequest__Output,
    _tcgs_admin_v1_ListArtifactsResponse__Output
  >;
  ListOpenRegistrations: MethodDefinition<
    _tcgs_admin_v1_ListOpenRegistrationsRequest,
    _tcgs_admin_v1_ListOpenRegistrationsResponse,
    _tcgs_admin_v1_ListOpenRegistrationsRequest__Output,
    _tcgs_admin_v1_ListOpenRegistrationsResponse__Output
  >;
  ListReplicas: MethodDefinition<
    _tcgs_admin_v1_ListReplicasRequest,
    _tcgs_admin_v1_ListReplicasResponse,
    _tcgs_admin_v1_ListReplicasRequest__Output,
    _tcgs_admin_v1_ListReplicasResponse__Output
  >;
  ListWorkers: MethodDefinition<
    _tcgs_admin_v1_ListWorkersRequest,
    _tcgs_admin_v1_ListWorkersResponse,
    _tcgs_admin_v1_ListWorkersRequest__Output,
    _tcgs_admin_v1_ListWorkersResponse__Output
  >;
  RemoveWorker: MethodDefinition<
    _tcgs_admin_v1_RemoveWorkerRequest,
    _tcgs_admin_v1_RemoveWorkerResponse,
    _tcgs_admin_v1_RemoveWorkerRequest__Output,
    _tcgs_admin_v1_RemoveWorkerResponse__Output
  >;
  ResolveMapping: MethodDefinition<
    _tcgs_admin_v1_ResolveMappingRequest,
    _tcgs_admin_v1_ResolveMappingResponse,
    _tcgs_admin_v1_ResolveMappingRequest__Output,
    _tcgs_admin_v1_ResolveMappingResponse__Output
  >;
}
