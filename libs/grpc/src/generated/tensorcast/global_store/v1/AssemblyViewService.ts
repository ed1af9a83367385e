// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  GetArtifactInfoByIdRequest as _tensorcast_global_store_v1_GetArtifactInfoByIdRequest,
  GetArtifactInfoByIdRequest__Output as _tensorcast_global_store_v1_GetArtifactInfoByIdRequest__Output,
} from '../../../tensorcast/global_store/v1/GetArtifactInfoByIdRequest';
import type {
  GetArtifactInfoByIdResponse as _tensorcast_global_store_v1_GetArtifactInfoByIdResponse,
  GetArtifactInfoByIdResponse__Output as _tensorcast_global_store_v1_GetArtifactInfoByIdResponse__Output,
} from '../../../tensorcast/global_store/v1/GetArtifactInfoByIdResponse';

/**
 * Read side for clients assembling an artifact. Only GetArtifactInfoById is served.
 */
export interface AssemblyViewServiceClient extends grpc.Client {
  GetArtifactInfoById(
    argument: _tensorcast_global_store_v1_GetArtifactInfoByIdRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactInfoByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetArtifactInfoById(
    argument: _tensorcast_global_store_v1_GetArtifactInfoByIdRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactInfoByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetArtifactInfoById(
    argument: _tensorcast_global_store_v1_GetArtifactInfoByIdRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactInfoByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetArtifactInfoById(
    argument: _tensorcast_global_store_v1_GetArtifactInfoByIdRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactInfoByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifactInfoById(
    argument: _tensorcast_global_store_v1_GetArtifactInfoByIdRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactInfoByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifactInfoById(
    argument: _tensorcast_global_store_v1_GetArtifactInfoByIdRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactInfoByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifactInfoById(
    argument: _tensorcast_global_store_v1_GetArtifactInfoByIdRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactInfoByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifactInfoById(
    argument: _tensorcast_global_store_v1_GetArtifactInfoByIdRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactInfoByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
}

/**
 * Read side for clients assembling an artifact. Only GetArtifactInfoById is served.
 */
export interface AssemblyViewServiceHandlers extends grpc.UntypedServiceImplementation {
  GetArtifactInfoById: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_GetArtifactInfoByIdRequest__Output,
    _tensorcast_global_store_v1_GetArtifactInfoByIdResponse
  >;
}

export interface AssemblyViewServiceDefinition extends grpc.ServiceDefinition {
  GetArtifactInfoById: MethodDefinition<
    _tensorcast_global_store_v1_GetArtifactInfoByIdRequest,
    _tensorcast_global_store_v1_GetArtifactInfoByIdResponse,
    _tensorcast_global_store_v1_GetArtifactInfoByIdRequest__Output,
    _tensorcast_global_store_v1_GetArtifactInfoByIdResponse__Output
  >;
}
