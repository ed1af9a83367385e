// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  GetServerInfoRequest as _tensorcast_global_store_v1_GetServerInfoRequest,
  GetServerInfoRequest__Output as _tensorcast_global_store_v1_GetServerInfoRequest__Output,
} from '../../../tensorcast/global_store/v1/GetServerInfoRequest';
import type {
  GetServerInfoResponse as _tensorcast_global_store_v1_GetServerInfoResponse,
  GetServerInfoResponse__Output as _tensorcast_global_store_v1_GetServerInfoResponse__Output,
} from '../../../tensorcast/global_store/v1/GetServerInfoResponse';
import type {
  HealthCheckRequest as _tensorcast_global_store_v1_HealthCheckRequest,
  HealthCheckRequest__Output as _tensorcast_global_store_v1_HealthCheckRequest__Output,
} from '../../../tensorcast/global_store/v1/HealthCheckRequest';
import type {
  HealthCheckResponse as _tensorcast_global_store_v1_HealthCheckResponse,
  HealthCheckResponse__Output as _tensorcast_global_store_v1_HealthCheckResponse__Output,
} from '../../../tensorcast/global_store/v1/HealthCheckResponse';

/**
 * Operator and probe endpoints.
 */
export interface ClusterAdminServiceClient extends grpc.Client {
  GetServerInfo(
    argument: _tensorcast_global_store_v1_GetServerInfoRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetServerInfoResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetServerInfo(
    argument: _tensorcast_global_store_v1_GetServerInfoRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetServerInfoResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetServerInfo(
    argument: _tensorcast_global_store_v1_GetServerInfoRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetServerInfoResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetServerInfo(
    argument: _tensorcast_global_store_v1_GetServerInfoRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetServerInfoResponse__Output>,
  ): grpc.ClientUnaryCall;
  getServerInfo(
    argument: _tensorcast_global_store_v1_GetServerInfoRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetServerInfoResponse__Output>,
  ): grpc.ClientUnaryCall;
  getServerInfo(
    argument: _tensorcast_global_store_v1_GetServerInfoRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetServerInfoResponse__Output>,
  ): grpc.ClientUnaryCall;
  getServerInfo(
    argument: _tensorcast_global_store_v1_GetServerInfoRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetServerInfoResponse__Output>,
  ): grpc.ClientUnaryCall;
  getServerInfo(
    argument: _tensorcast_global_store_v1_GetServerInfoRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetServerInfoResponse__Output>,
  ): grpc.ClientUnaryCall;

  HealthCheck(
    argument: _tensorcast_global_store_v1_HealthCheckRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
  HealthCheck(
    argument: _tensorcast_global_store_v1_HealthCheckRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
  HealthCheck(
    argument: _tensorcast_global_store_v1_HealthCheckRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
  HealthCheck(
    argument: _tensorcast_global_store_v1_HealthCheckRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
  healthCheck(
    argument: _tensorcast_global_store_v1_HealthCheckRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
  healthCheck(
    argument: _tensorcast_global_store_v1_HealthCheckRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
  healthCheck(
    argument: _tensorcast_global_store_v1_HealthCheckRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
  healthCheck(
    argument: _tensorcast_global_store_v1_HealthCheckRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_HealthCheckResponse__Output>,
  ): grpc.ClientUnaryCall;
}

/**
 * Operator and probe endpoints.
 */
export interface ClusterAdminServiceHandlers extends grpc.UntypedServiceImplementation {
  GetServerInfo: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_GetServerInfoRequest__Output,
    _tensorcast_global_store_v1_GetServerInfoResponse
  >;

  HealthCheck: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_HealthCheckRequest__Output,
    _tensorcast_global_store_v1_HealthCheckResponse
  >;
}

export interface ClusterAdminServiceDefinition extends grpc.ServiceDefinition {
  GetServerInfo: MethodDefinition<
    _tensorcast_global_store_v1_GetServerInfoRequest,
    _tensorcast_global_store_v1_GetServerInfoResponse,
    _tensorcast_global_store_v1_GetServerInfoRequest__Output,
    _tensorcast_global_store_v1_GetServerInfoResponse__Output
  >;
  HealthCheck: MethodDefinition<
    _tensorcast_global_store_v1_HealthCheckRequest,
    _tensorcast_global_store_v1_HealthCheckResponse,
    _tensorcast_global_store_v1_HealthCheckRequest__Output,
    _tensorcast_global_store_v1_HealthCheckResponse__Output
  >;
}
