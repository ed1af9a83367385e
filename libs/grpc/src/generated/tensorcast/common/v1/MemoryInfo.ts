// Original file: proto/tensorcast/common/v1/common.proto

import type {
  MemoryType as _tensorcast_common_v1_MemoryType,
  MemoryType__Output as _tensorcast_common_v1_MemoryType__Output,
} from '../../../tensorcast/common/v1/MemoryType';
import type {
  Timestamp as _google_protobuf_Timestamp,
  Timestamp__Output as _google_protobuf_Timestamp__Output,
} from '../../../google/protobuf/Timestamp';
import type {
  ByteSpaceRef as _tensorcast_common_v1_ByteSpaceRef,
  ByteSpaceRef__Output as _tensorcast_common_v1_ByteSpaceRef__Output,
} from '../../../tensorcast/common/v1/ByteSpaceRef';
import type {
  ReplicaTransportMetadata as _tensorcast_common_v1_ReplicaTransportMetadata,
  ReplicaTransportMetadata__Output as _tensorcast_common_v1_ReplicaTransportMetadata__Output,
} from '../../../tensorcast/common/v1/ReplicaTransportMetadata';
import type { Long } from '@grpc/proto-loader';

/**
 * One replica's placement as a daemon reports it and as peers need it to fetch bytes.
 */
export interface MemoryInfo {
  node_id?: string;
  node_address?: string;
  node_port?: number;
  memory_size?: number | string | Long;
  memory_type?: _tensorcast_common_v1_MemoryType;
  /**
   * Meaningful for GPU memory only; the state checksum treats it as 0 otherwise.
   */
  device_id?: number;
  /**
   * Parallel to buffer_sizes: one remote key per buffer, sizes summing to memory_size.
   */
  remote_memory_keys?: string[];
  buffer_sizes?: (number | string | Long)[];
  is_memory_replica?: boolean;
  /**
   * sha256 hex of the canonical tensor index.
   */
  tensor_index_key?: string;
  creation_ts?: _google_protobuf_Timestamp | null;
  source_process_id?: string;
  verification_json?: string;
  expires_at?: _google_protobuf_Timestamp | null;
  /**
   * Unset or CANONICAL for whole-artifact replicas; VIEW with an id for derived layouts.
   */
  byte_space?: _tensorcast_common_v1_ByteSpaceRef | null;
  transport?: _tensorcast_common_v1_ReplicaTransportMetadata | null;
  _transport?: 'transport';
}

/**
 * One replica's placement as a daemon reports it and as peers need it to fetch bytes.
 */
export interface MemoryInfo__Output {
  node_id: string;
  node_address: string;
  node_port: number;
  memory_size: string;
  memory_type: _tensorcast_common_v1_MemoryType__Output;
  /**
   * Meaningful for GPU memory only; the state checksum treats it as 0 otherwise.
   */
  device_id: number;
  /**
   * Parallel to buffer_sizes: one remote key per buffer, sizes summing to memory_size.
   */
  remote_memory_keys: string[];
  buffer_sizes: string[];
  is_memory_replica: boolean;
  /**
   * sha256 hex of the canonical tensor index.
   */
  tensor_index_key: string;
  creation_ts: _google_protobuf_Timestamp__Output | null;
  source_process_id: string;
  verification_json: string;
  expires_at: _google_protobuf_Timestamp__Output | null;
  /**
   * Unset or CANONICAL for whole-artifact replicas; VIEW with an id for derived layouts.
   */
  byte_space: _tensorcast_common_v1_ByteSpaceRef__Output | null;
  transport?: _tensorcast_common_v1_ReplicaTransportMetadata__Output | null;
  _transport?: 'transport';
}
