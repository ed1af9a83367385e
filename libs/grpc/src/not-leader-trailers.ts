/**
 * Trailers of a standby's refusal (leader-gate.interceptor.ts), so a client can tell "this
 * instance is not the leader" from "the server cannot be reached" (both UNAVAILABLE) without
 * parsing the message, and find the leader.
 */
export const NOT_LEADER_TRAILER = 'tc-not-leader';
/** The leader's gRPC address as the lease row names it; absent when none is known. */
export const LEADER_ADDRESS_TRAILER = 'tc-leader-address';
