import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  BoolValue as _google_protobuf_BoolValue,
  BoolValue__Output as _google_protobuf_BoolValue__Output,
} from './google/protobuf/BoolValue';
import type {
  BytesValue as _google_protobuf_BytesValue,
  BytesValue__Output as _google_protobuf_BytesValue__Output,
} from './google/protobuf/BytesValue';
import type {
  DoubleValue as _google_protobuf_DoubleValue,
  DoubleValue__Output as _google_protobuf_DoubleValue__Output,
} from './google/protobuf/DoubleValue';
import type {
  Duration as _google_protobuf_Duration,
  Duration__Output as _google_protobuf_Duration__Output,
} from './google/protobuf/Duration';
import type {
  FloatValue as _google_protobuf_FloatValue,
  FloatValue__Output as _google_protobuf_FloatValue__Output,
} from './google/protobuf/FloatValue';
import type {
  Int32Value as _google_protobuf_Int32Value,
  Int32Value__Output as _google_protobuf_Int32Value__Output,
} from './google/protobuf/Int32Value';
import type {
  Int64Value as _google_protobuf_Int64Value,
  Int64Value__Output as _google_protobuf_Int64Value__Output,
} from './google/protobuf/Int64Value';
import type {
  StringValue as _google_protobuf_StringValue,
  StringValue__Output as _google_protobuf_StringValue__Output,
} from './google/protobuf/StringValue';
import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from './google/protobuf/Timestamp';
import type {
  UInt32Value as _google_protobuf_UInt32Value,
  UInt32Value__Output as _google_protobuf_UInt32Value__Output,
} from './google/protobuf/UInt32Value';
import type {
  UInt64Value as _google_protobuf_UInt64Value,
  UInt64Value__Output as _google_protobuf_UInt64Value__Output,
} from './google/protobuf/UInt64Value';
import type {
  ArtifactDescriptor as _tensorcast_common_v1_ArtifactDescriptor,
  ArtifactDescriptor__Output as _tensorcast_common_v1_ArtifactDescriptor__Output,
} from './tensorcast/common/v1/ArtifactDescriptor';
import type {
  ByteSpaceRef as _tensorcast_common_v1_ByteSpaceRef,
  ByteSpaceRef__Output as _tensorcast_common_v1_ByteSpaceRef__Output,
} from './tensorcast/common/v1/ByteSpaceRef';
import type {
  HashSpaceRef as _tensorcast_common_v1_HashSpaceRef,
  HashSpaceRef__Output as _tensorcast_common_v1_HashSpaceRef__Output,
} from './tensorcast/common/v1/HashSpaceRef';
import type {
  MemoryInfo as _tensorcast_common_v1_MemoryInfo,
  MemoryInfo__Output as _tensorcast_common_v1_MemoryInfo__Output,
} from './tensorcast/common/v1/MemoryInfo';
import type {
  PageInfo as _tensorcast_common_v1_PageInfo,
  PageInfo__Output as _tensorcast_common_v1_PageInfo__Output,
} from './tensorcast/common/v1/PageInfo';
import type {
  Pagination as _tensorcast_common_v1_Pagination,
  Pagination__Output as _tensorcast_common_v1_Pagination__Output,
} from './tensorcast/common/v1/Pagination';
import type {
  ReplicaInfo as _tensorcast_common_v1_ReplicaInfo,
  ReplicaInfo__Output as _tensorcast_common_v1_ReplicaInfo__Output,
} from './tensorcast/common/v1/ReplicaInfo';
import type {
  ReplicaRef as _tensorcast_common_v1_ReplicaRef,
  ReplicaRef__Output as _tensorcast_common_v1_ReplicaRef__Output,
} from './tensorcast/common/v1/ReplicaRef';
import type {
  ReplicaStats as _tensorcast_common_v1_ReplicaStats,
  ReplicaStats__Output as _tensorcast_common_v1_ReplicaStats__Output,
} from './tensorcast/common/v1/ReplicaStats';
import type {
  ReplicaTransportMetadata as _tensorcast_common_v1_ReplicaTransportMetadata,
  ReplicaTransportMetadata__Output as _tensorcast_common_v1_ReplicaTransportMetadata__Output,
} from './tensorcast/common/v1/ReplicaTransportMetadata';
import type {
  ArtifactCatalogServiceClient as _tensorcast_global_store_v1_ArtifactCatalogServiceClient,
  ArtifactCatalogServiceDefinition as _tensorcast_global_store_v1_ArtifactCatalogServiceDefinition,
} from './tensorcast/global_store/v1/ArtifactCatalogService';
import type {
  ArtifactReplicaCountRecord as _tensorcast_global_store_v1_ArtifactReplicaCountRecord,
  ArtifactReplicaCountRecord__Output as _tensorcast_global_store_v1_ArtifactReplicaCountRecord__Output,
} from './tensorcast/global_store/v1/ArtifactReplicaCountRecord';
import type {
  ArtifactReplicaRecord as _tensorcast_global_store_v1_ArtifactReplicaRecord,
  ArtifactReplicaRecord__Output as _tensorcast_global_store_v1_ArtifactReplicaRecord__Output,
} from './tensorcast/global_store/v1/ArtifactReplicaRecord';
import type {
  AssemblyViewServiceClient as _tensorcast_global_store_v1_AssemblyViewServiceClient,
  AssemblyViewServiceDefinition as _tensorcast_global_store_v1_AssemblyViewServiceDefinition,
} from './tensorcast/global_store/v1/AssemblyViewService';
import type {
  BatchGetReplicaCountsRequest as _tensorcast_global_store_v1_BatchGetReplicaCountsRequest,
  BatchGetReplicaCountsRequest__Output as _tensorcast_global_store_v1_BatchGetReplicaCountsRequest__Output,
} from './tensorcast/global_store/v1/BatchGetReplicaCountsRequest';
import type {
  BatchGetReplicaCountsResponse as _tensorcast_global_store_v1_BatchGetReplicaCountsResponse,
  BatchGetReplicaCountsResponse__Output as _tensorcast_global_store_v1_BatchGetReplicaCountsResponse__Output,
} from './tensorcast/global_store/v1/BatchGetReplicaCountsResponse';
import type {
  BatchUpdateChunkStatesRequest as _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest,
  BatchUpdateChunkStatesRequest__Output as _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest__Output,
} from './tensorcast/global_store/v1/BatchUpdateChunkStatesRequest';
import type {
  BatchUpdateChunkStatesResponse as _tensorcast_global_store_v1_BatchUpdateChunkStatesResponse,
  BatchUpdateChunkStatesResponse__Output as _tensorcast_global_store_v1_BatchUpdateChunkStatesResponse__Output,
} from './tensorcast/global_store/v1/BatchUpdateChunkStatesResponse';
import type {
  ChunkLocation as _tensorcast_global_store_v1_ChunkLocation,
  ChunkLocation__Output as _tensorcast_global_store_v1_ChunkLocation__Output,
} from './tensorcast/global_store/v1/ChunkLocation';
import type {
  ChunkStateUpdate as _tensorcast_global_store_v1_ChunkStateUpdate,
  ChunkStateUpdate__Output as _tensorcast_global_store_v1_ChunkStateUpdate__Output,
} from './tensorcast/global_store/v1/ChunkStateUpdate';
import type {
  ClusterAdminServiceClient as _tensorcast_global_store_v1_ClusterAdminServiceClient,
  ClusterAdminServiceDefinition as _tensorcast_global_store_v1_ClusterAdminServiceDefinition,
} from './tensorcast/global_store/v1/ClusterAdminService';
import type {
  ClusterRuntimeServiceClient as _tensorcast_global_store_v1_ClusterRuntimeServiceClient,
  ClusterRuntimeServiceDefinition as _tensorcast_global_store_v1_ClusterRuntimeServiceDefinition,
} from './tensorcast/global_store/v1/ClusterRuntimeService';
import type {
  CompleteReplicaTransportRequest as _tensorcast_global_store_v1_CompleteReplicaTransportRequest,
  CompleteReplicaTransportRequest__Output as _tensorcast_global_store_v1_CompleteReplicaTransportRequest__Output,
} from './tensorcast/global_store/v1/CompleteReplicaTransportRequest';
import type {
  CompleteReplicaTransportResponse as _tensorcast_global_store_v1_CompleteReplicaTransportResponse,
  CompleteReplicaTransportResponse__Output as _tensorcast_global_store_v1_CompleteReplicaTransportResponse__Output,
} from './tensorcast/global_store/v1/CompleteReplicaTransportResponse';
import type {
  GetArtifactIndexByIdRequest as _tensorcast_global_store_v1_GetArtifactIndexByIdRequest,
  GetArtifactIndexByIdRequest__Output as _tensorcast_global_store_v1_GetArtifactIndexByIdRequest__Output,
} from './tensorcast/global_store/v1/GetArtifactIndexByIdRequest';
import type {
  GetArtifactIndexByIdResponse as _tensorcast_global_store_v1_GetArtifactIndexByIdResponse,
  GetArtifactIndexByIdResponse__Output as _tensorcast_global_store_v1_GetArtifactIndexByIdResponse__Output,
} from './tensorcast/global_store/v1/GetArtifactIndexByIdResponse';
import type {
  GetArtifactIndexRequest as _tensorcast_global_store_v1_GetArtifactIndexRequest,
  GetArtifactIndexRequest__Output as _tensorcast_global_store_v1_GetArtifactIndexRequest__Output,
} from './tensorcast/global_store/v1/GetArtifactIndexRequest';
import type {
  GetArtifactIndexResponse as _tensorcast_global_store_v1_GetArtifactIndexResponse,
  GetArtifactIndexResponse__Output as _tensorcast_global_store_v1_GetArtifactIndexResponse__Output,
} from './tensorcast/global_store/v1/GetArtifactIndexResponse';
import type {
  GetArtifactInfoByIdRequest as _tensorcast_global_store_v1_GetArtifactInfoByIdRequest,
  GetArtifactInfoByIdRequest__Output as _tensorcast_global_store_v1_GetArtifactInfoByIdRequest__Output,
} from './tensorcast/global_store/v1/GetArtifactInfoByIdRequest';
import type {
  GetArtifactInfoByIdResponse as _tensorcast_global_store_v1_GetArtifactInfoByIdResponse,
  GetArtifactInfoByIdResponse__Output as _tensorcast_global_store_v1_GetArtifactInfoByIdResponse__Output,
} from './tensorcast/global_store/v1/GetArtifactInfoByIdResponse';
import type {
  GetServerInfoRequest as _tensorcast_global_store_v1_GetServerInfoRequest,
  GetServerInfoRequest__Output as _tensorcast_global_store_v1_GetServerInfoRequest__Output,
} from './tensorcast/global_store/v1/GetServerInfoRequest';
import type {
  GetServerInfoResponse as _tensorcast_global_store_v1_GetServerInfoResponse,
  GetServerInfoResponse__Output as _tensorcast_global_store_v1_GetServerInfoResponse__Output,
} from './tensorcast/global_store/v1/GetServerInfoResponse';
import type {
  HealthCheckRequest as _tensorcast_global_store_v1_HealthCheckRequest,
  HealthCheckRequest__Output as _tensorcast_global_store_v1_HealthCheckRequest__Output,
} from './tensorcast/global_store/v1/HealthCheckRequest';
import type {
  HealthCheckResponse as _tensorcast_global_store_v1_HealthCheckResponse,
  HealthCheckResponse__Output as _tensorcast_global_store_v1_HealthCheckResponse__Output,
} from './tensorcast/global_store/v1/HealthCheckResponse';
import type {
  ListActiveWorkersRequest as _tensorcast_global_store_v1_ListActiveWorkersRequest,
  ListActiveWorkersRequest__Output as _tensorcast_global_store_v1_ListActiveWorkersRequest__Output,
} from './tensorcast/global_store/v1/ListActiveWorkersRequest';
import type {
  ListActiveWorkersResponse as _tensorcast_global_store_v1_ListActiveWorkersResponse,
  ListActiveWorkersResponse__Output as _tensorcast_global_store_v1_ListActiveWorkersResponse__Output,
} from './tensorcast/global_store/v1/ListActiveWorkersResponse';
import type {
  ListReplicasV2Request as _tensorcast_global_store_v1_ListReplicasV2Request,
  ListReplicasV2Request__Output as _tensorcast_global_store_v1_ListReplicasV2Request__Output,
} from './tensorcast/global_store/v1/ListReplicasV2Request';
import type {
  ListReplicasV2Response as _tensorcast_global_store_v1_ListReplicasV2Response,
  ListReplicasV2Response__Output as _tensorcast_global_store_v1_ListReplicasV2Response__Output,
} from './tensorcast/global_store/v1/ListReplicasV2Response';
import type {
  MarkReplicaUnavailableRequest as _tensorcast_global_store_v1_MarkReplicaUnavailableRequest,
  MarkReplicaUnavailableRequest__Output as _tensorcast_global_store_v1_MarkReplicaUnavailableRequest__Output,
} from './tensorcast/global_store/v1/MarkReplicaUnavailableRequest';
import type {
  MarkReplicaUnavailableResponse as _tensorcast_global_store_v1_MarkReplicaUnavailableResponse,
  MarkReplicaUnavailableResponse__Output as _tensorcast_global_store_v1_MarkReplicaUnavailableResponse__Output,
} from './tensorcast/global_store/v1/MarkReplicaUnavailableResponse';
import type {
  QueryChunkLocationsRequest as _tensorcast_global_store_v1_QueryChunkLocationsRequest,
  QueryChunkLocationsRequest__Output as _tensorcast_global_store_v1_QueryChunkLocationsRequest__Output,
} from './tensorcast/global_store/v1/QueryChunkLocationsRequest';
import type {
  QueryChunkLocationsResponse as _tensorcast_global_store_v1_QueryChunkLocationsResponse,
  QueryChunkLocationsResponse__Output as _tensorcast_global_store_v1_QueryChunkLocationsResponse__Output,
} from './tensorcast/global_store/v1/QueryChunkLocationsResponse';
import type {
  QueryTransportWindowRequest as _tensorcast_global_store_v1_QueryTransportWindowRequest,
  QueryTransportWindowRequest__Output as _tensorcast_global_store_v1_QueryTransportWindowRequest__Output,
} from './tensorcast/global_store/v1/QueryTransportWindowRequest';
import type {
  QueryTransportWindowResponse as _tensorcast_global_store_v1_QueryTransportWindowResponse,
  QueryTransportWindowResponse__Output as _tensorcast_global_store_v1_QueryTransportWindowResponse__Output,
} from './tensorcast/global_store/v1/QueryTransportWindowResponse';
import type {
  ReconcileWorkerStateRequest as _tensorcast_global_store_v1_ReconcileWorkerStateRequest,
  ReconcileWorkerStateRequest__Output as _tensorcast_global_store_v1_ReconcileWorkerStateRequest__Output,
} from './tensorcast/global_store/v1/ReconcileWorkerStateRequest';
import type {
  ReconcileWorkerStateResponse as _tensorcast_global_store_v1_ReconcileWorkerStateResponse,
  ReconcileWorkerStateResponse__Output as _tensorcast_global_store_v1_ReconcileWorkerStateResponse__Output,
} from './tensorcast/global_store/v1/ReconcileWorkerStateResponse';
import type {
  RegisterReplicaRequest as _tensorcast_global_store_v1_RegisterReplicaRequest,
  RegisterReplicaRequest__Output as _tensorcast_global_store_v1_RegisterReplicaRequest__Output,
} from './tensorcast/global_store/v1/RegisterReplicaRequest';
import type {
  RegisterReplicaResponse as _tensorcast_global_store_v1_RegisterReplicaResponse,
  RegisterReplicaResponse__Output as _tensorcast_global_store_v1_RegisterReplicaResponse__Output,
} from './tensorcast/global_store/v1/RegisterReplicaResponse';
import type {
  RegisterWorkerRequest as _tensorcast_global_store_v1_RegisterWorkerRequest,
  RegisterWorkerRequest__Output as _tensorcast_global_store_v1_RegisterWorkerRequest__Output,
} from './tensorcast/global_store/v1/RegisterWorkerRequest';
import type {
  RegisterWorkerResponse as _tensorcast_global_store_v1_RegisterWorkerResponse,
  RegisterWorkerResponse__Output as _tensorcast_global_store_v1_RegisterWorkerResponse__Output,
} from './tensorcast/global_store/v1/RegisterWorkerResponse';
import type {
  RequestReplicaTransportRequest as _tensorcast_global_store_v1_RequestReplicaTransportRequest,
  RequestReplicaTransportRequest__Output as _tensorcast_global_store_v1_RequestReplicaTransportRequest__Output,
} from './tensorcast/global_store/v1/RequestReplicaTransportRequest';
import type {
  RequestReplicaTransportResponse as _tensorcast_global_store_v1_RequestReplicaTransportResponse,
  RequestReplicaTransportResponse__Output as _tensorcast_global_store_v1_RequestReplicaTransportResponse__Output,
} from './tensorcast/global_store/v1/RequestReplicaTransportResponse';
import type {
  ResolveKeyMappingRequest as _tensorcast_global_store_v1_ResolveKeyMappingRequest,
  ResolveKeyMappingRequest__Output as _tensorcast_global_store_v1_ResolveKeyMappingRequest__Output,
} from './tensorcast/global_store/v1/ResolveKeyMappingRequest';
import type {
  ResolveKeyMappingResponse as _tensorcast_global_store_v1_ResolveKeyMappingResponse,
  ResolveKeyMappingResponse__Output as _tensorcast_global_store_v1_ResolveKeyMappingResponse__Output,
} from './tensorcast/global_store/v1/ResolveKeyMappingResponse';
import type {
  RevokeKeyMappingRequest as _tensorcast_global_store_v1_RevokeKeyMappingRequest,
  RevokeKeyMappingRequest__Output as _tensorcast_global_store_v1_RevokeKeyMappingRequest__Output,
} from './tensorcast/global_store/v1/RevokeKeyMappingRequest';
import type {
  RevokeKeyMappingResponse as _tensorcast_global_store_v1_RevokeKeyMappingResponse,
  RevokeKeyMappingResponse__Output as _tensorcast_global_store_v1_RevokeKeyMappingResponse__Output,
} from './tensorcast/global_store/v1/RevokeKeyMappingResponse';
import type {
  StateChange as _tensorcast_global_store_v1_StateChange,
  StateChange__Output as _tensorcast_global_store_v1_StateChange__Output,
} from './tensorcast/global_store/v1/StateChange';
import type {
  SwapKeyMappingRequest as _tensorcast_global_store_v1_SwapKeyMappingRequest,
  SwapKeyMappingRequest__Output as _tensorcast_global_store_v1_SwapKeyMappingRequest__Output,
} from './tensorcast/global_store/v1/SwapKeyMappingRequest';
import type {
  SwapKeyMappingResponse as _tensorcast_global_store_v1_SwapKeyMappingResponse,
  SwapKeyMappingResponse__Output as _tensorcast_global_store_v1_SwapKeyMappingResponse__Output,
} from './tensorcast/global_store/v1/SwapKeyMappingResponse';
import type {
  TransportSchedulingGroup as _tensorcast_global_store_v1_TransportSchedulingGroup,
  TransportSchedulingGroup__Output as _tensorcast_global_store_v1_TransportSchedulingGroup__Output,
} from './tensorcast/global_store/v1/TransportSchedulingGroup';
import type {
  TransportWindowRow as _tensorcast_global_store_v1_TransportWindowRow,
  TransportWindowRow__Output as _tensorcast_global_store_v1_TransportWindowRow__Output,
} from './tensorcast/global_store/v1/TransportWindowRow';
import type {
  UnregisterReplicaByWorkerRequest as _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest,
  UnregisterReplicaByWorkerRequest__Output as _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest__Output,
} from './tensorcast/global_store/v1/UnregisterReplicaByWorkerRequest';
import type {
  UnregisterReplicaByWorkerResponse as _tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse,
  UnregisterReplicaByWorkerResponse__Output as _tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse__Output,
} from './tensorcast/global_store/v1/UnregisterReplicaByWorkerResponse';
import type {
  UnregisterReplicaRequest as _tensorcast_global_store_v1_UnregisterReplicaRequest,
  UnregisterReplicaRequest__Output as _tensorcast_global_store_v1_UnregisterReplicaRequest__Output,
} from './tensorcast/global_store/v1/UnregisterReplicaRequest';
import type {
  UnregisterReplicaResponse as _tensorcast_global_store_v1_UnregisterReplicaResponse,
  UnregisterReplicaResponse__Output as _tensorcast_global_store_v1_UnregisterReplicaResponse__Output,
} from './tensorcast/global_store/v1/UnregisterReplicaResponse';
import type {
  UnregisterWorkerRequest as _tensorcast_global_store_v1_UnregisterWorkerRequest,
  UnregisterWorkerRequest__Output as _tensorcast_global_store_v1_UnregisterWorkerRequest__Output,
} from './tensorcast/global_store/v1/UnregisterWorkerRequest';
import type {
  UnregisterWorkerResponse as _tensorcast_global_store_v1_UnregisterWorkerResponse,
  UnregisterWorkerResponse__Output as _tensorcast_global_store_v1_UnregisterWorkerResponse__Output,
} from './tensorcast/global_store/v1/UnregisterWorkerResponse';
import type {
  UpdateReplicaRequest as _tensorcast_global_store_v1_UpdateReplicaRequest,
  UpdateReplicaRequest__Output as _tensorcast_global_store_v1_UpdateReplicaRequest__Output,
} from './tensorcast/global_store/v1/UpdateReplicaRequest';
import type {
  UpdateReplicaResponse as _tensorcast_global_store_v1_UpdateReplicaResponse,
  UpdateReplicaResponse__Output as _tensorcast_global_store_v1_UpdateReplicaResponse__Output,
} from './tensorcast/global_store/v1/UpdateReplicaResponse';
import type {
  UpsertArtifactMetadataRequest as _tensorcast_global_store_v1_UpsertArtifactMetadataRequest,
  UpsertArtifactMetadataRequest__Output as _tensorcast_global_store_v1_UpsertArtifactMetadataRequest__Output,
} from './tensorcast/global_store/v1/UpsertArtifactMetadataRequest';
import type {
  UpsertArtifactMetadataResponse as _tensorcast_global_store_v1_UpsertArtifactMetadataResponse,
  UpsertArtifactMetadataResponse__Output as _tensorcast_global_store_v1_UpsertArtifactMetadataResponse__Output,
} from './tensorcast/global_store/v1/UpsertArtifactMetadataResponse';
import type {
  UpsertKeyMappingRequest as _tensorcast_global_store_v1_UpsertKeyMappingRequest,
  UpsertKeyMappingRequest__Output as _tensorcast_global_store_v1_UpsertKeyMappingRequest__Output,
} from './tensorcast/global_store/v1/UpsertKeyMappingRequest';
import type {
  UpsertKeyMappingResponse as _tensorcast_global_store_v1_UpsertKeyMappingResponse,
  UpsertKeyMappingResponse__Output as _tensorcast_global_store_v1_UpsertKeyMappingResponse__Output,
} from './tensorcast/global_store/v1/UpsertKeyMappingResponse';
import type {
  ViewTransportMetadata as _tensorcast_global_store_v1_ViewTransportMetadata,
  ViewTransportMetadata__Output as _tensorcast_global_store_v1_ViewTransportMetadata__Output,
} from './tensorcast/global_store/v1/ViewTransportMetadata';
import type {
  WaitReplicaDrainRequest as _tensorcast_global_store_v1_WaitReplicaDrainRequest,
  WaitReplicaDrainRequest__Output as _tensorcast_global_store_v1_WaitReplicaDrainRequest__Output,
} from './tensorcast/global_store/v1/WaitReplicaDrainRequest';
import type {
  WaitReplicaDrainResponse as _tensorcast_global_store_v1_WaitReplicaDrainResponse,
  WaitReplicaDrainResponse__Output as _tensorcast_global_store_v1_WaitReplicaDrainResponse__Output,
} from './tensorcast/global_store/v1/WaitReplicaDrainResponse';
import type {
  WorkerHeartbeatRequest as _tensorcast_global_store_v1_WorkerHeartbeatRequest,
  WorkerHeartbeatRequest__Output as _tensorcast_global_store_v1_WorkerHeartbeatRequest__Output,
} from './tensorcast/global_store/v1/WorkerHeartbeatRequest';
import type {
  WorkerHeartbeatResponse as _tensorcast_global_store_v1_WorkerHeartbeatResponse,
  WorkerHeartbeatResponse__Output as _tensorcast_global_store_v1_WorkerHeartbeatResponse__Output,
} from './tensorcast/global_store/v1/WorkerHeartbeatResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      BoolValue: MessageTypeDefinition<
        _google_protobuf_BoolValue,
        _google_protobuf_BoolValue__Output
      >;
      BytesValue: MessageTypeDefinition<
        _google_protobuf_BytesValue,
        _google_protobuf_BytesValue__Output
      >;
      DoubleValue: MessageTypeDefinition<
        _google_protobuf_DoubleValue,
        _google_protobuf_DoubleValue__Output
      >;
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>;
      FloatValue: MessageTypeDefinition<
        _google_protobuf_FloatValue,
        _google_protobuf_FloatValue__Output
      >;
      Int32Value: MessageTypeDefinition<
        _google_protobuf_Int32Value,
        _google_protobuf_Int32Value__Output
      >;
      Int64Value: MessageTypeDefinition<
        _google_protobuf_Int64Value,
        _google_protobuf_Int64Value__Output
      >;
      StringValue: MessageTypeDefinition<
        _google_protobuf_StringValue,
        _google_protobuf_StringValue__Output
      >;
      Timestamp: MessageTypeDefinition<
        _google_protobuf_Timestamp,
        _google_protobuf_Timestamp__Output
      >;
      UInt32Value: MessageTypeDefinition<
        _google_protobuf_UInt32Value,
        _google_protobuf_UInt32Value__Output
      >;
      UInt64Value: MessageTypeDefinition<
        _google_protobuf_UInt64Value,
        _google_protobuf_UInt64Value__Output
      >;
    };
  };
  tensorcast: {
    common: {
      v1: {
        ArtifactDescriptor: MessageTypeDefinition<
          _tensorcast_common_v1_ArtifactDescriptor,
          _tensorcast_common_v1_ArtifactDescriptor__Output
        >;
        ArtifactIdKind: EnumTypeDefinition;
        ByteSpaceKind: EnumTypeDefinition;
        ByteSpaceRef: MessageTypeDefinition<
          _tensorcast_common_v1_ByteSpaceRef,
          _tensorcast_common_v1_ByteSpaceRef__Output
        >;
        HashSpaceRef: MessageTypeDefinition<
          _tensorcast_common_v1_HashSpaceRef,
          _tensorcast_common_v1_HashSpaceRef__Output
        >;
        MemoryInfo: MessageTypeDefinition<
          _tensorcast_common_v1_MemoryInfo,
          _tensorcast_common_v1_MemoryInfo__Output
        >;
        MemoryType: EnumTypeDefinition;
        PageInfo: MessageTypeDefinition<
          _tensorcast_common_v1_PageInfo,
          _tensorcast_common_v1_PageInfo__Output
        >;
        Pagination: MessageTypeDefinition<
          _tensorcast_common_v1_Pagination,
          _tensorcast_common_v1_Pagination__Output
        >;
        ReplicaInfo: MessageTypeDefinition<
          _tensorcast_common_v1_ReplicaInfo,
          _tensorcast_common_v1_ReplicaInfo__Output
        >;
        ReplicaRef: MessageTypeDefinition<
          _tensorcast_common_v1_ReplicaRef,
          _tensorcast_common_v1_ReplicaRef__Output
        >;
        ReplicaStats: MessageTypeDefinition<
          _tensorcast_common_v1_ReplicaStats,
          _tensorcast_common_v1_ReplicaStats__Output
        >;
        ReplicaTransportMetadata: MessageTypeDefinition<
          _tensorcast_common_v1_ReplicaTransportMetadata,
          _tensorcast_common_v1_ReplicaTransportMetadata__Output
        >;
      };
    };
    global_store: {
      v1: {
        /**
         * Artifact metadata, canonical tensor indexes and key → artifact mappings (aliases).
         */
        ArtifactCatalogService: SubtypeConstructor<
          typeof grpc.Client,
          _tensorcast_global_store_v1_ArtifactCatalogServiceClient
        > & { service: _tensorcast_global_store_v1_ArtifactCatalogServiceDefinition };
        ArtifactReplicaCountRecord: MessageTypeDefinition<
          _tensorcast_global_store_v1_ArtifactReplicaCountRecord,
          _tensorcast_global_store_v1_ArtifactReplicaCountRecord__Output
        >;
        ArtifactReplicaRecord: MessageTypeDefinition<
          _tensorcast_global_store_v1_ArtifactReplicaRecord,
          _tensorcast_global_store_v1_ArtifactReplicaRecord__Output
        >;
        /**
         * Read side for clients assembling an artifact. Only GetArtifactInfoById is served.
         */
        AssemblyViewService: SubtypeConstructor<
          typeof grpc.Client,
          _tensorcast_global_store_v1_AssemblyViewServiceClient
        > & { service: _tensorcast_global_store_v1_AssemblyViewServiceDefinition };
        BatchGetReplicaCountsRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_BatchGetReplicaCountsRequest,
          _tensorcast_global_store_v1_BatchGetReplicaCountsRequest__Output
        >;
        BatchGetReplicaCountsResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_BatchGetReplicaCountsResponse,
          _tensorcast_global_store_v1_BatchGetReplicaCountsResponse__Output
        >;
        BatchUpdateChunkStatesRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest,
          _tensorcast_global_store_v1_BatchUpdateChunkStatesRequest__Output
        >;
        BatchUpdateChunkStatesResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_BatchUpdateChunkStatesResponse,
          _tensorcast_global_store_v1_BatchUpdateChunkStatesResponse__Output
        >;
        ChunkLocation: MessageTypeDefinition<
          _tensorcast_global_store_v1_ChunkLocation,
          _tensorcast_global_store_v1_ChunkLocation__Output
        >;
        ChunkState: EnumTypeDefinition;
        ChunkStateUpdate: MessageTypeDefinition<
          _tensorcast_global_store_v1_ChunkStateUpdate,
          _tensorcast_global_store_v1_ChunkStateUpdate__Output
        >;
        /**
         * Operator and probe endpoints.
         */
        ClusterAdminService: SubtypeConstructor<
          typeof grpc.Client,
          _tensorcast_global_store_v1_ClusterAdminServiceClient
        > & { service: _tensorcast_global_store_v1_ClusterAdminServiceDefinition };
        /**
         * Worker lifecycle, liveness and replica placement: what every store daemon calls.
         */
        ClusterRuntimeService: SubtypeConstructor<
          typeof grpc.Client,
          _tensorcast_global_store_v1_ClusterRuntimeServiceClient
        > & { service: _tensorcast_global_store_v1_ClusterRuntimeServiceDefinition };
        CompleteReplicaTransportRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_CompleteReplicaTransportRequest,
          _tensorcast_global_store_v1_CompleteReplicaTransportRequest__Output
        >;
        CompleteReplicaTransportResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_CompleteReplicaTransportResponse,
          _tensorcast_global_store_v1_CompleteReplicaTransportResponse__Output
        >;
        ConnectionStatus: EnumTypeDefinition;
        GetArtifactIndexByIdRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_GetArtifactIndexByIdRequest,
          _tensorcast_global_store_v1_GetArtifactIndexByIdRequest__Output
        >;
        GetArtifactIndexByIdResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_GetArtifactIndexByIdResponse,
          _tensorcast_global_store_v1_GetArtifactIndexByIdResponse__Output
        >;
        GetArtifactIndexRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_GetArtifactIndexRequest,
          _tensorcast_global_store_v1_GetArtifactIndexRequest__Output
        >;
        GetArtifactIndexResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_GetArtifactIndexResponse,
          _tensorcast_global_store_v1_GetArtifactIndexResponse__Output
        >;
        GetArtifactInfoByIdRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_GetArtifactInfoByIdRequest,
          _tensorcast_global_store_v1_GetArtifactInfoByIdRequest__Output
        >;
        GetArtifactInfoByIdResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_GetArtifactInfoByIdResponse,
          _tensorcast_global_store_v1_GetArtifactInfoByIdResponse__Output
        >;
        GetServerInfoRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_GetServerInfoRequest,
          _tensorcast_global_store_v1_GetServerInfoRequest__Output
        >;
        GetServerInfoResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_GetServerInfoResponse,
          _tensorcast_global_store_v1_GetServerInfoResponse__Output
        >;
        HealthCheckRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_HealthCheckRequest,
          _tensorcast_global_store_v1_HealthCheckRequest__Output
        >;
        HealthCheckResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_HealthCheckResponse,
          _tensorcast_global_store_v1_HealthCheckResponse__Output
        >;
        ListActiveWorkersRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_ListActiveWorkersRequest,
          _tensorcast_global_store_v1_ListActiveWorkersRequest__Output
        >;
        ListActiveWorkersResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_ListActiveWorkersResponse,
          _tensorcast_global_store_v1_ListActiveWorkersResponse__Output
        >;
        ListReplicasV2Request: MessageTypeDefinition<
          _tensorcast_global_store_v1_ListReplicasV2Request,
          _tensorcast_global_store_v1_ListReplicasV2Request__Output
        >;
        ListReplicasV2Response: MessageTypeDefinition<
          _tensorcast_global_store_v1_ListReplicasV2Response,
          _tensorcast_global_store_v1_ListReplicasV2Response__Output
        >;
        MarkReplicaUnavailableRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_MarkReplicaUnavailableRequest,
          _tensorcast_global_store_v1_MarkReplicaUnavailableRequest__Output
        >;
        MarkReplicaUnavailableResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_MarkReplicaUnavailableResponse,
          _tensorcast_global_store_v1_MarkReplicaUnavailableResponse__Output
        >;
        QueryChunkLocationsRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_QueryChunkLocationsRequest,
          _tensorcast_global_store_v1_QueryChunkLocationsRequest__Output
        >;
        QueryChunkLocationsResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_QueryChunkLocationsResponse,
          _tensorcast_global_store_v1_QueryChunkLocationsResponse__Output
        >;
        QueryTransportWindowRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_QueryTransportWindowRequest,
          _tensorcast_global_store_v1_QueryTransportWindowRequest__Output
        >;
        QueryTransportWindowResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_QueryTransportWindowResponse,
          _tensorcast_global_store_v1_QueryTransportWindowResponse__Output
        >;
        ReconcileRequestKind: EnumTypeDefinition;
        ReconcileResultKind: EnumTypeDefinition;
        ReconcileWorkerStateRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_ReconcileWorkerStateRequest,
          _tensorcast_global_store_v1_ReconcileWorkerStateRequest__Output
        >;
        ReconcileWorkerStateResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_ReconcileWorkerStateResponse,
          _tensorcast_global_store_v1_ReconcileWorkerStateResponse__Output
        >;
        RegisterReplicaRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_RegisterReplicaRequest,
          _tensorcast_global_store_v1_RegisterReplicaRequest__Output
        >;
        RegisterReplicaResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_RegisterReplicaResponse,
          _tensorcast_global_store_v1_RegisterReplicaResponse__Output
        >;
        RegisterWorkerRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_RegisterWorkerRequest,
          _tensorcast_global_store_v1_RegisterWorkerRequest__Output
        >;
        RegisterWorkerResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_RegisterWorkerResponse,
          _tensorcast_global_store_v1_RegisterWorkerResponse__Output
        >;
        RequestReplicaTransportRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_RequestReplicaTransportRequest,
          _tensorcast_global_store_v1_RequestReplicaTransportRequest__Output
        >;
        RequestReplicaTransportResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_RequestReplicaTransportResponse,
          _tensorcast_global_store_v1_RequestReplicaTransportResponse__Output
        >;
        ResolveKeyMappingRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_ResolveKeyMappingRequest,
          _tensorcast_global_store_v1_ResolveKeyMappingRequest__Output
        >;
        ResolveKeyMappingResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_ResolveKeyMappingResponse,
          _tensorcast_global_store_v1_ResolveKeyMappingResponse__Output
        >;
        RevokeKeyMappingRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_RevokeKeyMappingRequest,
          _tensorcast_global_store_v1_RevokeKeyMappingRequest__Output
        >;
        RevokeKeyMappingResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_RevokeKeyMappingResponse,
          _tensorcast_global_store_v1_RevokeKeyMappingResponse__Output
        >;
        StateChange: MessageTypeDefinition<
          _tensorcast_global_store_v1_StateChange,
          _tensorcast_global_store_v1_StateChange__Output
        >;
        Status: EnumTypeDefinition;
        SwapKeyMappingRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_SwapKeyMappingRequest,
          _tensorcast_global_store_v1_SwapKeyMappingRequest__Output
        >;
        SwapKeyMappingResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_SwapKeyMappingResponse,
          _tensorcast_global_store_v1_SwapKeyMappingResponse__Output
        >;
        TransportCompletionOutcome: EnumTypeDefinition;
        TransportRouteKind: EnumTypeDefinition;
        TransportSchedulingGroup: MessageTypeDefinition<
          _tensorcast_global_store_v1_TransportSchedulingGroup,
          _tensorcast_global_store_v1_TransportSchedulingGroup__Output
        >;
        TransportWindowRow: MessageTypeDefinition<
          _tensorcast_global_store_v1_TransportWindowRow,
          _tensorcast_global_store_v1_TransportWindowRow__Output
        >;
        UnregisterReplicaByWorkerRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest,
          _tensorcast_global_store_v1_UnregisterReplicaByWorkerRequest__Output
        >;
        UnregisterReplicaByWorkerResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse,
          _tensorcast_global_store_v1_UnregisterReplicaByWorkerResponse__Output
        >;
        UnregisterReplicaRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_UnregisterReplicaRequest,
          _tensorcast_global_store_v1_UnregisterReplicaRequest__Output
        >;
        UnregisterReplicaResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_UnregisterReplicaResponse,
          _tensorcast_global_store_v1_UnregisterReplicaResponse__Output
        >;
        UnregisterWorkerRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_UnregisterWorkerRequest,
          _tensorcast_global_store_v1_UnregisterWorkerRequest__Output
        >;
        UnregisterWorkerResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_UnregisterWorkerResponse,
          _tensorcast_global_store_v1_UnregisterWorkerResponse__Output
        >;
        UpdateReplicaRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_UpdateReplicaRequest,
          _tensorcast_global_store_v1_UpdateReplicaRequest__Output
        >;
        UpdateReplicaResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_UpdateReplicaResponse,
          _tensorcast_global_store_v1_UpdateReplicaResponse__Output
        >;
        UpsertArtifactMetadataRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_UpsertArtifactMetadataRequest,
          _tensorcast_global_store_v1_UpsertArtifactMetadataRequest__Output
        >;
        UpsertArtifactMetadataResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_UpsertArtifactMetadataResponse,
          _tensorcast_global_store_v1_UpsertArtifactMetadataResponse__Output
        >;
        UpsertKeyMappingRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_UpsertKeyMappingRequest,
          _tensorcast_global_store_v1_UpsertKeyMappingRequest__Output
        >;
        UpsertKeyMappingResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_UpsertKeyMappingResponse,
          _tensorcast_global_store_v1_UpsertKeyMappingResponse__Output
        >;
        ViewTransportMetadata: MessageTypeDefinition<
          _tensorcast_global_store_v1_ViewTransportMetadata,
          _tensorcast_global_store_v1_ViewTransportMetadata__Output
        >;
        WaitReplicaDrainRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_WaitReplicaDrainRequest,
          _tensorcast_global_store_v1_WaitReplicaDrainRequest__Output
        >;
        WaitReplicaDrainResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_WaitReplicaDrainResponse,
          _tensorcast_global_store_v1_WaitReplicaDrainResponse__Output
        >;
        WorkerCapabilityFlag: EnumTypeDefinition;
        WorkerHeartbeatRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_WorkerHeartbeatRequest,
          _tensorcast_global_store_v1_WorkerHeartbeatRequest__Output
        >;
        WorkerHeartbeatResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_WorkerHeartbeatResponse,
          _tensorcast_global_store_v1_WorkerHeartbeatResponse__Output
        >;
      };
    };
  };
}
