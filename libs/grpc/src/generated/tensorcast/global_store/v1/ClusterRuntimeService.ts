// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  BatchGetReplicaCountsRequest as _tensorcast_global_store_v1_BatchGetReplicaCountsRequest,
  BatchGetReplicaCountsRequest__Output as _tensorcast_global_store_v1_BatchGetReplicaCountsRequest__Output,
} from '../../../tensorcast/global_store/v1/BatchGetReplicaCountsRequest';
import type {
  BatchGetReplicaCountsResponse as _tensorcast_global_store_v1_BatchGetReplicaCountsResponse,
  BatchGetReplicaCountsResponse__Output as _tensorcast_global_store_v1_BatchGetReplicaCountsResponse__Output,
} from '../../../tensorcast/global_store/v1/BatchGetReplicaCountsResponse';
import type {
  BatchUpdateChunkStatesRequest as _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest,
  BatchUpdateChunkStatesRequest__Output as _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest__Output,
} from '../../../tensorcast/global_store/v1/BatchUpdateChunkStatesRequest';
import type {
  BatchUpdateChunkStatesResponse as _tensorcast_global_store_v1_BatchUpdateChunkStatesResponse,
  BatchUpdateChunkStatesResponse__Output as _tensorcast_global_store_v1_BatchUpdateChunkStatesResponse__Output,
} from '../../../tensorcast/global_store/v1/BatchUpdateChunkStatesResponse';
import type {
  CompleteReplicaTransportRequest as _tensorcast_global_store_v1_CompleteReplicaTransportRequest,
  CompleteReplicaTransportRequest__Output as _tensorcast_global_store_v1_CompleteReplicaTransportRequest__Output,
} from '../../../tensorcast/global_store/v1/CompleteReplicaTransportRequest';
import type {
  CompleteReplicaTransportResponse as _tensorcast_global_store_v1_CompleteReplicaTransportResponse,
  CompleteReplicaTransportResponse__Output as _tensorcast_global_store_v1_CompleteReplicaTransportResponse__Output,
} from '../../../tensorcast/global_store/v1/CompleteReplicaTransportResponse';
import type {
  ListActiveWorkersRequest as _tensorcast_global_store_v1_ListActiveWorkersRequest,
  ListActiveWorkersRequest__Output as _tensorcast_global_store_v1_ListActiveWorkersRequest__Output,
} from '../../../tensorcast/global_store/v1/ListActiveWorkersRequest';
import type {
  ListActiveWorkersResponse as _tensorcast_global_store_v1_ListActiveWorkersResponse,
  ListActiveWorkersResponse__Output as _tensorcast_global_store_v1_ListActiveWorkersResponse__Output,
} from '../../../tensorcast/global_store/v1/ListActiveWorkersResponse';
import type {
  ListReplicasV2Request as _tensorcast_global_store_v1_ListReplicasV2Request,
  ListReplicasV2Request__Output as _tensorcast_global_store_v1_ListReplicasV2Request__Output,
} from '../../../tensorcast/global_store/v1/ListReplicasV2Request';
import type {
  ListReplicasV2Response as _tensorcast_global_store_v1_ListReplicasV2Response,
  ListReplicasV2Response__Output as _tensorcast_global_store_v1_ListReplicasV2Response__Output,
} from '../../../tensorcast/global_store/v1/ListReplicasV2Response';
import type {
  MarkReplicaUnavailableRequest as _tensorcast_global_store_v1_MarkReplicaUnavailableRequest,
  MarkReplicaUnavailableRequest__Output as _tensorcast_global_store_v1_MarkReplicaUnavailableRequest__Output,
} from '../../../tensorcast/global_store/v1/MarkReplicaUnavailableRequest';
import type {
  MarkReplicaUnavailableResponse as _tensorcast_global_store_v1_MarkReplicaUnavailableResponse,
  MarkReplicaUnavailableResponse__Output as _tensorcast_global_store_v1_MarkReplicaUnavailableResponse__Output,
} from '../../../tensorcast/global_store/v1/MarkReplicaUnavailableResponse';
import type {
  QueryChunkLocationsRequest as _tensorcast_global_store_v1_QueryChunkLocationsRequest,
  QueryChunkLocationsRequest__Output as _tensorcast_global_store_v1_QueryChunkLocationsRequest__Output,
} from '../../../tensorcast/global_store/v1/QueryChunkLocationsRequest';
import type {
  QueryChunkLocationsResponse as _tensorcast_global_store_v1_QueryChunkLocationsResponse,
  QueryChunkLocationsResponse__Output as _tensorcast_global_store_v1_QueryChunkLocationsResponse__Output,
} from '../../../tensorcast/global_store/v1/QueryChunkLocationsResponse';
import type {
  QueryTransportWindowRequest as _tensorcast_global_store_v1_QueryTransportWindowRequest,
  QueryTransportWindowRequest__Output as _tensorcast_global_store_v1_QueryTransportWindowRequest__Output,
} from '../../../tensorcast/global_store/v1/QueryTransportWindowRequest';
import type {
  QueryTransportWindowResponse as _tensorcast_global_store_v1_QueryTransportWindowResponse,
  QueryTransportWindowResponse__Output as _tensorcast_global_store_v1_QueryTransportWindowResponse__Output,
} from '../../../tensorcast/global_store/v1/QueryTransportWindowResponse';
import type {
  ReconcileWorkerStateRequest as _tensorcast_global_store_v1_ReconcileWorkerStateRequest,
  ReconcileWorkerStateRequest__Output as _tensorcast_global_store_v1_ReconcileWorkerStateRequest__Output,
} from '../../../tensorcast/global_store/v1/ReconcileWorkerStateRequest';
import type {
  ReconcileWorkerStateResponse as _tensorcast_global_store_v1_ReconcileWorkerStateResponse,
  ReconcileWorkerStateResponse__Output as _tensorcast_global_store_v1_ReconcileWorkerStateResponse__Output,
} from '../../../tensorcast/global_store/v1/ReconcileWorkerStateResponse';
import type {
  RegisterReplicaRequest as _tensorcast_global_store_v1_RegisterReplicaRequest,
  RegisterReplicaRequest__Output as _tensorcast_global_store_v1_RegisterReplicaRequest__Output,
} from '../../../tensorcast/global_store/v1/RegisterReplicaRequest';
import type {
  RegisterReplicaResponse as _tensorcast_global_store_v1_RegisterReplicaResponse,
  RegisterReplicaResponse__Output as _tensorcast_global_store_v1_RegisterReplicaResponse__Output,
} from '../../../tensorcast/global_store/v1/RegisterReplicaResponse';
import type {
  RegisterWorkerRequest as _tensorcast_global_store_v1_RegisterWorkerRequest,
  RegisterWorkerRequest__Output as _tensorcast_global_store_v1_RegisterWorkerRequest__Output,
} from '../../../tensorcast/global_store/v1/RegisterWorkerRequest';
import type {
  RegisterWorkerResponse as _tensorcast_global_store_v1_RegisterWorkerResponse,
  RegisterWorkerResponse__Output as _tensorcast_global_store_v1_RegisterWorkerResponse__Output,
} from '../../../tensorcast/global_store/v1/RegisterWorkerResponse';
import type {
  RequestReplicaTransportRequest as _tensorcast_global_store_v1_RequestReplicaTransportRequest,
  RequestReplicaTransportRequest__Output as _tensorcast_global_store_v1_RequestReplicaTransportRequest__Output,
} from '../../../tensorcast/global_store/v1/RequestReplicaTransportRequest';
import type {
  RequestReplicaTransportResponse as _tensorcast_global_store_v1_RequestReplicaTransportResponse,
  RequestReplicaTransportResponse__Output as _tensorcast_global_store_v1_RequestReplicaTransportResponse__Output,
} from '../../../tensorcast/global_store/v1/RequestReplicaTransportResponse';
import type {
  UnregisterReplicaByWorkerRequest as _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest,
  UnregisterReplicaByWorkerRequest__Output as _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest__Output,
} from '../../../tensorcast/global_store/v1/UnregisterReplicaByWorkerRequest';
import type {
  UnregisterReplicaByWorkerResponse as _tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse,
  UnregisterReplicaByWorkerResponse__Output as _tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse__Output,
} from '../../../tensorcast/global_store/v1/UnregisterReplicaByWorkerResponse';
import type {
  UnregisterReplicaRequest as _tensorcast_global_store_v1_UnregisterReplicaRequest,
  UnregisterReplicaRequest__Output as _tensorcast_global_store_v1_UnregisterReplicaRequest__Output,
} from '../../../tensorcast/global_store/v1/UnregisterReplicaRequest';
import type {
  UnregisterReplicaResponse as _tensorcast_global_store_v1_UnregisterReplicaResponse,
  UnregisterReplicaResponse__Output as _tensorcast_global_store_v1_UnregisterReplicaResponse__Output,
} from '../../../tensorcast/global_store/v1/UnregisterReplicaResponse';
import type {
  UnregisterWorkerRequest as _tensorcast_global_store_v1_UnregisterWorkerRequest,
  UnregisterWorkerRequest__Output as _tensorcast_global_store_v1_UnregisterWorkerRequest__Output,
} from '../../../tensorcast/global_store/v1/UnregisterWorkerRequest';
import type {
  UnregisterWorkerResponse as _tensorcast_global_store_v1_UnregisterWorkerResponse,
  UnregisterWorkerResponse__Output as _tensorcast_global_store_v1_UnregisterWorkerResponse__Output,
} from '../../../tensorcast/global_store/v1/UnregisterWorkerResponse';
import type {
  UpdateReplicaRequest as _tensorcast_global_store_v1_UpdateReplicaRequest,
  UpdateReplicaRequest__Output as _tensorcast_global_store_v1_UpdateReplicaRequest__Output,
} from '../../../tensorcast/global_store/v1/UpdateReplicaRequest';
import type {
  UpdateReplicaResponse as _tensorcast_global_store_v1_UpdateReplicaResponse,
  UpdateReplicaResponse__Output as _tensorcast_global_store_v1_UpdateReplicaResponse__Output,
} from '../../../tensorcast/global_store/v1/UpdateReplicaResponse';
import type {
  WaitReplicaDrainRequest as _tensorcast_global_store_v1_WaitReplicaDrainRequest,
  WaitReplicaDrainRequest__Output as _tensorcast_global_store_v1_WaitReplicaDrainRequest__Output,
} from '../../../tensorcast/global_store/v1/WaitReplicaDrainRequest';
import type {
  WaitReplicaDrainResponse as _tensorcast_global_store_v1_WaitReplicaDrainResponse,
  WaitReplicaDrainResponse__Output as _tensorcast_global_store_v1_WaitReplicaDrainResponse__Output,
} from '../../../tensorcast/global_store/v1/WaitReplicaDrainResponse';
import type {
  WorkerHeartbeatRequest as _tensorcast_global_store_v1_WorkerHeartbeatRequest,
  WorkerHeartbeatRequest__Output as _tensorcast_global_store_v1_WorkerHeartbeatRequest__Output,
} from '../../../tensorcast/global_store/v1/WorkerHeartbeatRequest';
import type {
  WorkerHeartbeatResponse as _tensorcast_global_store_v1_WorkerHeartbeatResponse,
  WorkerHeartbeatResponse__Output as _tensorcast_global_store_v1_WorkerHeartbeatResponse__Output,
} from '../../../tensorcast/global_store/v1/WorkerHeartbeatResponse';

