// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type {
  GetArtifactIndexByIdRequest as _tensorcast_global_store_v1_GetArtifactIndexByIdRequest,
  GetArtifactIndexByIdRequest__Output as _tensorcast_global_store_v1_GetArtifactIndexByIdRequest__Output,
} from '../../../tensorcast/global_store/v1/GetArtifactIndexByIdRequest';
import type {
  GetArtifactIndexByIdResponse as _tensorcast_global_store_v1_GetArtifactIndexByIdResponse,
  GetArtifactIndexByIdResponse__Output as _tensorcast_global_store_v1_GetArtifactIndexByIdResponse__Output,
} from '../../../tensorcast/global_store/v1/GetArtifactIndexByIdResponse';
import type {
  GetArtifactIndexRequest as _tensorcast_global_store_v1_GetArtifactIndexRequest,
  GetArtifactIndexRequest__Output as _tensorcast_global_store_v1_GetArtifactIndexRequest__Output,
} from '../../../tensorcast/global_store/v1/GetArtifactIndexRequest';
import type {
  GetArtifactIndexResponse as _tensorcast_global_store_v1_GetArtifactIndexResponse,
  GetArtifactIndexResponse__Output as _tensorcast_global_store_v1_GetArtifactIndexResponse__Output,
} from '../../../tensorcast/global_store/v1/GetArtifactIndexResponse';
import type {
  ResolveKeyMappingRequest as _tensorcast_global_store_v1_ResolveKeyMappingRequest,
  ResolveKeyMappingRequest__Output as _tensorcast_global_store_v1_ResolveKeyMappingRequest__Output,
} from '../../../tensorcast/global_store/v1/ResolveKeyMappingRequest';
import type {
  ResolveKeyMappingResponse as _tensorcast_global_store_v1_ResolveKeyMappingResponse,
  ResolveKeyMappingResponse__Output as _tensorcast_global_store_v1_ResolveKeyMappingResponse__Output,
} from '../../../tensorcast/global_store/v1/ResolveKeyMappingResponse';
import type {
  RevokeKeyMappingRequest as _tensorcast_global_store_v1_RevokeKeyMappingRequest,
  RevokeKeyMappingRequest__Output as _tensorcast_global_store_v1_RevokeKeyMappingRequest__Output,
} from '../../../tensorcast/global_store/v1/RevokeKeyMappingRequest';
import type {
  RevokeKeyMappingResponse as _tensorcast_global_store_v1_RevokeKeyMappingResponse,
  RevokeKeyMappingResponse__Output as _tensorcast_global_store_v1_RevokeKeyMappingResponse__Output,
} from '../../../tensorcast/global_store/v1/RevokeKeyMappingResponse';
import type {
  SwapKeyMappingRequest as _tensorcast_global_store_v1_SwapKeyMappingRequest,
  SwapKeyMappingRequest__Output as _tensorcast_global_store_v1_SwapKeyMappingRequest__Output,
} from '../../../tensorcast/global_store/v1/SwapKeyMappingRequest';
import type {
  SwapKeyMappingResponse as _tensorcast_global_store_v1_SwapKeyMappingResponse,
  SwapKeyMappingResponse__Output as _tensorcast_global_store_v1_SwapKeyMappingResponse__Output,
} from '../../../tensorcast/global_store/v1/SwapKeyMappingResponse';
import type {
  UpsertArtifactMetadataRequest as _tensorcast_global_store_v1_UpsertArtifactMetadataRequest,
  UpsertArtifactMetadataRequest__Output as _tensorcast_global_store_v1_UpsertArtifactMetadataRequest__Output,
} from '../../../tensorcast/global_store/v1/UpsertArtifactMetadataRequest';
import type {
  UpsertArtifactMetadataResponse as _tensorcast_global_store_v1_UpsertArtifactMetadataResponse,
  UpsertArtifactMetadataResponse__Output as _tensorcast_global_store_v1_UpsertArtifactMetadataResponse__Output,
} from '../../../tensorcast/global_store/v1/UpsertArtifactMetadataResponse';
import type {
  UpsertKeyMappingRequest as _tensorcast_global_store_v1_UpsertKeyMappingRequest,
  UpsertKeyMappingRequest__Output as _tensorcast_global_store_v1_UpsertKeyMappingRequest__Output,
} from '../../../tensorcast/global_store/v1/UpsertKeyMappingRequest';
import type {
  UpsertKeyMappingResponse as _tensorcast_global_store_v1_UpsertKeyMappingResponse,
  UpsertKeyMappingResponse__Output as _tensorcast_global_store_v1_UpsertKeyMappingResponse__Output,
} from '../../../tensorcast/global_store/v1/UpsertKeyMappingResponse';

