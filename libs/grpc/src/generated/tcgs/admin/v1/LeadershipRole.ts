// Original file: proto/tcgs/admin/v1/admin.proto

/**
 * Room for high availability: a single server reports STANDALONE at epoch 0.
 */
export const LeadershipRole = {
  LEADERSHIP_ROLE_UNSPECIFIED: 'LEADERSHIP_ROLE_UNSPECIFIED',
  LEADERSHIP_ROLE_STANDALONE: 'LEADERSHIP_ROLE_STANDALONE',
  LEADERSHIP_ROLE_LEADER: 'LEADERSHIP_ROLE_LEADER',
  LEADERSHIP_ROLE_STANDBY: 'LEADERSHIP_ROLE_STANDBY',
} as const;

/**
 * Room for high availability: a single server reports STANDALONE at epoch 0.
 */
export type LeadershipRole =
  | 'LEADERSHIP_ROLE_UNSPECIFIED'
  | 0
  | 'LEADERSHIP_ROLE_STANDALONE'
  | 1
  | 'LEADERSHIP_ROLE_LEADER'
  | 2
  | 'LEADERSHIP_ROLE_STANDBY'
  | 3;

/**
 * Room for high availability: a single server reports STANDALONE at epoch 0.
 */
export type LeadershipRole__Output = (typeof LeadershipRole)[keyof typeof LeadershipRole];
