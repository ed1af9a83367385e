import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from './google/protobuf/Timestamp';
import type {
  KeepaliveStreamRequest as _tcgs_registrations_v1_KeepaliveStreamRequest,
  KeepaliveStreamRequest__Output as _tcgs_registrations_v1_KeepaliveStreamRequest__Output,
} from './tcgs/registrations/v1/KeepaliveStreamRequest';
import type {
  KeepaliveStreamResponse as _tcgs_registrations_v1_KeepaliveStreamResponse,
  KeepaliveStreamResponse__Output as _tcgs_registrations_v1_KeepaliveStreamResponse__Output,
} from './tcgs/registrations/v1/KeepaliveStreamResponse';
import type {
  RegistrationKeepaliveClient as _tcgs_registrations_v1_RegistrationKeepaliveClient,
  RegistrationKeepaliveDefinition as _tcgs_registrations_v1_RegistrationKeepaliveDefinition,
} from './tcgs/registrations/v1/RegistrationKeepalive';
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
  AbortRegistrationRequest as _tensorcast_global_store_v1_AbortRegistrationRequest,
  AbortRegistrationRequest__Output as _tensorcast_global_store_v1_AbortRegistrationRequest__Output,
} from './tensorcast/global_store/v1/AbortRegistrationRequest';
import type {
  AbortRegistrationResponse as _tensorcast_global_store_v1_AbortRegistrationResponse,
  AbortRegistrationResponse__Output as _tensorcast_global_store_v1_AbortRegistrationResponse__Output,
} from './tensorcast/global_store/v1/AbortRegistrationResponse';
import type {
  BeginRegistrationRequest as _tensorcast_global_store_v1_BeginRegistrationRequest,
  BeginRegistrationRequest__Output as _tensorcast_global_store_v1_BeginRegistrationRequest__Output,
} from './tensorcast/global_store/v1/BeginRegistrationRequest';
import type {
  BeginRegistrationResponse as _tensorcast_global_store_v1_BeginRegistrationResponse,
  BeginRegistrationResponse__Output as _tensorcast_global_store_v1_BeginRegistrationResponse__Output,
} from './tensorcast/global_store/v1/BeginRegistrationResponse';
import type {
  CoalescedPlan as _tensorcast_global_store_v1_CoalescedPlan,
  CoalescedPlan__Output as _tensorcast_global_store_v1_CoalescedPlan__Output,
} from './tensorcast/global_store/v1/CoalescedPlan';
import type {
  CommitRegistrationRequest as _tensorcast_global_store_v1_CommitRegistrationRequest,
  CommitRegistrationRequest__Output as _tensorcast_global_store_v1_CommitRegistrationRequest__Output,
} from './tensorcast/global_store/v1/CommitRegistrationRequest';
import type {
  CommitRegistrationResponse as _tensorcast_global_store_v1_CommitRegistrationResponse,
  CommitRegistrationResponse__Output as _tensorcast_global_store_v1_CommitRegistrationResponse__Output,
} from './tensorcast/global_store/v1/CommitRegistrationResponse';
import type {
  CpuPlan as _tensorcast_global_store_v1_CpuPlan,
  CpuPlan__Output as _tensorcast_global_store_v1_CpuPlan__Output,
} from './tensorcast/global_store/v1/CpuPlan';
import type {
  FeedChunk as _tensorcast_global_store_v1_FeedChunk,
  FeedChunk__Output as _tensorcast_global_store_v1_FeedChunk__Output,
} from './tensorcast/global_store/v1/FeedChunk';
import type {
  FeedRegistrationRequest as _tensorcast_global_store_v1_FeedRegistrationRequest,
  FeedRegistrationRequest__Output as _tensorcast_global_store_v1_FeedRegistrationRequest__Output,
} from './tensorcast/global_store/v1/FeedRegistrationRequest';
import type {
  FeedRegistrationResponse as _tensorcast_global_store_v1_FeedRegistrationResponse,
  FeedRegistrationResponse__Output as _tensorcast_global_store_v1_FeedRegistrationResponse__Output,
} from './tensorcast/global_store/v1/FeedRegistrationResponse';
import type {
  KeepaliveRegistrationRequest as _tensorcast_global_store_v1_KeepaliveRegistrationRequest,
  KeepaliveRegistrationRequest__Output as _tensorcast_global_store_v1_KeepaliveRegistrationRequest__Output,
} from './tensorcast/global_store/v1/KeepaliveRegistrationRequest';
import type {
  KeepaliveRegistrationResponse as _tensorcast_global_store_v1_KeepaliveRegistrationResponse,
  KeepaliveRegistrationResponse__Output as _tensorcast_global_store_v1_KeepaliveRegistrationResponse__Output,
} from './tensorcast/global_store/v1/KeepaliveRegistrationResponse';
import type {
  LeasePlan as _tensorcast_global_store_v1_LeasePlan,
  LeasePlan__Output as _tensorcast_global_store_v1_LeasePlan__Output,
} from './tensorcast/global_store/v1/LeasePlan';
import type {
  LeaseSegment as _tensorcast_global_store_v1_LeaseSegment,
  LeaseSegment__Output as _tensorcast_global_store_v1_LeaseSegment__Output,
} from './tensorcast/global_store/v1/LeaseSegment';
import type {
  LeaseSegments as _tensorcast_global_store_v1_LeaseSegments,
  LeaseSegments__Output as _tensorcast_global_store_v1_LeaseSegments__Output,
} from './tensorcast/global_store/v1/LeaseSegments';
import type {
  ListRegistrationsRequest as _tensorcast_global_store_v1_ListRegistrationsRequest,
  ListRegistrationsRequest__Output as _tensorcast_global_store_v1_ListRegistrationsRequest__Output,
} from './tensorcast/global_store/v1/ListRegistrationsRequest';
import type {
  ListRegistrationsResponse as _tensorcast_global_store_v1_ListRegistrationsResponse,
  ListRegistrationsResponse__Output as _tensorcast_global_store_v1_ListRegistrationsResponse__Output,
} from './tensorcast/global_store/v1/ListRegistrationsResponse';
import type {
  RegistrationInfo as _tensorcast_global_store_v1_RegistrationInfo,
  RegistrationInfo__Output as _tensorcast_global_store_v1_RegistrationInfo__Output,
} from './tensorcast/global_store/v1/RegistrationInfo';
import type {
  RegistrationLease as _tensorcast_global_store_v1_RegistrationLease,
  RegistrationLease__Output as _tensorcast_global_store_v1_RegistrationLease__Output,
} from './tensorcast/global_store/v1/RegistrationLease';
import type {
  RegistrationServiceClient as _tensorcast_global_store_v1_RegistrationServiceClient,
  RegistrationServiceDefinition as _tensorcast_global_store_v1_RegistrationServiceDefinition,
} from './tensorcast/global_store/v1/RegistrationService';
import type {
  RevokeRegistrationRequest as _tensorcast_global_store_v1_RevokeRegistrationRequest,
  RevokeRegistrationRequest__Output as _tensorcast_global_store_v1_RevokeRegistrationRequest__Output,
} from './tensorcast/global_store/v1/RevokeRegistrationRequest';
import type {
  RevokeRegistrationResponse as _tensorcast_global_store_v1_RevokeRegistrationResponse,
  RevokeRegistrationResponse__Output as _tensorcast_global_store_v1_RevokeRegistrationResponse__Output,
} from './tensorcast/global_store/v1/RevokeRegistrationResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new (...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<
        _google_protobuf_Timestamp,
        _google_protobuf_Timestamp__Output
      >;
    };
  };
  tcgs: {
    registrations: {
      v1: {
        KeepaliveStreamRequest: MessageTypeDefinition<
          _tcgs_registrations_v1_KeepaliveStreamRequest,
          _tcgs_registrations_v1_KeepaliveStreamRequest__Output
        >;
        KeepaliveStreamResponse: MessageTypeDefinition<
          _tcgs_registrations_v1_KeepaliveStreamResponse,
          _tcgs_registrations_v1_KeepaliveStreamResponse__Output
        >;
        RegistrationKeepalive: SubtypeConstructor<
          typeof grpc.Client,
          _tcgs_registrations_v1_RegistrationKeepaliveClient
        > & { service: _tcgs_registrations_v1_RegistrationKeepaliveDefinition };
      };
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
        AbortRegistrationRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_AbortRegistrationRequest,
          _tensorcast_global_store_v1_AbortRegistrationRequest__Output
        >;
        AbortRegistrationResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_AbortRegistrationResponse,
          _tensorcast_global_store_v1_AbortRegistrationResponse__Output
        >;
        BeginRegistrationRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_BeginRegistrationRequest,
          _tensorcast_global_store_v1_BeginRegistrationRequest__Output
        >;
        BeginRegistrationResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_BeginRegistrationResponse,
          _tensorcast_global_store_v1_BeginRegistrationResponse__Output
        >;
        CoalescedPlan: MessageTypeDefinition<
          _tensorcast_global_store_v1_CoalescedPlan,
          _tensorcast_global_store_v1_CoalescedPlan__Output
        >;
        CommitRegistrationRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_CommitRegistrationRequest,
          _tensorcast_global_store_v1_CommitRegistrationRequest__Output
        >;
        CommitRegistrationResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_CommitRegistrationResponse,
          _tensorcast_global_store_v1_CommitRegistrationResponse__Output
        >;
        CpuPlan: MessageTypeDefinition<
          _tensorcast_global_store_v1_CpuPlan,
          _tensorcast_global_store_v1_CpuPlan__Output
        >;
        FeedChunk: MessageTypeDefinition<
          _tensorcast_global_store_v1_FeedChunk,
          _tensorcast_global_store_v1_FeedChunk__Output
        >;
        FeedRegistrationRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_FeedRegistrationRequest,
          _tensorcast_global_store_v1_FeedRegistrationRequest__Output
        >;
        FeedRegistrationResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_FeedRegistrationResponse,
          _tensorcast_global_store_v1_FeedRegistrationResponse__Output
        >;
        KeepaliveRegistrationRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_KeepaliveRegistrationRequest,
          _tensorcast_global_store_v1_KeepaliveRegistrationRequest__Output
        >;
        KeepaliveRegistrationResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_KeepaliveRegistrationResponse,
          _tensorcast_global_store_v1_KeepaliveRegistrationResponse__Output
        >;
        LeasePlan: MessageTypeDefinition<
          _tensorcast_global_store_v1_LeasePlan,
          _tensorcast_global_store_v1_LeasePlan__Output
        >;
        LeaseSegment: MessageTypeDefinition<
          _tensorcast_global_store_v1_LeaseSegment,
          _tensorcast_global_store_v1_LeaseSegment__Output
        >;
        LeaseSegments: MessageTypeDefinition<
          _tensorcast_global_store_v1_LeaseSegments,
          _tensorcast_global_store_v1_LeaseSegments__Output
        >;
        ListRegistrationsRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_ListRegistrationsRequest,
          _tensorcast_global_store_v1_ListRegistrationsRequest__Output
        >;
        ListRegistrationsResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_ListRegistrationsResponse,
          _tensorcast_global_store_v1_ListRegistrationsResponse__Output
        >;
        RegistrationInfo: MessageTypeDefinition<
          _tensorcast_global_store_v1_RegistrationInfo,
          _tensorcast_global_store_v1_RegistrationInfo__Output
        >;
        RegistrationLease: MessageTypeDefinition<
          _tensorcast_global_store_v1_RegistrationLease,
          _tensorcast_global_store_v1_RegistrationLease__Output
        >;
        RegistrationPlanKind: EnumTypeDefinition;
        RegistrationService: SubtypeConstructor<
          typeof grpc.Client,
          _tensorcast_global_store_v1_RegistrationServiceClient
        > & { service: _tensorcast_global_store_v1_RegistrationServiceDefinition };
        RegistrationState: EnumTypeDefinition;
        RevokeRegistrationRequest: MessageTypeDefinition<
          _tensorcast_global_store_v1_RevokeRegistrationRequest,
          _tensorcast_global_store_v1_RevokeRegistrationRequest__Output
        >;
        RevokeRegistrationResponse: MessageTypeDefinition<
          _tensorcast_global_store_v1_RevokeRegistrationResponse,
          _tensorcast_global_store_v1_RevokeRegistrationResponse__Output
        >;
      };
    };
  };
}
