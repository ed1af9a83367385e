// Original file: proto/tensorcast/common/v1/common.proto

import type {
  ReplicaRef as _tensorcast_common_v1_ReplicaRef,
  ReplicaRef__Output as _tensorcast_common_v1_ReplicaRef__Output,
} from '../../../tensorcast/common/v1/ReplicaRef';
import type {
  MemoryInfo as _tensorcast_common_v1_MemoryInfo,
  MemoryInfo__Output as _tensorcast_common_v1_MemoryInfo__Output,
} from '../../../tensorcast/common/v1/MemoryInfo';
import type {
  ReplicaStats as _tensorcast_common_v1_ReplicaStats,
  ReplicaStats__Output as _tensorcast_common_v1_ReplicaStats__Output,
} from '../../../tensorcast/common/v1/ReplicaStats';

export interface ReplicaInfo {
  ref?: _tensorcast_common_v1_ReplicaRef | null;
  memory_info?: _tensorcast_common_v1_MemoryInfo | null;
  stats?: _tensorcast_common_v1_ReplicaStats | null;
}

export interface ReplicaInfo__Output {
  ref: _tensorcast_common_v1_ReplicaRef__Output | null;
  memory_info: _tensorcast_common_v1_MemoryInfo__Output | null;
  stats: _tensorcast_common_v1_ReplicaStats__Output | null;
}
