// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  MemoryType as _tensorcast_common_v1_MemoryType,
  MemoryType__Output as _tensorcast_common_v1_MemoryType__Output,
} from '../../../tensorcast/common/v1/MemoryType';

/**
 * Removes the worker's best-matching replica (GPU before RAM before DISK, then oldest).
 */
export interface UnregisterReplicaByWorkerRequest {
  artifact_id?: string;
  worker_id?: string;
  memory_type?: _tensorcast_common_v1_MemoryType;
  device_id?: number;
  _memory_type?: 'memory_type';
  _device_id?: 'device_id';
}

/**
 * Removes the worker's best-matching replica (GPU before RAM before DISK, then oldest).
 */
export interface UnregisterReplicaByWorkerRequest__Output {
  artifact_id: string;
  worker_id: string;
  memory_type?: _tensorcast_common_v1_MemoryType__Output;
  device_id?: number;
  _memory_type?: 'memory_type';
  _device_id?: 'device_id';
}
