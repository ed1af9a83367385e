// Original file: proto/tensorcast/common/v1/common.proto

import type {
  ArtifactIdKind as _tensorcast_common_v1_ArtifactIdKind,
  ArtifactIdKind__Output as _tensorcast_common_v1_ArtifactIdKind__Output,
} from '../../../tensorcast/common/v1/ArtifactIdKind';
import type { Long } from '@grpc/proto-loader';

/**
 * Content-addressed identity of an artifact. Multihashes are multibase base32 (`b` prefix,
 * lower case, no padding) of a sha2-256 multihash.
 */
export interface ArtifactDescriptor {
  artifact_id?: string;
  index_multihash?: string;
  data_multihash?: string;
  schema_version?: string;
  encoding?: string;
  total_size?: number | string | Long;
  id_kind?: _tensorcast_common_v1_ArtifactIdKind;
}

/**
 * Content-addressed identity of an artifact. Multihashes are multibase base32 (`b` prefix,
 * lower case, no padding) of a sha2-256 multihash.
 */
export interface ArtifactDescriptor__Output {
  artifact_id: string;
  index_multihash: string;
  data_multihash: string;
  schema_version: string;
  encoding: string;
  total_size: string;
  id_kind: _tensorcast_common_v1_ArtifactIdKind__Output;
}
