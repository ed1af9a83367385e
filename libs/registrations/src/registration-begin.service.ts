import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  CLOCK,
  Clock,
  DomainError,
  InvalidArgumentError,
  optionalString,
  quoteClientValue,
  requireNonEmpty,
} from '../../common/src';
import { ArtifactStore } from '../../artifacts/src';
import {
  IdempotencyStore,
  WriteQueue,
  WriteTransaction,
  requestFingerprint,
} from '../../persistence/src';
import { WorkersService } from '../../workers/src';
import { PlanDetails, PlanKind, RegistrationEntity } from './registration.entity';
import { LeaseView, RegistrationLeases, openFromRow } from './registration-leases';
import { insertRegistration } from './registration-records';
import { RegistrationsMetrics } from './registrations.metrics';

export interface BeginInput {
  workerId: string;
  daemonId: string;
  ownerPid: number;
  deviceId: number;
  totalSize: number;
  ttlMs: number;
  tensorIndexKey?: string;
  tensorIndexData?: Buffer;
  encoding?: string;
  schemaVersion?: string;
  plan?: PlanKind;
  planDetails: PlanDetails;
  clientRequestId?: string;
}

/** Plain JSON: it is also what a replayed client_request_id returns. */
export interface BeginResult {
  registrationId: string;
  lease: LeaseView;
  plan: PlanKind;
  tensorIndexKey: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * BeginRegistration: checks the request and the worker, stores (or finds) the tensor index
 * and writes the OPEN row, committed before the lease is granted in memory.
 */
@Injectable()
export class RegistrationBeginService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writes: WriteQueue,
    private readonly idempotency: IdempotencyStore,
    private readonly workers: WorkersService,
    private readonly artifacts: ArtifactStore,
    private readonly leases: RegistrationLeases,
    private readonly metrics: RegistrationsMetrics,
  ) {}

  async begin(input: BeginInput): Promise<BeginResult> {
    const workerId = requireNonEmpty('worker_id', input.workerId);
    const daemonId = requireNonEmpty('daemon_id', input.daemonId);
    if (!Number.isInteger(input.ownerPid) || input.ownerPid <= 0) {
      throw new InvalidArgumentError(
        'owner_pid',
        `must be a process id > 0 (got ${quoteClientValue(input.ownerPid)})`,
      );
    }
    if (!(input.totalSize > 0)) {
      throw new InvalidArgumentError(
        'total_size',
        `must be greater than 0 (got ${input.totalSize})`,
      );
    }
    const plan = input.plan;
    if (plan === undefined) {
      throw new InvalidArgumentError('plan', 'one of coalesced, cpu or lease is required');
    }
    const index = this.parseIndex(input);
    const ttlMs = this.leases.grantTtl(input.ttlMs);
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
            this.requireOwnedActiveWorker(workerId, daemonId);
            this.leases.admit(daemonId);
            admittedFor = daemonId;

            const tensorIndexKey =
              'key' in index
                ? await this.requireStoredIndex(tx, index.key)
                : await this.artifacts.storeTensorIndex(
                    tx,
                    index.data,
                    index.encoding,
                    index.schemaVersion,
                  );
            const now = this.clock.now();
            const row = Object.assign(new RegistrationEntity(), {
              registrationId: `reg_${randomUUID()}`,
              workerId,
              daemonId,
              ownerPid: input.ownerPid,
              deviceId: input.deviceId,
              planKind: plan,
              plan: input.planDetails,
              totalSize: input.totalSize,
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
            const registration = openFromRow(
              row,
              this.leases.deadlineFor(ttlMs),
              this.clock.monotonic(),
            );
            tx.afterCommit(() => {
              this.leases.add(registration);
              this.metrics.begins[plan].inc();
            });
            return {
              registrationId: row.registrationId,
              lease: this.leases.leaseOf(registration),
              plan,
              tensorIndexKey,
            } satisfies BeginResult;
          },
        ),
      );
    } finally {
      if (admittedFor !== undefined) this.leases.releaseAdmission(admittedFor);
    }
  }

  private requireOwnedActiveWorker(workerId: string, daemonId: string): void {
    const worker = this.workers.getActiveWorker(workerId);
    if (!worker) {
      const known = this.workers.getWorker(workerId);
      throw new DomainError(
        known ? 'WORKER_INACTIVE' : 'WORKER_NOT_FOUND',
        known
          ? `worker_id: worker ${quoteClientValue(workerId)} is not active (re-register it first)`
          : `worker_id: no worker ${quoteClientValue(workerId)}`,
        'worker_id',
      );
    }
    if (worker.daemonId !== daemonId) {
      throw new DomainError(
        'WORKER_OWNED_BY_OTHER_DAEMON',
        `daemon_id: worker ${quoteClientValue(workerId)} belongs to daemon ${quoteClientValue(worker.daemonId)}, not ${quoteClientValue(daemonId)}`,
        'daemon_id',
      );
    }
  }

  private async requireStoredIndex(tx: WriteTransaction, key: string): Promise<string> {
    if (!(await this.artifacts.tensorIndexExists(tx.manager, key))) {
      throw new DomainError(
        'INDEX_NOT_FOUND',
        `tensor_index_key: no tensor index ${quoteClientValue(key)} is stored (send tensor_index_data instead)`,
        'tensor_index_key',
      );
    }
    return key;
  }

  private parseIndex(
    input: BeginInput,
  ): { key: string } | { data: Buffer; encoding: string; schemaVersion: string } {
    if (input.tensorIndexKey !== undefined && input.tensorIndexData !== undefined) {
      throw new InvalidArgumentError(
        'index',
        'give tensor_index_key or tensor_index_data, not both',
      );
    }
    if (input.tensorIndexKey !== undefined) {
      const key = input.tensorIndexKey.trim().toLowerCase();
      if (!SHA256_HEX.test(key)) {
        throw new InvalidArgumentError('tensor_index_key', 'must be the 64 hex digits of a sha256');
      }
      return { key };
    }
    if (input.tensorIndexData !== undefined) {
      if (input.tensorIndexData.length === 0)
        throw new InvalidArgumentError('tensor_index_data', 'is empty');
      return {
        data: input.tensorIndexData,
        encoding: optionalString('encoding', input.encoding).slice(0, 64),
        schemaVersion: optionalString('schema_version', input.schemaVersion).slice(0, 32),
      };
    }
    throw new InvalidArgumentError(
      'index',
      'one of tensor_index_key or tensor_index_data is required',
    );
  }
}
