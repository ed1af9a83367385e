// Original file: proto/tensorcast/memory_tier/v1/memory_tier.proto

export const LeaseAckAction = {
  LEASE_ACK_ACTION_UNSPECIFIED: 'LEASE_ACK_ACTION_UNSPECIFIED',
  LEASE_ACK_ACTION_ACQUIRED: 'LEASE_ACK_ACTION_ACQUIRED',
  LEASE_ACK_ACTION_RELEASED: 'LEASE_ACK_ACTION_RELEASED',
} as const;

export type LeaseAckAction =
  | 'LEASE_ACK_ACTION_UNSPECIFIED'
  | 0
  | 'LEASE_ACK_ACTION_ACQUIRED'
  | 1
  | 'LEASE_ACK_ACTION_RELEASED'
  | 2;

export type LeaseAckAction__Output = (typeof LeaseAckAction)[keyof typeof LeaseAckAction];
