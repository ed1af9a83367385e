// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from '../../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface Artifact {
  artifact_id?: string;
  /**
   * UNSPECIFIED, MI2 or CGID.
   */
  id_kind?: string;
  total_size?: number | string | Long;
  index_multihash?: string;
  data_multihash?: string;
  schema_version?: string;
  encoding?: string;
  /**
   * sha256 hex of the tensor index stored here; empty when none is.
   */
  tensor_index_key?: string;
  created_at?: _google_protobuf_Timestamp | null;
  updated_at?: _google_protobuf_Timestamp | null;
  replica_count?: number | string | Long;
  available_replica_count?: number | string | Long;
}

export interface Artifact__Output {
  artifact_id: string;
  /**
   * UNSPECIFIED, MI2 or CGID.
   */
  id_kind: string;
  total_size: string;
  index_multihash: string;
  data_multihash: string;
  schema_version: string;
  encoding: string;
  /**
   * sha256 hex of the tensor index stored here; empty when none is.
   */
  tensor_index_key: string;
  created_at: _google_protobuf_Timestamp__Output | null;
  updated_at: _google_protobuf_Timestamp__Output | null;
  replica_count: string;
  available_replica_count: string;
}
