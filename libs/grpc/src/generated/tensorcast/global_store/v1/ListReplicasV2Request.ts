// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  MemoryType as _tensorcast_common_v1_MemoryType,
  MemoryType__Output as _tensorcast_common_v1_MemoryType__Output,
} from '../../../tensorcast/common/v1/MemoryType';
import type {
  Pagination as _tensorcast_common_v1_Pagination,
  Pagination__Output as _tensorcast_common_v1_Pagination__Output,
} from '../../../tensorcast/common/v1/Pagination';

/**
 * Every present filter applies (AND).
 */
export interface ListReplicasV2Request {
  node_id?: string;
  node_address?: string;
  memory_type?: _tensorcast_common_v1_MemoryType;
  device_id?: number;
  artifact_id?: string;
  /**
   * 100, not 6: the upstream number, kept apart from the filters.
   */
  pagination?: _tensorcast_common_v1_Pagination | null;
  _node_id?: 'node_id';
  _node_address?: 'node_address';
  _memory_type?: 'memory_type';
  _device_id?: 'device_id';
  _artifact_id?: 'artifact_id';
}

/**
 * Every present filter applies (AND).
 */
export interface ListReplicasV2Request__Output {
  node_id?: string;
  node_address?: string;
  memory_type?: _tensorcast_common_v1_MemoryType__Output;
  device_id?: number;
  artifact_id?: string;
  /**
   * 100, not 6: the upstream number, kept apart from the filters.
   */
  pagination: _tensorcast_common_v1_Pagination__Output | null;
  _node_id?: 'node_id';
  _node_address?: 'node_address';
  _memory_type?: 'memory_type';
  _device_id?: 'device_id';
  _artifact_id?: 'artifact_id';
}
