// Original file: proto/tcgs/admin/v1/admin.proto

export const ReplicaTier = {
  REPLICA_TIER_UNSPECIFIED: 'REPLICA_TIER_UNSPECIFIED',
  REPLICA_TIER_GPU: 'REPLICA_TIER_GPU',
  REPLICA_TIER_RAM: 'REPLICA_TIER_RAM',
  REPLICA_TIER_DISK: 'REPLICA_TIER_DISK',
} as const;

export type ReplicaTier =
  | 'REPLICA_TIER_UNSPECIFIED'
  | 0
  | 'REPLICA_TIER_GPU'
  | 1
  | 'REPLICA_TIER_RAM'
  | 2
  | 'REPLICA_TIER_DISK'
  | 3;

export type ReplicaTier__Output = (typeof ReplicaTier)[keyof typeof ReplicaTier];