/**
 * Worker lifecycle, liveness and replica placement: what every store daemon calls.
 */
export interface ClusterRuntimeServiceClient extends grpc.Client {
  BatchGetReplicaCounts(
    argument: _tensorcast_global_store_v1_BatchGetReplicaCountsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchGetReplicaCountsResponse__Output>,
  ): grpc.ClientUnaryCall;
  BatchGetReplicaCounts(
    argument: _tensorcast_global_store_v1_BatchGetReplicaCountsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchGetReplicaCountsResponse__Output>,
  ): grpc.ClientUnaryCall;
  BatchGetReplicaCounts(
    argument: _tensorcast_global_store_v1_BatchGetReplicaCountsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchGetReplicaCountsResponse__Output>,
  ): grpc.ClientUnaryCall;
  BatchGetReplicaCounts(
    argument: _tensorcast_global_store_v1_BatchGetReplicaCountsRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchGetReplicaCountsResponse__Output>,
  ): grpc.ClientUnaryCall;
  batchGetReplicaCounts(
    argument: _tensorcast_global_store_v1_BatchGetReplicaCountsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchGetReplicaCountsResponse__Output>,
  ): grpc.ClientUnaryCall;
  batchGetReplicaCounts(
    argument: _tensorcast_global_store_v1_BatchGetReplicaCountsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchGetReplicaCountsResponse__Output>,
  ): grpc.ClientUnaryCall;
  batchGetReplicaCounts(
    argument: _tensorcast_global_store_v1_BatchGetReplicaCountsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchGetReplicaCountsResponse__Output>,
  ): grpc.ClientUnaryCall;
  batchGetReplicaCounts(
    argument: _tensorcast_global_store_v1_BatchGetReplicaCountsRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchGetReplicaCountsResponse__Output>,
  ): grpc.ClientUnaryCall;

