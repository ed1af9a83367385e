import {
  Metadata,
  ServerInterceptingCall,
  ServerInterceptor,
  status as GrpcCode,
} from '@grpc/grpc-js';
import { boundStatusDetails } from './grpc-status';
import { LEADER_ADDRESS_TRAILER, NOT_LEADER_TRAILER } from './not-leader-trailers';

/** Anything that can say why this instance must not answer RPCs now (a standby's leader). */
export interface LeaderGate {
  refusal(): string | undefined;
  /** Another instance's address when it holds the lease, as the lease row names it. */
  leaderAddress?(): string | undefined;
}

/** Health and reflection answer on every instance: readiness probes and grpcurl need them. */
const ALWAYS_ANSWERED = ['/grpc.health.v1.Health/', '/grpc.reflection.'];

/**
 * A standby (or a deposed leader) answers every RPC with UNAVAILABLE and a message naming
 * the leader, before the call reaches a handler: its memory holds no state to answer from,
 * and a client's retry policy treats UNAVAILABLE as "try again / elsewhere". A call that
 * streams requests (KeepaliveStream lives for hours) is also checked at each message, so a
 * stream opened on a leader that has since lost its lease ends the same way.
 */
export function leaderGateInterceptor(gate: LeaderGate): ServerInterceptor {
  return (descriptor, call) => {
    if (ALWAYS_ANSWERED.some((prefix) => descriptor.path.startsWith(prefix))) {
      return new ServerInterceptingCall(call);
    }
    let refused = false;
    /** True (and the call ended with the refusal) when this instance must not answer now. */
    const refuse = (): boolean => {
      if (refused) return true;
      const refusal = gate.refusal();
      if (refusal === undefined) return false;
      refused = true;
      const trailers = new Metadata();
      trailers.set(NOT_LEADER_TRAILER, '1');
      const leader = gate.leaderAddress?.();
      if (leader) trailers.set(LEADER_ADDRESS_TRAILER, leader);
      call.sendStatus({
        code: GrpcCode.UNAVAILABLE,
        details: boundStatusDetails(refusal),
        metadata: trailers,
      });
      return true;
    };
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, pass) => {
            if (!refuse()) pass(metadata);
          },
          ...(descriptor.requestStream
            ? {
                onReceiveMessage: (message: unknown, pass: (message: unknown) => void) => {
                  if (!refuse()) pass(message);
                },
              }
            : {}),
        }),
    });
  };
}
