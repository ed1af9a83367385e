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
 * and a client's retry policy treats UNAVAILABLE as "try again / elsewhere".
 */
export function leaderGateInterceptor(gate: LeaderGate): ServerInterceptor {
  return (descriptor, call) => {
    if (ALWAYS_ANSWERED.some((prefix) => descriptor.path.startsWith(prefix))) {
      return new ServerInterceptingCall(call);
    }
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, pass) => {
            const refusal = gate.refusal();
            if (refusal === undefined) {
              pass(metadata);
              return;
            }
            const trailers = new Metadata();
            trailers.set(NOT_LEADER_TRAILER, '1');
            const leader = gate.leaderAddress?.();
            if (leader) trailers.set(LEADER_ADDRESS_TRAILER, leader);
            call.sendStatus({
              code: GrpcCode.UNAVAILABLE,
              details: boundStatusDetails(refusal),
              metadata: trailers,
            });
          },
        }),
    });
  };
}
