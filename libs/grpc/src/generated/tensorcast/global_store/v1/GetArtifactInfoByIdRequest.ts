// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  BoolValue as _google_protobuf_BoolValue,
  BoolValue__Output as _google_protobuf_BoolValue__Output,
} from '../../../google/protobuf/BoolValue';
import type {
  ByteSpaceRef as _tensorcast_common_v1_ByteSpaceRef,
  ByteSpaceRef__Output as _tensorcast_common_v1_ByteSpaceRef__Output,
} from '../../../tensorcast/common/v1/ByteSpaceRef';
import type { Long } from '@grpc/proto-loader';

export interface GetArtifactInfoByIdRequest {
  artifact_id?: string;
  /**
   * A wrapper so "not set" can mean true: replicas are included unless explicitly false.
   */
  include_replicas?: _google_protobuf_BoolValue | null;
  include_leaves?: boolean;
  requested_byte_space?: _tensorcast_common_v1_ByteSpaceRef | null;
  leaf_idxs?: (number | string | Long)[];
  include_view_meta?: boolean;
}

export interface GetArtifactInfoByIdRequest__Output {
  artifact_id: string;
  /**
   * A wrapper so "not set" can mean true: replicas are included unless explicitly false.
   */
  include_replicas: _google_protobuf_BoolValue__Output | null;
  include_leaves: boolean;
  requested_byte_space: _tensorcast_common_v1_ByteSpaceRef__Output | null;
  leaf_idxs: string[];
  include_view_meta: boolean;
}