  /**
   * Daemon-facing wire beyond the deployment guide: the chunk directory, replica drain and
   * peer-to-peer replica transport (rules in docs/daemon-rpcs.md).
   */
  BatchUpdateChunkStates(
    argument: _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchUpdateChunkStatesResponse__Output>,
  ): grpc.ClientUnaryCall;
  BatchUpdateChunkStates(
    argument: _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchUpdateChunkStatesResponse__Output>,
  ): grpc.ClientUnaryCall;
  BatchUpdateChunkStates(
    argument: _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchUpdateChunkStatesResponse__Output>,
  ): grpc.ClientUnaryCall;
  BatchUpdateChunkStates(
    argument: _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchUpdateChunkStatesResponse__Output>,
  ): grpc.ClientUnaryCall;
  /**
   * Daemon-facing wire beyond the deployment guide: the chunk directory, replica drain and
   * peer-to-peer replica transport (rules in docs/daemon-rpcs.md).
   */
  batchUpdateChunkStates(
    argument: _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchUpdateChunkStatesResponse__Output>,
  ): grpc.ClientUnaryCall;
  batchUpdateChunkStates(
    argument: _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchUpdateChunkStatesResponse__Output>,
  ): grpc.ClientUnaryCall;
  batchUpdateChunkStates(
    argument: _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchUpdateChunkStatesResponse__Output>,
  ): grpc.ClientUnaryCall;
  batchUpdateChunkStates(
    argument: _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_BatchUpdateChunkStatesResponse__Output>,
  ): grpc.ClientUnaryCall;

