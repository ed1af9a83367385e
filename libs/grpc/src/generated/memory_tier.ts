import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  AcknowledgeMemoryTierLeaseRequest as _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest,
  AcknowledgeMemoryTierLeaseRequest__Output as _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest__Output,
} from './tensorcast/memory_tier/v1/AcknowledgeMemoryTierLeaseRequest';
import type {
  AcknowledgeMemoryTierLeaseResponse as _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse,
  AcknowledgeMemoryTierLeaseResponse__Output as _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse__Output,
} from './tensorcast/memory_tier/v1/AcknowledgeMemoryTierLeaseResponse';
import type {
  ChunkRange as _tensorcast_memory_tier_v1_ChunkRange,
  ChunkRange__Output as _tensorcast_memory_tier_v1_ChunkRange__Output,
} from './tensorcast/memory_tier/v1/ChunkRange';
import type {
  ListMemoryTierStatusesRequest as _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest,
  ListMemoryTierStatusesRequest__Output as _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest__Output,
} from './tensorcast/memory_tier/v1/ListMemoryTierStatusesRequest';
import type {
  ListMemoryTierStatusesResponse as _tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse,
  ListMemoryTierStatusesResponse__Output as _tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse__Output,
} from './tensorcast/memory_tier/v1/ListMemoryTierStatusesResponse';
import type {
  ListOutstandingLeasesRequest as _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest,
  ListOutstandingLeasesRequest__Output as _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest__Output,
} from './tensorcast/memory_tier/v1/ListOutstandingLeasesRequest';
import type {
  ListOutstandingLeasesResponse as _tensorcast_memory_tier_v1_ListOutstandingLeasesResponse,
  ListOutstandingLeasesResponse__Output as _tensorcast_memory_tier_v1_ListOutstandingLeasesResponse__Output,
} from './tensorcast/memory_tier/v1/ListOutstandingLeasesResponse';
import type {
  MemoryTierLease as _tensorcast_memory_tier_v1_MemoryTierLease,
  MemoryTierLease__Output as _tensorcast_memory_tier_v1_MemoryTierLease__Output,
} from './tensorcast/memory_tier/v1/MemoryTierLease';
import type {
  MemoryTierServiceClient as _tensorcast_memory_tier_v1_MemoryTierServiceClient,
  MemoryTierServiceDefinition as _tensorcast_memory_tier_v1_MemoryTierServiceDefinition,
} from './tensorcast/memory_tier/v1/MemoryTierService';
import type {
  MemoryTierStatus as _tensorcast_memory_tier_v1_MemoryTierStatus,
  MemoryTierStatus__Output as _tensorcast_memory_tier_v1_MemoryTierStatus__Output,
} from './tensorcast/memory_tier/v1/MemoryTierStatus';
import type {
  PublishMemoryTierStatusRequest as _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest,
  PublishMemoryTierStatusRequest__Output as _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest__Output,
} from './tensorcast/memory_tier/v1/PublishMemoryTierStatusRequest';
import type {
  PublishMemoryTierStatusResponse as _tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse,
  PublishMemoryTierStatusResponse__Output as _tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse__Output,
} from './tensorcast/memory_tier/v1/PublishMemoryTierStatusResponse';
import type {
  RequestMemoryTierLeaseRequest as _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest,
  RequestMemoryTierLeaseRequest__Output as _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest__Output,
} from './tensorcast/memory_tier/v1/RequestMemoryTierLeaseRequest';
import type {
  RequestMemoryTierLeaseResponse as _tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse,
  RequestMemoryTierLeaseResponse__Output as _tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse__Output,
} from './tensorcast/memory_tier/v1/RequestMemoryTierLeaseResponse';
import type {
  RevokeMemoryTierLeaseRequest as _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest,
  RevokeMemoryTierLeaseRequest__Output as _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest__Output,
} from './tensorcast/memory_tier/v1/RevokeMemoryTierLeaseRequest';
import type {
  RevokeMemoryTierLeaseResponse as _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse,
  RevokeMemoryTierLeaseResponse__Output as _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse__Output,
} from './tensorcast/memory_tier/v1/RevokeMemoryTierLeaseResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tensorcast: {
    memory_tier: {
      v1: {
        AcknowledgeMemoryTierLeaseRequest: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest,
          _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseRequest__Output
        >;
        AcknowledgeMemoryTierLeaseResponse: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse,
          _tensorcast_memory_tier_v1_AcknowledgeMemoryTierLeaseResponse__Output
        >;
        ChunkRange: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_ChunkRange,
          _tensorcast_memory_tier_v1_ChunkRange__Output
        >;
        LeaseAckAction: EnumTypeDefinition;
        LeaseKind: EnumTypeDefinition;
        LeaseState: EnumTypeDefinition;
        ListMemoryTierStatusesRequest: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest,
          _tensorcast_memory_tier_v1_ListMemoryTierStatusesRequest__Output
        >;
        ListMemoryTierStatusesResponse: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse,
          _tensorcast_memory_tier_v1_ListMemoryTierStatusesResponse__Output
        >;
        ListOutstandingLeasesRequest: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest,
          _tensorcast_memory_tier_v1_ListOutstandingLeasesRequest__Output
        >;
        ListOutstandingLeasesResponse: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_ListOutstandingLeasesResponse,
          _tensorcast_memory_tier_v1_ListOutstandingLeasesResponse__Output
        >;
        MemoryTierLease: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_MemoryTierLease,
          _tensorcast_memory_tier_v1_MemoryTierLease__Output
        >;
        MemoryTierService: SubtypeConstructor<
          typeof grpc.Client,
          _tensorcast_memory_tier_v1_MemoryTierServiceClient
        > & { service: _tensorcast_memory_tier_v1_MemoryTierServiceDefinition };
        MemoryTierStatus: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_MemoryTierStatus,
          _tensorcast_memory_tier_v1_MemoryTierStatus__Output
        >;
        PublishMemoryTierStatusRequest: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest,
          _tensorcast_memory_tier_v1_PublishMemoryTierStatusRequest__Output
        >;
        PublishMemoryTierStatusResponse: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse,
          _tensorcast_memory_tier_v1_PublishMemoryTierStatusResponse__Output
        >;
        RequestMemoryTierLeaseRequest: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest,
          _tensorcast_memory_tier_v1_RequestMemoryTierLeaseRequest__Output
        >;
        RequestMemoryTierLeaseResponse: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse,
          _tensorcast_memory_tier_v1_RequestMemoryTierLeaseResponse__Output
        >;
        RevokeMemoryTierLeaseRequest: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest,
          _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseRequest__Output
        >;
        RevokeMemoryTierLeaseResponse: MessageTypeDefinition<
          _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse,
          _tensorcast_memory_tier_v1_RevokeMemoryTierLeaseResponse__Output
        >;
      };
    };
  };
}
