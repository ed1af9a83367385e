// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  MemoryInfo as _tensorcast_common_v1_MemoryInfo,
  MemoryInfo__Output as _tensorcast_common_v1_MemoryInfo__Output,
} from '../../../tensorcast/common/v1/MemoryInfo';
import type {
  ArtifactDescriptor as _tensorcast_common_v1_ArtifactDescriptor,
  ArtifactDescriptor__Output as _tensorcast_common_v1_ArtifactDescriptor__Output,
} from '../../../tensorcast/common/v1/ArtifactDescriptor';

export interface RegisterReplicaRequest {
  /**
   * Ignored when descriptor.artifact_id is set.
   */
  artifact_id?: string;
  mem_info?: _tensorcast_common_v1_MemoryInfo | null;
  max_concurrency?: number;
  worker_id?: string;
  /**
   * Canonical tensor index, stored alongside the artifact when given.
   */
  tensor_index_data?: Buffer | Uint8Array | string;
  encoding?: string;
  /**
   * Only "v3" is accepted when present.
   */
  schema_version?: string;
  disk_path?: string;
  descriptor?: _tensorcast_common_v1_ArtifactDescriptor | null;
  client_request_id?: string;
  _tensor_index_data?: 'tensor_index_data';
  _encoding?: 'encoding';
  _schema_version?: 'schema_version';
  _disk_path?: 'disk_path';
  _descriptor?: 'descriptor';
  _client_request_id?: 'client_request_id';
}

export interface RegisterReplicaRequest__Output {
  /**
   * Ignored when descriptor.artifact_id is set.
   */
  artifact_id: string;
  mem_info: _tensorcast_common_v1_MemoryInfo__Output | null;
  max_concurrency: number;
  worker_id: string;
  /**
   * Canonical tensor index, stored alongside the artifact when given.
   */
  tensor_index_data?: Buffer;
  encoding?: string;
  /**
   * Only "v3" is accepted when present.
   */
  schema_version?: string;
  disk_path?: string;
  descriptor?: _tensorcast_common_v1_ArtifactDescriptor__Output | null;
  client_request_id?: string;
  _tensor_index_data?: 'tensor_index_data';
  _encoding?: 'encoding';
  _schema_version?: 'schema_version';
  _disk_path?: 'disk_path';
  _descriptor?: 'descriptor';
  _client_request_id?: 'client_request_id';
}
