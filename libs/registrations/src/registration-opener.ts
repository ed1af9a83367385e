import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CLOCK, Clock, DomainError, quoteClientValue } from '../../common/src';
import { ArtifactStore } from '../../artifacts/src';
import { WriteTransaction } from '../../persistence/src';
import { BeginRequest, IndexSource } from './begin-request';
import { PlanKind, RegistrationEntity } from './registration.entity';
import { LeaseView, RegistrationLeases, openFromRow } from './registration-leases';
import { insertRegistration } from './registration-records';
import { RegistrationsMetrics } from './registrations.metrics';

/** Plain JSON: it is also what a replayed client_request_id returns. */
export interface BeginResult {
  registrationId: string;
  lease: LeaseView;
  plan: PlanKind;
  tensorIndexKey: string;
}

/**
 * Opens an admitted registration inside the caller's transaction: finds or stores its
 * tensor index (the artifacts module's table) and writes the OPEN row; the lease is granted
 * in memory only once that commits.
 */
@Injectable()
export class RegistrationOpener {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly artifacts: ArtifactStore,
    private readonly leases: RegistrationLeases,
    private readonly metrics: RegistrationsMetrics,
  ) {}

  async open(tx: WriteTransaction, request: BeginRequest): Promise<BeginResult> {
    const ttlMs = this.leases.grantTtl(request.ttlMs);
    const tensorIndexKey = await this.tensorIndexKey(tx, request.index);
    const now = this.clock.now();
    const row = Object.assign(new RegistrationEntity(), {
      registrationId: `reg_${randomUUID()}`,
      workerId: request.workerId,
      daemonId: request.daemonId,
      ownerPid: request.ownerPid,
      deviceId: request.deviceId,
      planKind: request.plan,
      plan: request.planDetails,
      totalSize: request.totalSize,
      tensorIndexKey,
      epoch: 1,
      state: 'OPEN',
      coverage: { covered_bytes: 0, frames: 0 },
      ttlMs,
      endReason: '',
      artifactId: '',
      replicaId: '',
      createdAt: now,
      updatedAt: now,
    } satisfies RegistrationEntity);
    await insertRegistration(tx, row);
    const registration = openFromRow(row, this.leases.deadlineFor(ttlMs), this.clock.monotonic());
    tx.afterCommit(() => {
      this.leases.add(registration);
      this.metrics.begins[request.plan].inc();
    });
    return {
      registrationId: row.registrationId,
      lease: this.leases.leaseOf(registration),
      plan: request.plan,
      tensorIndexKey,
    };
  }

  private async tensorIndexKey(tx: WriteTransaction, index: IndexSource): Promise<string> {
    if (!('key' in index)) {
      return this.artifacts.storeTensorIndex(tx, index.data, index.encoding, index.schemaVersion);
    }
    if (!(await this.artifacts.tensorIndexExists(tx, index.key))) {
      throw new DomainError(
        'INDEX_NOT_FOUND',
        `tensor_index_key: no tensor index ${quoteClientValue(index.key)} is stored (send tensor_index_data instead)`,
        'tensor_index_key',
      );
    }
    return index.key;
  }
}