/**
 * Artifact metadata, canonical tensor indexes and key → artifact mappings (aliases).
 */
export interface ArtifactCatalogServiceClient extends grpc.Client {
  GetArtifactIndex(
    argument: _tensorcast_global_store_v1_GetArtifactIndexRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetArtifactIndex(
    argument: _tensorcast_global_store_v1_GetArtifactIndexRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetArtifactIndex(
    argument: _tensorcast_global_store_v1_GetArtifactIndexRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetArtifactIndex(
    argument: _tensorcast_global_store_v1_GetArtifactIndexRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifactIndex(
    argument: _tensorcast_global_store_v1_GetArtifactIndexRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifactIndex(
    argument: _tensorcast_global_store_v1_GetArtifactIndexRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifactIndex(
    argument: _tensorcast_global_store_v1_GetArtifactIndexRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifactIndex(
    argument: _tensorcast_global_store_v1_GetArtifactIndexRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexResponse__Output>,
  ): grpc.ClientUnaryCall;

  GetArtifactIndexById(
    argument: _tensorcast_global_store_v1_GetArtifactIndexByIdRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetArtifactIndexById(
    argument: _tensorcast_global_store_v1_GetArtifactIndexByIdRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetArtifactIndexById(
    argument: _tensorcast_global_store_v1_GetArtifactIndexByIdRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
  GetArtifactIndexById(
    argument: _tensorcast_global_store_v1_GetArtifactIndexByIdRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifactIndexById(
    argument: _tensorcast_global_store_v1_GetArtifactIndexByIdRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifactIndexById(
    argument: _tensorcast_global_store_v1_GetArtifactIndexByIdRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifactIndexById(
    argument: _tensorcast_global_store_v1_GetArtifactIndexByIdRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexByIdResponse__Output>,
  ): grpc.ClientUnaryCall;
  getArtifactIndexById(
    argument: _tensorcast_global_store_v1_GetArtifactIndexByIdRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_GetArtifactIndexByIdResponse__Output>,
  ): grpc.ClientUnaryCall;

  ResolveKeyMapping(
    argument: _tensorcast_global_store_v1_ResolveKeyMappingRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ResolveKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  ResolveKeyMapping(
    argument: _tensorcast_global_store_v1_ResolveKeyMappingRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ResolveKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  ResolveKeyMapping(
    argument: _tensorcast_global_store_v1_ResolveKeyMappingRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ResolveKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  ResolveKeyMapping(
    argument: _tensorcast_global_store_v1_ResolveKeyMappingRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ResolveKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  resolveKeyMapping(
    argument: _tensorcast_global_store_v1_ResolveKeyMappingRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ResolveKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  resolveKeyMapping(
    argument: _tensorcast_global_store_v1_ResolveKeyMappingRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ResolveKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  resolveKeyMapping(
    argument: _tensorcast_global_store_v1_ResolveKeyMappingRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ResolveKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  resolveKeyMapping(
    argument: _tensorcast_global_store_v1_ResolveKeyMappingRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_ResolveKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;

  RevokeKeyMapping(
    argument: _tensorcast_global_store_v1_RevokeKeyMappingRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  RevokeKeyMapping(
    argument: _tensorcast_global_store_v1_RevokeKeyMappingRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  RevokeKeyMapping(
    argument: _tensorcast_global_store_v1_RevokeKeyMappingRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  RevokeKeyMapping(
    argument: _tensorcast_global_store_v1_RevokeKeyMappingRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  revokeKeyMapping(
    argument: _tensorcast_global_store_v1_RevokeKeyMappingRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  revokeKeyMapping(
    argument: _tensorcast_global_store_v1_RevokeKeyMappingRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  revokeKeyMapping(
    argument: _tensorcast_global_store_v1_RevokeKeyMappingRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  revokeKeyMapping(
    argument: _tensorcast_global_store_v1_RevokeKeyMappingRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_RevokeKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;

  SwapKeyMapping(
    argument: _tensorcast_global_store_v1_SwapKeyMappingRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_SwapKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  SwapKeyMapping(
    argument: _tensorcast_global_store_v1_SwapKeyMappingRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_SwapKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  SwapKeyMapping(
    argument: _tensorcast_global_store_v1_SwapKeyMappingRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_SwapKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  SwapKeyMapping(
    argument: _tensorcast_global_store_v1_SwapKeyMappingRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_SwapKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  swapKeyMapping(
    argument: _tensorcast_global_store_v1_SwapKeyMappingRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_SwapKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  swapKeyMapping(
    argument: _tensorcast_global_store_v1_SwapKeyMappingRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_SwapKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  swapKeyMapping(
    argument: _tensorcast_global_store_v1_SwapKeyMappingRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_SwapKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  swapKeyMapping(
    argument: _tensorcast_global_store_v1_SwapKeyMappingRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_SwapKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;

  UpsertArtifactMetadata(
    argument: _tensorcast_global_store_v1_UpsertArtifactMetadataRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertArtifactMetadataResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpsertArtifactMetadata(
    argument: _tensorcast_global_store_v1_UpsertArtifactMetadataRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertArtifactMetadataResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpsertArtifactMetadata(
    argument: _tensorcast_global_store_v1_UpsertArtifactMetadataRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertArtifactMetadataResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpsertArtifactMetadata(
    argument: _tensorcast_global_store_v1_UpsertArtifactMetadataRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertArtifactMetadataResponse__Output>,
  ): grpc.ClientUnaryCall;
  upsertArtifactMetadata(
    argument: _tensorcast_global_store_v1_UpsertArtifactMetadataRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertArtifactMetadataResponse__Output>,
  ): grpc.ClientUnaryCall;
  upsertArtifactMetadata(
    argument: _tensorcast_global_store_v1_UpsertArtifactMetadataRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertArtifactMetadataResponse__Output>,
  ): grpc.ClientUnaryCall;
  upsertArtifactMetadata(
    argument: _tensorcast_global_store_v1_UpsertArtifactMetadataRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertArtifactMetadataResponse__Output>,
  ): grpc.ClientUnaryCall;
  upsertArtifactMetadata(
    argument: _tensorcast_global_store_v1_UpsertArtifactMetadataRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertArtifactMetadataResponse__Output>,
  ): grpc.ClientUnaryCall;

  UpsertKeyMapping(
    argument: _tensorcast_global_store_v1_UpsertKeyMappingRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpsertKeyMapping(
    argument: _tensorcast_global_store_v1_UpsertKeyMappingRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpsertKeyMapping(
    argument: _tensorcast_global_store_v1_UpsertKeyMappingRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  UpsertKeyMapping(
    argument: _tensorcast_global_store_v1_UpsertKeyMappingRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  upsertKeyMapping(
    argument: _tensorcast_global_store_v1_UpsertKeyMappingRequest,
    metadata: grpc.Metadata,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  upsertKeyMapping(
    argument: _tensorcast_global_store_v1_UpsertKeyMappingRequest,
    metadata: grpc.Metadata,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  upsertKeyMapping(
    argument: _tensorcast_global_store_v1_UpsertKeyMappingRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
  upsertKeyMapping(
    argument: _tensorcast_global_store_v1_UpsertKeyMappingRequest,
    callback: grpc.requestCallback<_tensorcast_global_store_v1_UpsertKeyMappingResponse__Output>,
  ): grpc.ClientUnaryCall;
}

/**
 * Artifact metadata, canonical tensor indexes and key → artifact mappings (aliases).
 */
export interface ArtifactCatalogServiceHandlers extends grpc.UntypedServiceImplementation {
  GetArtifactIndex: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_GetArtifactIndexRequest__Output,
    _tensorcast_global_store_v1_GetArtifactIndexResponse
  >;

  GetArtifactIndexById: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_GetArtifactIndexByIdRequest__Output,
    _tensorcast_global_store_v1_GetArtifactIndexByIdResponse
  >;

  ResolveKeyMapping: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_ResolveKeyMappingRequest__Output,
    _tensorcast_global_store_v1_ResolveKeyMappingResponse
  >;

  RevokeKeyMapping: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_RevokeKeyMappingRequest__Output,
    _tensorcast_global_store_v1_RevokeKeyMappingResponse
  >;

  SwapKeyMapping: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_SwapKeyMappingRequest__Output,
    _tensorcast_global_store_v1_SwapKeyMappingResponse
  >;

  UpsertArtifactMetadata: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_UpsertArtifactMetadataRequest__Output,
    _tensorcast_global_store_v1_UpsertArtifactMetadataResponse
  >;

  UpsertKeyMapping: grpc.handleUnaryCall<
    _tensorcast_global_store_v1_UpsertKeyMappingRequest__Output,
    _tensorcast_global_store_v1_UpsertKeyMappingResponse
  >;
}

export interface ArtifactCatalogServiceDefinition extends grpc.ServiceDefinition {
  GetArtifactIndex: MethodDefinition<
    _tensorcast_global_store_v1_GetArtifactIndexRequest,
    _tensorcast_global_store_v1_GetArtifactIndexResponse,
    _tensorcast_global_store_v1_GetArtifactIndexRequest__Output,
    _tensorcast_global_store_v1_GetArtifactIndexResponse__Output
  >;
  GetArtifactIndexById: MethodDefinition<
    _tensorcast_global_store_v1_GetArtifactIndexByIdRequest,
    _tensorcast_global_store_v1_GetArtifactIndexByIdResponse,
    _tensorcast_global_store_v1_GetArtifactIndexByIdRequest__Output,
    _tensorcast_global_store_v1_GetArtifactIndexByIdResponse__Output
  >;
  ResolveKeyMapping: MethodDefinition<
    _tensorcast_global_store_v1_ResolveKeyMappingRequest,
    _tensorcast_global_store_v1_ResolveKeyMappingResponse,
    _tensorcast_global_store_v1_ResolveKeyMappingRequest__Output,
    _tensorcast_global_store_v1_ResolveKeyMappingResponse__Output
  >;
  RevokeKeyMapping: MethodDefinition<
    _tensorcast_global_store_v1_RevokeKeyMappingRequest,
    _tensorcast_global_store_v1_RevokeKeyMappingResponse,
    _tensorcast_global_store_v1_RevokeKeyMappingRequest__Output,
    _tensorcast_global_store_v1_RevokeKeyMappingResponse__Output
  >;
  SwapKeyMapping: MethodDefinition<
    _tensorcast_global_store_v1_SwapKeyMappingRequest,
    _tensorcast_global_store_v1_SwapKeyMappingResponse,
    _tensorcast_global_store_v1_SwapKeyMappingRequest__Output,
    _tensorcast_global_store_v1_SwapKeyMappingResponse__Output
  >;
  UpsertArtifactMetadata: MethodDefinition<
    _tensorcast_global_store_v1_UpsertArtifactMetadataRequest,
    _tensorcast_global_store_v1_UpsertArtifactMetadataResponse,
    _tensorcast_global_store_v1_UpsertArtifactMetadataRequest__Output,
    _tensorcast_global_store_v1_UpsertArtifactMetadataResponse__Output
  >;
  UpsertKeyMapping: MethodDefinition<
    _tensorcast_global_store_v1_UpsertKeyMappingRequest,
    _tensorcast_global_store_v1_UpsertKeyMappingResponse,
    _tensorcast_global_store_v1_UpsertKeyMappingRequest__Output,
    _tensorcast_global_store_v1_UpsertKeyMappingResponse__Output
  >;
}
