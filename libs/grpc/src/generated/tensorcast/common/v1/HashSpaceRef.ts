// Original file: proto/tensorcast/common/v1/common.proto

import type {
  ByteSpaceRef as _tensorcast_common_v1_ByteSpaceRef,
  ByteSpaceRef__Output as _tensorcast_common_v1_ByteSpaceRef__Output,
} from '../../../tensorcast/common/v1/ByteSpaceRef';

export interface HashSpaceRef {
  byte_space?: _tensorcast_common_v1_ByteSpaceRef | null;
  canonical_index_multihash?: string;
}

export interface HashSpaceRef__Output {
  byte_space: _tensorcast_common_v1_ByteSpaceRef__Output | null;
  canonical_index_multihash: string;
}
