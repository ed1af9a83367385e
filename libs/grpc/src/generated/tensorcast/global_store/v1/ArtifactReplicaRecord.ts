// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  MemoryInfo as _tensorcast_common_v1_MemoryInfo,
  MemoryInfo__Output as _tensorcast_common_v1_MemoryInfo__Output,
} from '../../../tensorcast/common/v1/MemoryInfo';

export interface ArtifactReplicaRecord {
  artifact_id?: string;
  memory_info?: _tensorcast_common_v1_MemoryInfo | null;
}

export interface ArtifactReplicaRecord__Output {
  artifact_id: string;
  memory_info: _tensorcast_common_v1_MemoryInfo__Output | null;
}
