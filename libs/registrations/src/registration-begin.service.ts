import { Injectable } from '@nestjs/common';
import { IdempotencyStore, WriteQueue, requestFingerprint } from '../../persistence/src';
import { BeginInput, parseBeginRequest } from './begin-request';
import { RegistrationAdmission } from './registration-admission';
import { BeginResult, RegistrationOpener } from './registration-opener';

/**
 * BeginRegistration: checks the request, admits the daemon (RegistrationAdmission) and
 * opens the registration (RegistrationOpener) in one write, committed before the lease is
 * granted in memory; a repeated client_request_id answers what the first one did.
 */
@Injectable()
export class RegistrationBeginService {
  constructor(
    private readonly writes: WriteQueue,
    private readonly idempotency: IdempotencyStore,
    private readonly admission: RegistrationAdmission,
    private readonly opener: RegistrationOpener,
  ) {}

  async begin(input: BeginInput): Promise<BeginResult> {
    const request = parseBeginRequest(input);
    const fingerprint = requestFingerprint({ ...input, clientRequestId: undefined });

    let admittedFor: string | undefined;
    try {
      return await this.writes.run((tx) =>
        this.idempotency.execute(
          tx,
          'BeginRegistration',
          input.clientRequestId,
          fingerprint,
          async () => {
            this.admission.admit(request.workerId, request.daemonId);
            admittedFor = request.daemonId;
            return this.opener.open(tx, request);
          },
        ),
      );
    } finally {
      if (admittedFor !== undefined) this.admission.release(admittedFor);
    }
  }
}