  CompleteReplicaTransport(
    argument: _tensorcast_global_store_v1_CompleteReplicaTransportRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CompleteReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;
  CompleteReplicaTransport(
    argument: _tensorcast_global_store_v1_CompleteReplicaTransportRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CompleteReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;
  CompleteReplicaTransport(
    argument: _tensorcast_global_store_v1_CompleteReplicaTransportRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CompleteReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;
  CompleteReplicaTransport(
    argument: _tensorcast_global_store_v1_CompleteReplicaTransportRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CompleteReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;
  completeReplicaTransport(
    argument: _tensorcast_global_store_v1_CompleteReplicaTransportRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CompleteReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;
  completeReplicaTransport(
    argument: _tensorcast_global_store_v1_CompleteReplicaTransportRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CompleteReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;
  completeReplicaTransport(
    argument: _tensorcast_global_store_v1_CompleteReplicaTransportRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CompleteReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;
  completeReplicaTransport(
    argument: _tensorcast_global_store_v1_CompleteReplicaTransportRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_CompleteReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;

  ListActiveWorkers(
    argument: _tensorcast_global_store_v1_ListActiveWorkersRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListActiveWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListActiveWorkers(
    argument: _tensorcast_global_store_v1_ListActiveWorkersRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListActiveWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListActiveWorkers(
    argument: _tensorcast_global_store_v1_ListActiveWorkersRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListActiveWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;
  ListActiveWorkers(
    argument: _tensorcast_global_store_v1_ListActiveWorkersRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListActiveWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;
  listActiveWorkers(
    argument: _tensorcast_global_store_v1_ListActiveWorkersRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListActiveWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;
  listActiveWorkers(
    argument: _tensorcast_global_store_v1_ListActiveWorkersRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListActiveWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;
  listActiveWorkers(
    argument: _tensorcast_global_store_v1_ListActiveWorkersRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListActiveWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;
  listActiveWorkers(
    argument: _tensorcast_global_store_v1_ListActiveWorkersRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListActiveWorkersResponse__Output>,
  ): grpc.ClientUnaryCall;

  ListReplicasV2(
    argument: _tensorcast_global_store_v1_ListReplicasV2Request,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListReplicasV2Response__Output>,
  ): grpc.ClientUnaryCall;
  ListReplicasV2(
    argument: _tensorcast_global_store_v1_ListReplicasV2Request,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListReplicasV2Response__Output>,
  ): grpc.ClientUnaryCall;
  ListReplicasV2(
    argument: _tensorcast_global_store_v1_ListReplicasV2Request,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListReplicasV2Response__Output>,
  ): grpc.ClientUnaryCall;
  ListReplicasV2(
    argument: _tensorcast_global_store_v1_ListReplicasV2Request,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListReplicasV2Response__Output>,
  ): grpc.ClientUnaryCall;
  listReplicasV2(
    argument: _tensorcast_global_store_v1_ListReplicasV2Request,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListReplicasV2Response__Output>,
  ): grpc.ClientUnaryCall;
  listReplicasV2(
    argument: _tensorcast_global_store_v1_ListReplicasV2Request,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListReplicasV2Response__Output>,
  ): grpc.ClientUnaryCall;
  listReplicasV2(
    argument: _tensorcast_global_store_v1_ListReplicasV2Request,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListReplicasV2Response__Output>,
  ): grpc.ClientUnaryCall;
  listReplicasV2(
    argument: _tensorcast_global_store_v1_ListReplicasV2Request,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ListReplicasV2Response__Output>,
  ): grpc.ClientUnaryCall;

  MarkReplicaUnavailable(
    argument: _tensorcast_global_store_v1_MarkReplicaUnavailableRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_MarkReplicaUnavailableResponse__Output>,
  ): grpc.ClientUnaryCall;
  MarkReplicaUnavailable(
    argument: _tensorcast_global_store_v1_MarkReplicaUnavailableRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_MarkReplicaUnavailableResponse__Output>,
  ): grpc.ClientUnaryCall;
  MarkReplicaUnavailable(
    argument: _tensorcast_global_store_v1_MarkReplicaUnavailableRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_MarkReplicaUnavailableResponse__Output>,
  ): grpc.ClientUnaryCall;
  MarkReplicaUnavailable(
    argument: _tensorcast_global_store_v1_MarkReplicaUnavailableRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_MarkReplicaUnavailableResponse__Output>,
  ): grpc.ClientUnaryCall;
  markReplicaUnavailable(
    argument: _tensorcast_global_store_v1_MarkReplicaUnavailableRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_MarkReplicaUnavailableResponse__Output>,
  ): grpc.ClientUnaryCall;
  markReplicaUnavailable(
    argument: _tensorcast_global_store_v1_MarkReplicaUnavailableRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_MarkReplicaUnavailableResponse__Output>,
  ): grpc.ClientUnaryCall;
  markReplicaUnavailable(
    argument: _tensorcast_global_store_v1_MarkReplicaUnavailableRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_MarkReplicaUnavailableResponse__Output>,
  ): grpc.ClientUnaryCall;
  markReplicaUnavailable(
    argument: _tensorcast_global_store_v1_MarkReplicaUnavailableRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_MarkReplicaUnavailableResponse__Output>,
  ): grpc.ClientUnaryCall;

  QueryChunkLocations(
    argument: _tensorcast_global_store_v1_QueryChunkLocationsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryChunkLocationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  QueryChunkLocations(
    argument: _tensorcast_global_store_v1_QueryChunkLocationsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryChunkLocationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  QueryChunkLocations(
    argument: _tensorcast_global_store_v1_QueryChunkLocationsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryChunkLocationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  QueryChunkLocations(
    argument: _tensorcast_global_store_v1_QueryChunkLocationsRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryChunkLocationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  queryChunkLocations(
    argument: _tensorcast_global_store_v1_QueryChunkLocationsRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryChunkLocationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  queryChunkLocations(
    argument: _tensorcast_global_store_v1_QueryChunkLocationsRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryChunkLocationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  queryChunkLocations(
    argument: _tensorcast_global_store_v1_QueryChunkLocationsRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryChunkLocationsResponse__Output>,
  ): grpc.ClientUnaryCall;
  queryChunkLocations(
    argument: _tensorcast_global_store_v1_QueryChunkLocationsRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryChunkLocationsResponse__Output>,
  ): grpc.ClientUnaryCall;

  QueryTransportWindow(
    argument: _tensorcast_global_store_v1_QueryTransportWindowRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryTransportWindowResponse__Output>,
  ): grpc.ClientUnaryCall;
  QueryTransportWindow(
    argument: _tensorcast_global_store_v1_QueryTransportWindowRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryTransportWindowResponse__Output>,
  ): grpc.ClientUnaryCall;
  QueryTransportWindow(
    argument: _tensorcast_global_store_v1_QueryTransportWindowRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryTransportWindowResponse__Output>,
  ): grpc.ClientUnaryCall;
  QueryTransportWindow(
    argument: _tensorcast_global_store_v1_QueryTransportWindowRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryTransportWindowResponse__Output>,
  ): grpc.ClientUnaryCall;
  queryTransportWindow(
    argument: _tensorcast_global_store_v1_QueryTransportWindowRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryTransportWindowResponse__Output>,
  ): grpc.ClientUnaryCall;
  queryTransportWindow(
    argument: _tensorcast_global_store_v1_QueryTransportWindowRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryTransportWindowResponse__Output>,
  ): grpc.ClientUnaryCall;
  queryTransportWindow(
    argument: _tensorcast_global_store_v1_QueryTransportWindowRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryTransportWindowResponse__Output>,
  ): grpc.ClientUnaryCall;
  queryTransportWindow(
    argument: _tensorcast_global_store_v1_QueryTransportWindowRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_QueryTransportWindowResponse__Output>,
  ): grpc.ClientUnaryCall;

  ReconcileWorkerState(
    argument: _tensorcast_global_store_v1_ReconcileWorkerStateRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ReconcileWorkerStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReconcileWorkerState(
    argument: _tensorcast_global_store_v1_ReconcileWorkerStateRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ReconcileWorkerStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReconcileWorkerState(
    argument: _tensorcast_global_store_v1_ReconcileWorkerStateRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ReconcileWorkerStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  ReconcileWorkerState(
    argument: _tensorcast_global_store_v1_ReconcileWorkerStateRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ReconcileWorkerStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  reconcileWorkerState(
    argument: _tensorcast_global_store_v1_ReconcileWorkerStateRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ReconcileWorkerStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  reconcileWorkerState(
    argument: _tensorcast_global_store_v1_ReconcileWorkerStateRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ReconcileWorkerStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  reconcileWorkerState(
    argument: _tensorcast_global_store_v1_ReconcileWorkerStateRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ReconcileWorkerStateResponse__Output>,
  ): grpc.ClientUnaryCall;
  reconcileWorkerState(
    argument: _tensorcast_global_store_v1_ReconcileWorkerStateRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ReconcileWorkerStateResponse__Output>,
  ): grpc.ClientUnaryCall;

  RegisterReplica(
    argument: _tensorcast_global_store_v1_RegisterReplicaRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  RegisterReplica(
    argument: _tensorcast_global_store_v1_RegisterReplicaRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  RegisterReplica(
    argument: _tensorcast_global_store_v1_RegisterReplicaRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  RegisterReplica(
    argument: _tensorcast_global_store_v1_RegisterReplicaRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  registerReplica(
    argument: _tensorcast_global_store_v1_RegisterReplicaRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  registerReplica(
    argument: _tensorcast_global_store_v1_RegisterReplicaRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  registerReplica(
    argument: _tensorcast_global_store_v1_RegisterReplicaRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  registerReplica(
    argument: _tensorcast_global_store_v1_RegisterReplicaRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;

  RegisterWorker(
    argument: _tensorcast_global_store_v1_RegisterWorkerRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  RegisterWorker(
    argument: _tensorcast_global_store_v1_RegisterWorkerRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  RegisterWorker(
    argument: _tensorcast_global_store_v1_RegisterWorkerRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  RegisterWorker(
    argument: _tensorcast_global_store_v1_RegisterWorkerRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  registerWorker(
    argument: _tensorcast_global_store_v1_RegisterWorkerRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  registerWorker(
    argument: _tensorcast_global_store_v1_RegisterWorkerRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  registerWorker(
    argument: _tensorcast_global_store_v1_RegisterWorkerRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  registerWorker(
    argument: _tensorcast_global_store_v1_RegisterWorkerRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RegisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;

  RequestReplicaTransport(
    argument: _tensorcast_global_store_v1_RequestReplicaTransportRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RequestReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;
  RequestReplicaTransport(
    argument: _tensorcast_global_store_v1_RequestReplicaTransportRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RequestReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;
  RequestReplicaTransport(
    argument: _tensorcast_global_store_v1_RequestReplicaTransportRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RequestReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;
  RequestReplicaTransport(
    argument: _tensorcast_global_store_v1_RequestReplicaTransportRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RequestReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;
  requestReplicaTransport(
    argument: _tensorcast_global_store_v1_RequestReplicaTransportRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RequestReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;
  requestReplicaTransport(
    argument: _tensorcast_global_store_v1_RequestReplicaTransportRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RequestReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;
  requestReplicaTransport(
    argument: _tensorcast_global_store_v1_RequestReplicaTransportRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RequestReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;
  requestReplicaTransport(
    argument: _tensorcast_global_store_v1_RequestReplicaTransportRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RequestReplicaTransportResponse__Output>,
  ): grpc.ClientUnaryCall;

  UnregisterReplica(
    argument: _tensorcast_global_store_v1_UnregisterReplicaRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  UnregisterReplica(
    argument: _tensorcast_global_store_v1_UnregisterReplicaRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  UnregisterReplica(
    argument: _tensorcast_global_store_v1_UnregisterReplicaRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  UnregisterReplica(
    argument: _tensorcast_global_store_v1_UnregisterReplicaRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  unregisterReplica(
    argument: _tensorcast_global_store_v1_UnregisterReplicaRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  unregisterReplica(
    argument: _tensorcast_global_store_v1_UnregisterReplicaRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  unregisterReplica(
    argument: _tensorcast_global_store_v1_UnregisterReplicaRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  unregisterReplica(
    argument: _tensorcast_global_store_v1_UnregisterReplicaRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;

  UnregisterReplicaByWorker(
    argument: _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  UnregisterReplicaByWorker(
    argument: _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  UnregisterReplicaByWorker(
    argument: _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  UnregisterReplicaByWorker(
    argument: _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  unregisterReplicaByWorker(
    argument: _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  unregisterReplicaByWorker(
    argument: _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  unregisterReplicaByWorker(
    argument: _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  unregisterReplicaByWorker(
    argument: _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;

  UnregisterWorker(
    argument: _tensorcast_global_store_v1_UnregisterWorkerRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  UnregisterWorker(
    argument: _tensorcast_global_store_v1_UnregisterWorkerRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  UnregisterWorker(
    argument: _tensorcast_global_store_v1_UnregisterWorkerRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  UnregisterWorker(
    argument: _tensorcast_global_store_v1_UnregisterWorkerRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  unregisterWorker(
    argument: _tensorcast_global_store_v1_UnregisterWorkerRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  unregisterWorker(
    argument: _tensorcast_global_store_v1_UnregisterWorkerRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  unregisterWorker(
    argument: _tensorcast_global_store_v1_UnregisterWorkerRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;
  unregisterWorker(
    argument: _tensorcast_global_store_v1_UnregisterWorkerRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UnregisterWorkerResponse__Output>,
  ): grpc.ClientUnaryCall;

  UpdateReplica(
    argument: _tensorcast_global_store_v1_UpdateReplicaRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpdateReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpdateReplica(
    argument: _tensorcast_global_store_v1_UpdateReplicaRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpdateReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpdateReplica(
    argument: _tensorcast_global_store_v1_UpdateReplicaRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpdateReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpdateReplica(
    argument: _tensorcast_global_store_v1_UpdateReplicaRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpdateReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  updateReplica(
    argument: _tensorcast_global_store_v1_UpdateReplicaRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpdateReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  updateReplica(
    argument: _tensorcast_global_store_v1_UpdateReplicaRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpdateReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  updateReplica(
    argument: _tensorcast_global_store_v1_UpdateReplicaRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpdateReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;
  updateReplica(
    argument: _tensorcast_global_store_v1_UpdateReplicaRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpdateReplicaResponse__Output>,
  ): grpc.ClientUnaryCall;

  WaitReplicaDrain(
    argument: _tensorcast_global_store_v1_WaitReplicaDrainRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WaitReplicaDrainResponse__Output>,
  ): grpc.ClientUnaryCall;
  WaitReplicaDrain(
    argument: _tensorcast_global_store_v1_WaitReplicaDrainRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WaitReplicaDrainResponse__Output>,
  ): grpc.ClientUnaryCall;
  WaitReplicaDrain(
    argument: _tensorcast_global_store_v1_WaitReplicaDrainRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WaitReplicaDrainResponse__Output>,
  ): grpc.ClientUnaryCall;
  WaitReplicaDrain(
    argument: _tensorcast_global_store_v1_WaitReplicaDrainRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WaitReplicaDrainResponse__Output>,
  ): grpc.ClientUnaryCall;
  waitReplicaDrain(
    argument: _tensorcast_global_store_v1_WaitReplicaDrainRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WaitReplicaDrainResponse__Output>,
  ): grpc.ClientUnaryCall;
  waitReplicaDrain(
    argument: _tensorcast_global_store_v1_WaitReplicaDrainRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WaitReplicaDrainResponse__Output>,
  ): grpc.ClientUnaryCall;
  waitReplicaDrain(
    argument: _tensorcast_global_store_v1_WaitReplicaDrainRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WaitReplicaDrainResponse__Output>,
  ): grpc.ClientUnaryCall;
  waitReplicaDrain(
    argument: _tensorcast_global_store_v1_WaitReplicaDrainRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WaitReplicaDrainResponse__Output>,
  ): grpc.ClientUnaryCall;

  WorkerHeartbeat(
    argument: _tensorcast_global_store_v1_WorkerHeartbeatRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WorkerHeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
  WorkerHeartbeat(
    argument: _tensorcast_global_store_v1_WorkerHeartbeatRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WorkerHeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
  WorkerHeartbeat(
    argument: _tensorcast_global_store_v1_WorkerHeartbeatRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WorkerHeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
  WorkerHeartbeat(
    argument: _tensorcast_global_store_v1_WorkerHeartbeatRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WorkerHeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
  workerHeartbeat(
    argument: _tensorcast_global_store_v1_WorkerHeartbeatRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WorkerHeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
  workerHeartbeat(
    argument: _tensorcast_global_store_v1_WorkerHeartbeatRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WorkerHeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
  workerHeartbeat(
    argument: _tensorcast_global_store_v1_WorkerHeartbeatRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WorkerHeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
  workerHeartbeat(
    argument: _tensorcast_global_store_v1_WorkerHeartbeatRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_WorkerHeartbeatResponse__Output>,
  ): grpc.ClientUnaryCall;
}

/**
 * Worker lifecycle, liveness and replica placement: what every store daemon calls.
 */
export interface ClusterRuntimeServiceHandlers extends grpc.UntypedServiceImplementation {
  BatchGetReplicaCounts: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_BatchGetReplicaCountsRequest__Output,
    _tensorcast_global_store_v1_BatchGetReplicaCountsResponse
  >;

  /**
   * Daemon-facing wire beyond the deployment guide: the chunk directory, replica drain and
   * peer-to-peer replica transport (rules in docs/daemon-rpcs.md).
   */
  BatchUpdateChunkStates: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest__Output,
    _tensorcast_global_store_v1_BatchUpdateChunkStatesResponse
  >;

  CompleteReplicaTransport: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_CompleteReplicaTransportRequest__Output,
    _tensorcast_global_store_v1_CompleteReplicaTransportResponse
  >;

  ListActiveWorkers: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_ListActiveWorkersRequest__Output,
    _tensorcast_global_store_v1_ListActiveWorkersResponse
  >;

  ListReplicasV2: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_ListReplicasV2Request__Output,
    _tensorcast_global_store_v1_ListReplicasV2Response
  >;

  MarkReplicaUnavailable: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_MarkReplicaUnavailableRequest__Output,
    _tensorcast_global_store_v1_MarkReplicaUnavailableResponse
  >;

  QueryChunkLocations: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_QueryChunkLocationsRequest__Output,
    _tensorcast_global_store_v1_QueryChunkLocationsResponse
  >;

  QueryTransportWindow: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_QueryTransportWindowRequest__Output,
    _tensorcast_global_store_v1_QueryTransportWindowResponse
  >;

  ReconcileWorkerState: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_ReconcileWorkerStateRequest__Output,
    _tensorcast_global_store_v1_ReconcileWorkerStateResponse
  >;

  RegisterReplica: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_RegisterReplicaRequest__Output,
    _tensorcast_global_store_v1_RegisterReplicaResponse
  >;

  RegisterWorker: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_RegisterWorkerRequest__Output,
    _tensorcast_global_store_v1_RegisterWorkerResponse
  >;

  RequestReplicaTransport: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_RequestReplicaTransportRequest__Output,
    _tensorcast_global_store_v1_RequestReplicaTransportResponse
  >;

  UnregisterReplica: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_UnregisterReplicaRequest__Output,
    _tensorcast_global_store_v1_UnregisterReplicaResponse
  >;

  UnregisterReplicaByWorker: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest__Output,
    _tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse
  >;

  UnregisterWorker: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_UnregisterWorkerRequest__Output,
    _tensorcast_global_store_v1_UnregisterWorkerResponse
  >;

  UpdateReplica: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_UpdateReplicaRequest__Output,
    _tensorcast_global_store_v1_UpdateReplicaResponse
  >;

  WaitReplicaDrain: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_WaitReplicaDrainRequest__Output,
    _tensorcast_global_store_v1_WaitReplicaDrainResponse
  >;

  WorkerHeartbeat: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_WorkerHeartbeatRequest__Output,
    _tensorcast_global_store_v1_WorkerHeartbeatResponse
  >;
}

export interface ClusterRuntimeServiceDefinition extends grpc.ServiceDefinition {
  BatchGetReplicaCounts: MethodDefinition<
    _tensorcast_global_store_v1_BatchGetReplicaCountsRequest,
    _tensorcast_global_store_v1_BatchGetReplicaCountsResponse,
    _tensorcast_global_store_v1_BatchGetReplicaCountsRequest__Output,
    _tensorcast_global_store_v1_BatchGetReplicaCountsResponse__Output
  >;
  BatchUpdateChunkStates: MethodDefinition<
    _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest,
    _tensorcast_global_store_v1_BatchUpdateChunkStatesResponse,
    _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest__Output,
    _tensorcast_global_store_v1_BatchUpdateChunkStatesResponse__Output
  >;
  CompleteReplicaTransport: MethodDefinition<
    _tensorcast_global_store_v1_CompleteReplicaTransportRequest,
    _tensorcast_global_store_v1_CompleteReplicaTransportResponse,
    _tensorcast_global_store_v1_CompleteReplicaTransportRequest__Output,
    _tensorcast_global_store_v1_CompleteReplicaTransportResponse__Output
  >;
  ListActiveWorkers: MethodDefinition<
    _tensorcast_global_store_v1_ListActiveWorkersRequest,
    _tensorcast_global_store_v1_ListActiveWorkersResponse,
    _tensorcast_global_store_v1_ListActiveWorkersRequest__Output,
    _tensorcast_global_store_v1_ListActiveWorkersResponse__Output
  >;
  ListReplicasV2: MethodDefinition<
    _tensorcast_global_store_v1_ListReplicasV2Request,
    _tensorcast_global_store_v1_ListReplicasV2Response,
    _tensorcast_global_store_v1_ListReplicasV2Request__Output,
    _tensorcast_global_store_v1_ListReplicasV2Response__Output
  >;
  MarkReplicaUnavailable: MethodDefinition<
    _tensorcast_global_store_v1_MarkReplicaUnavailableRequest,
    _tensorcast_global_store_v1_MarkReplicaUnavailableResponse,
    _tensorcast_global_store_v1_MarkReplicaUnavailableRequest__Output,
    _tensorcast_global_store_v1_MarkReplicaUnavailableResponse__Output
  >;
  QueryChunkLocations: MethodDefinition<
    _tensorcast_global_store_v1_QueryChunkLocationsRequest,
    _tensorcast_global_store_v1_QueryChunkLocationsResponse,
    _tensorcast_global_store_v1_QueryChunkLocationsRequest__Output,
    _tensorcast_global_store_v1_QueryChunkLocationsResponse__Output
  >;
  QueryTransportWindow: MethodDefinition<
    _tensorcast_global_store_v1_QueryTransportWindowRequest,
    _tensorcast_global_store_v1_QueryTransportWindowResponse,
    _tensorcast_global_store_v1_QueryTransportWindowRequest__Output,
    _tensorcast_global_store_v1_QueryTransportWindowResponse__Output
  >;
  ReconcileWorkerState: MethodDefinition<
    _tensorcast_global_store_v1_ReconcileWorkerStateRequest,
    _tensorcast_global_store_v1_ReconcileWorkerStateResponse,
    _tensorcast_global_store_v1_ReconcileWorkerStateRequest__Output,
    _tensorcast_global_store_v1_ReconcileWorkerStateResponse__Output
  >;
  RegisterReplica: MethodDefinition<
    _tensorcast_global_store_v1_RegisterReplicaRequest,
    _tensorcast_global_store_v1_RegisterReplicaResponse,
    _tensorcast_global_store_v1_RegisterReplicaRequest__Output,
    _tensorcast_global_store_v1_RegisterReplicaResponse__Output
  >;
  RegisterWorker: MethodDefinition<
    _tensorcast_global_store_v1_RegisterWorkerRequest,
    _tensorcast_global_store_v1_RegisterWorkerResponse,
    _tensorcast_global_store_v1_RegisterWorkerRequest__Output,
    _tensorcast_global_store_v1_RegisterWorkerResponse__Output
  >;
  RequestReplicaTransport: MethodDefinition<
    _tensorcast_global_store_v1_RequestReplicaTransportRequest,
    _tensorcast_global_store_v1_RequestReplicaTransportResponse,
    _tensorcast_global_store_v1_RequestReplicaTransportRequest__Output,
    _tensorcast_global_store_v1_RequestReplicaTransportResponse__Output
  >;
  UnregisterReplica: MethodDefinition<
    _tensorcast_global_store_v1_UnregisterReplicaRequest,
    _tensorcast_global_store_v1_UnregisterReplicaResponse,
    _tensorcast_global_store_v1_UnregisterReplicaRequest__Output,
    _tensorcast_global_store_v1_UnregisterReplicaResponse__Output
  >;
  UnregisterReplicaByWorker: MethodDefinition<
    _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest,
    _tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse,
    _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest__Output,
    _tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse__Output
  >;
  UnregisterWorker: MethodDefinition<
    _tensorcast_global_store_v1_UnregisterWorkerRequest,
    _tensorcast_global_store_v1_UnregisterWorkerResponse,
    _tensorcast_global_store_v1_UnregisterWorkerRequest__Output,
    _tensorcast_global_store_v1_UnregisterWorkerResponse__Output
  >;
  UpdateReplica: MethodDefinition<
    _tensorcast_global_store_v1_UpdateReplicaRequest,
    _tensorcast_global_store_v1_UpdateReplicaResponse,
    _tensorcast_global_store_v1_UpdateReplicaRequest__Output,
    _tensorcast_global_store_v1_UpdateReplicaResponse__Output
  >;
  WaitReplicaDrain: MethodDefinition<
    _tensorcast_global_store_v1_WaitReplicaDrainRequest,
    _tensorcast_global_store_v1_WaitReplicaDrainResponse,
    _tensorcast_global_store_v1_WaitReplicaDrainRequest__Output,
    _tensorcast_global_store_v1_WaitReplicaDrainResponse__Output
  >;
  WorkerHeartbeat: MethodDefinition<
    _tensorcast_global_store_v1_WorkerHeartbeatRequest,
    _tensorcast_global_store_v1_WorkerHeartbeatResponse,
    _tensorcast_global_store_v1_WorkerHeartbeatRequest__Output,
    _tensorcast_global_store_v1_WorkerHeartbeatResponse__Output
  >;
}
