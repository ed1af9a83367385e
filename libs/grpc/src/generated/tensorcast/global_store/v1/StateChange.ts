// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  ReplicaInfo as _tensorcast_common_v1_ReplicaInfo,
  ReplicaInfo__Output as _tensorcast_common_v1_ReplicaInfo__Output,
} from '../../../tensorcast/common/v1/ReplicaInfo';

// Original file: proto/tensorcast/global_store/v1/global_store.proto

export const _tensorcast_global_store_v1_StateChange_ChangeType = {
  CHANGE_TYPE_UNSPECIFIED: 'CHANGE_TYPE_UNSPECIFIED',
  CHANGE_TYPE_REMOVE_REPLICA: 'CHANGE_TYPE_REMOVE_REPLICA',
  CHANGE_TYPE_UPDATE_REPLICA: 'CHANGE_TYPE_UPDATE_REPLICA',
  CHANGE_TYPE_ADD_REPLICA: 'CHANGE_TYPE_ADD_REPLICA',
} as const;

export type _tensorcast_global_store_v1_StateChange_ChangeType =
  | 'CHANGE_TYPE_UNSPECIFIED'
  | 0
  | 'CHANGE_TYPE_REMOVE_REPLICA'
  | 1
  | 'CHANGE_TYPE_UPDATE_REPLICA'
  | 2
  | 'CHANGE_TYPE_ADD_REPLICA'
  | 3;

export type _tensorcast_global_store_v1_StateChange_ChangeType__Output =
  (typeof _tensorcast_global_store_v1_StateChange_ChangeType)[keyof typeof _tensorcast_global_store_v1_StateChange_ChangeType];

export interface StateChange {
  type?: _tensorcast_global_store_v1_StateChange_ChangeType;
  replica_info?: _tensorcast_common_v1_ReplicaInfo | null;
  reason?: string;
}

export interface StateChange__Output {
  type: _tensorcast_global_store_v1_StateChange_ChangeType__Output;
  replica_info: _tensorcast_common_v1_ReplicaInfo__Output | null;
  reason: string;
}
