// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from '../../../google/protobuf/Timestamp';

export interface QueryTransportWindowRequest {
  created_at_start?: _google_protobuf_Timestamp | null;
  created_at_end?: _google_protobuf_Timestamp | null;
  /**
   * 0 = 200 000; at most 1 000 000.
   */
  limit?: number;
}

export interface QueryTransportWindowRequest__Output {
  created_at_start: _google_protobuf_Timestamp__Output | null;
  created_at_end: _google_protobuf_Timestamp__Output | null;
  /**
   * 0 = 200 000; at most 1 000 000.
   */
  limit: number;
}
