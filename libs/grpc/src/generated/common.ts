import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from './google/protobuf/Timestamp';
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
  };
}
