// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  MemoryInfo as _tensorcast_common_v1_MemoryInfo,
  MemoryInfo__Output as _tensorcast_common_v1_MemoryInfo__Output,
} from '../../../tensorcast/common/v1/MemoryInfo';
import type {
  Duration as _google_protobuf_Duration,
  Duration__Output as _google_protobuf_Duration__Output,
} from '../../../google/protobuf/Duration';
import type {
  ByteSpaceRef as _tensorcast_common_v1_ByteSpaceRef,
  ByteSpaceRef__Output as _tensorcast_common_v1_ByteSpaceRef__Output,
} from '../../../tensorcast/common/v1/ByteSpaceRef';
import type {
  TransportSchedulingGroup as _tensorcast_global_store_v1_TransportSchedulingGroup,
  TransportSchedulingGroup__Output as _tensorcast_global_store_v1_TransportSchedulingGroup__Output,
} from '../../../tensorcast/global_store/v1/TransportSchedulingGroup';

export interface RequestReplicaTransportRequest {
  artifact_id?: string;
  /**
   * Not read.
   */
  local_memory_info?: _tensorcast_common_v1_MemoryInfo | null;
  wait_timeout_dur?: _google_protobuf_Duration | null;
  /**
   * The requester itself.
   */
  source_node_id?: string;
  source_address?: string;
  source_port?: number;
  requested_byte_space?: _tensorcast_common_v1_ByteSpaceRef | null;
  scheduling_group?: _tensorcast_global_store_v1_TransportSchedulingGroup | null;
  requester_worker_id?: string;
  /**
   * Empty from older daemons: accepted, never replayed.
   */
  request_id?: string;
}

export interface RequestReplicaTransportRequest__Output {
  artifact_id: string;
  /**
   * Not read.
   */
  local_memory_info: _tensorcast_common_v1_MemoryInfo__Output | null;
  wait_timeout_dur: _google_protobuf_Duration__Output | null;
  /**
   * The requester itself.
   */
  source_node_id: string;
  source_address: string;
  source_port: number;
  requested_byte_space: _tensorcast_common_v1_ByteSpaceRef__Output | null;
  scheduling_group: _tensorcast_global_store_v1_TransportSchedulingGroup__Output | null;
  requester_worker_id: string;
  /**
   * Empty from older daemons: accepted, never replayed.
   */
  request_id: string;
}
