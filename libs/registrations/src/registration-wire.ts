import { timestampFromMs } from '../../grpc/src';
import type { wire } from '../../grpc/src';
import { LeaseView } from './registration-leases';
import { RegistrationsService } from './registrations.service';

export function toLease(lease: LeaseView): wire.RegistrationLease {
  return {
    lease_id: lease.leaseId,
    epoch: String(lease.epoch),
    expires_at: timestampFromMs(lease.expiresAt),
  };
}

/**
 * KeepaliveRegistration's request → answer, shared by the unary RPC and every message of
 * tcgs.registrations.v1 KeepaliveStream, so both keep a lease alive by one code path.
 */
export async function answerKeepalive(
  registrations: RegistrationsService,
  request: wire.KeepaliveRegistrationRequest__Output,
): Promise<wire.KeepaliveRegistrationResponse> {
  const lease = await registrations.keepalive(
    request.registration_id,
    request.owner_pid,
    request.ttl_ms,
  );
  return { lease: toLease(lease) };
}
