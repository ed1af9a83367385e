// Original file: proto/tensorcast/common/v1/common.proto

import type { Long } from '@grpc/proto-loader';

// Original file: proto/tensorcast/common/v1/common.proto

export const _tensorcast_common_v1_ReplicaTransportMetadata_ExportState = {
  EXPORT_STATE_UNSPECIFIED: 'EXPORT_STATE_UNSPECIFIED',
  EXPORT_STATE_PRESENCE_ONLY: 'EXPORT_STATE_PRESENCE_ONLY',
  EXPORT_STATE_EXPORTABLE: 'EXPORT_STATE_EXPORTABLE',
  EXPORT_STATE_DRAINING: 'EXPORT_STATE_DRAINING',
} as const;

export type _tensorcast_common_v1_ReplicaTransportMetadata_ExportState =
  | 'EXPORT_STATE_UNSPECIFIED'
  | 0
  | 'EXPORT_STATE_PRESENCE_ONLY'
  | 1
  | 'EXPORT_STATE_EXPORTABLE'
  | 2
  | 'EXPORT_STATE_DRAINING'
  | 3;

export type _tensorcast_common_v1_ReplicaTransportMetadata_ExportState__Output =
  (typeof _tensorcast_common_v1_ReplicaTransportMetadata_ExportState)[keyof typeof _tensorcast_common_v1_ReplicaTransportMetadata_ExportState];

/**
 * Export state of a replica's memory registration, for peers that pull over RDMA.
 */
export interface ReplicaTransportMetadata {
  export_state?: _tensorcast_common_v1_ReplicaTransportMetadata_ExportState;
  /**
   * Bumped by the daemon on every re-export, so stale remote keys can be told apart.
   */
  export_generation?: number | string | Long;
  remote_memory_keys?: string[];
  buffer_sizes?: (number | string | Long)[];
  verification_json?: string;
}

/**
 * Export state of a replica's memory registration, for peers that pull over RDMA.
 */
export interface ReplicaTransportMetadata__Output {
  export_state: _tensorcast_common_v1_ReplicaTransportMetadata_ExportState__Output;
  /**
   * Bumped by the daemon on every re-export, so stale remote keys can be told apart.
   */
  export_generation: string;
  remote_memory_keys: string[];
  buffer_sizes: string[];
  verification_json: string;
}
