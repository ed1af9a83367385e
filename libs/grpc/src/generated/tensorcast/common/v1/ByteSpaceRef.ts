// Original file: proto/tensorcast/common/v1/common.proto

import type {
  ByteSpaceKind as _tensorcast_common_v1_ByteSpaceKind,
  ByteSpaceKind__Output as _tensorcast_common_v1_ByteSpaceKind__Output,
} from '../../../tensorcast/common/v1/ByteSpaceKind';

export interface ByteSpaceRef {
  kind?: _tensorcast_common_v1_ByteSpaceKind;
  id?: string;
}

export interface ByteSpaceRef__Output {
  kind: _tensorcast_common_v1_ByteSpaceKind__Output;
  id: string;
}
