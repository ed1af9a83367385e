// Original file: proto/tensorcast/global_store/v1/global_store.proto

/**
 * UNSPECIFIED comes from older daemons: accepted, recorded as "".
 */
export const TransportCompletionOutcome = {
  TRANSPORT_COMPLETION_OUTCOME_UNSPECIFIED: 'TRANSPORT_COMPLETION_OUTCOME_UNSPECIFIED',
  TRANSPORT_COMPLETION_OUTCOME_SUCCESS: 'TRANSPORT_COMPLETION_OUTCOME_SUCCESS',
  TRANSPORT_COMPLETION_OUTCOME_FAILED: 'TRANSPORT_COMPLETION_OUTCOME_FAILED',
  TRANSPORT_COMPLETION_OUTCOME_EXPIRED: 'TRANSPORT_COMPLETION_OUTCOME_EXPIRED',
  TRANSPORT_COMPLETION_OUTCOME_CANCELLED: 'TRANSPORT_COMPLETION_OUTCOME_CANCELLED',
} as const;

/**
 * UNSPECIFIED comes from older daemons: accepted, recorded as "".
 */
export type TransportCompletionOutcome =
  | 'TRANSPORT_COMPLETION_OUTCOME_UNSPECIFIED'
  | 0
  | 'TRANSPORT_COMPLETION_OUTCOME_SUCCESS'
  | 1
  | 'TRANSPORT_COMPLETION_OUTCOME_FAILED'
  | 2
  | 'TRANSPORT_COMPLETION_OUTCOME_EXPIRED'
  | 3
  | 'TRANSPORT_COMPLETION_OUTCOME_CANCELLED'
  | 4;

/**
 * UNSPECIFIED comes from older daemons: accepted, recorded as "".
 */
export type TransportCompletionOutcome__Output =
  (typeof TransportCompletionOutcome)[keyof typeof TransportCompletionOutcome];
