import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, LessThan, Not } from 'typeorm';
import {
  CLOCK,
  Clock,
  DomainError,
  InvalidArgumentError,
  optionalString,
  parseUint64,
  requireNonEmpty,
  quoteClientValue,
} from '../../common/src';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import type { wire } from '../../grpc/src';
import { ArtifactStore } from '../../artifacts/src';
import {
  IdempotencyStore,
  WriteQueue,
  WriteTransaction,
  requestFingerprint,
} from '../../persistence/src';
import { DeactivationReason, WorkersService } from '../../workers/src';
import { Coverage, CoverageFrame } from './coverage';
import { DIGEST_BYTES } from './merkle';
import { PlanDetails, PlanKind, RegistrationEntity } from './registration.entity';
import { LeaseView, OpenRegistration, RegistrationLeases } from './registration-leases';
import {
  appendFramesIfOpen,
  deleteOrphanFrames,
  endIfOpen,
  findRegistration,
  fromFrameRow,
  loadFrames,
  notOpenError,
} from './registration-records';
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

export interface FeedResult {
  acceptedBytes: number;
  acceptedSegments: number;
  coveredBytes: number;
  lease: LeaseView | undefined;
}

export type RevokeTarget =
  { registrationId: string } | { workerId: string } | { daemonId: string } | Record<string, never>;

export interface RegistrationFilter {
  daemonId?: string;
  workerId?: string;
}

/** One client stream of FeedRegistration: frames it accepted that are not durable yet. */
export class FeedSession {
  registration: OpenRegistration | undefined;
  epoch = 0;
  readonly pending: CoverageFrame[] = [];
  acceptedBytes = 0;
  acceptedSegments = 0;
}

const SWEEP_TICK_MS = 100;
const EXPIRY_RETRY_MS = 1000;
/** Ended registrations stay readable (Commit replays, error answers) this long. */
export const ENDED_RETENTION_MS = 24 * 60 * 60 * 1000;
const PURGE_EVERY_MS = 10 * 60 * 1000;
const SHA256_HEX = /^[0-9a-f]{64}$/;
export const RESTART_REASON = 'global store restarted';

/**
 * Registration leases: Begin, Feed, Keepalive, Abort, Revoke, List, expiry and restart
 * (Commit is RegistrationCommitService). Every state change is a fenced write through the
 * write queue, committed before the RPC answers; memory (RegistrationLeases) follows only
 * after the commit. Keepalive and lease extension touch memory only.
 */
@Injectable()
export class RegistrationsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Registrations');
  /** Begins admitted by the per-daemon limit whose write has not settled yet. */
  private readonly admitting = new Map<string, number>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private lastPurgeAt = -Infinity;

  constructor(
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteQueue,
    private readonly idempotency: IdempotencyStore,
    private readonly workers: WorkersService,
    private readonly artifacts: ArtifactStore,
    private readonly leases: RegistrationLeases,
    private readonly metrics: RegistrationsMetrics,
  ) {}

  onModuleInit(): void {
    this.workers.onWorkerDeactivated({
      workerDeactivated: (workerId: string, reason: DeactivationReason) =>
        this.revokeOfWorker(
          workerId,
          reason === 'timeout' ? 'worker timed out' : 'worker unregistered',
        ),
    });
  }

  startBackgroundWork(): void {
    this.sweepTimer ??= setInterval(() => void this.sweep(), SWEEP_TICK_MS);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }

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
            const pending =
              this.leases.openOfDaemon(daemonId) + (this.admitting.get(daemonId) ?? 0);
            if (pending >= this.config.registrations.max_pending_per_daemon) {
              throw new DomainError(
                'TOO_MANY_PENDING',
                `daemon_id: daemon ${quoteClientValue(daemonId)} already has ${pending} open registrations ` +
                  `(registrations.max_pending_per_daemon = ${this.config.registrations.max_pending_per_daemon})`,
                'daemon_id',
              );
            }
            this.admitting.set(daemonId, (this.admitting.get(daemonId) ?? 0) + 1);
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
            await tx.manager.insert(RegistrationEntity, row);
            const registration = this.openFromRow(
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
      if (admittedFor !== undefined) this.releaseAdmission(admittedFor);
    }
  }

  openFeed(): FeedSession {
    return new FeedSession();
  }

  /**
   * Checks one frame and, if it is good, adds it to the registration's coverage in memory
   * and extends the lease. The frame becomes durable when the stream ends (finishFeed).
   */
  async acceptFrame(
    session: FeedSession,
    frame: wire.FeedRegistrationRequest__Output,
  ): Promise<void> {
    const id = requireNonEmpty('registration_id', frame.registration_id);
    if (session.registration && session.registration.id !== id) {
      throw new InvalidArgumentError(
        'registration_id',
        `a feed stream serves one registration (${session.registration.id}), got ${quoteClientValue(id)}`,
      );
    }
    const epoch = parseUint64('epoch', frame.epoch);
    const registration = await this.requireOpen(id);
    this.requireEpoch(registration, epoch);
    session.registration = registration;
    session.epoch = epoch;

    const expected = registration.plan === 'lease' ? 'lease_segments' : 'chunk';
    if (frame.feed === undefined) {
      throw new InvalidArgumentError(
        'feed',
        `a frame needs ${expected} (the registration's plan is ${registration.plan})`,
      );
    }
    if (frame.feed !== expected) {
      throw new InvalidArgumentError(
        frame.feed,
        `the registration's plan is ${registration.plan}, which is fed with ${expected} frames`,
      );
    }
    const frames =
      frame.feed === 'chunk'
        ? [this.parseChunk(frame.chunk)]
        : this.parseSegments(frame.lease_segments?.segments ?? []);
    const added: CoverageFrame[] = [];
    try {
      for (const [i, piece] of frames.entries()) {
        const field = frame.feed === 'chunk' ? 'chunk' : `lease_segments.segments[${i}]`;
        const placement = registration.coverage.place(piece.offset, piece.length, piece.digest);
        switch (placement.kind) {
          case 'new':
            registration.coverage.add(piece);
            added.push(piece);
            break;
          case 'duplicate':
            break;
          case 'out_of_bounds':
            throw new InvalidArgumentError(
              field,
              `bytes [${piece.offset}, ${piece.offset + piece.length}) are outside [0, ${registration.totalSize})`,
            );
          case 'overlap':
            throw new InvalidArgumentError(
              field,
              `bytes [${piece.offset}, ${piece.offset + piece.length}) overlap accepted bytes ` +
                `[${placement.with.offset}, ${placement.with.offset + placement.with.length})`,
            );
        }
      }
    } catch (error) {
      // A lease_segments frame is accepted whole or not at all.
      for (const piece of added) registration.coverage.remove(piece);
      throw error;
    }
    session.pending.push(...added);
    for (const piece of added) session.acceptedBytes += piece.length;
    session.acceptedSegments += added.length;
    this.leases.extend(registration, registration.ttlMs);
  }

  /**
   * Makes the stream's accepted frames durable (fenced on registration and epoch) before
   * the stream is answered. If the registration ended meanwhile the frames are dropped from
   * memory and the caller learns why.
   */
  async finishFeed(session: FeedSession): Promise<FeedResult> {
    const registration = session.registration;
    const frames = session.pending.splice(0);
    if (registration && frames.length > 0) {
      try {
        await this.writes.run(async (tx) => {
          const now = this.clock.now();
          if (!(await appendFramesIfOpen(tx, registration.id, session.epoch, frames, now))) {
            throw notOpenError(
              await findRegistration(tx.manager, registration.id),
              registration.id,
            );
          }
          tx.afterCommit(() => this.countFed(registration.plan, frames));
        });
      } catch (error) {
        for (const frame of frames) registration.coverage.remove(frame);
        throw error;
      }
    }
    return {
      acceptedBytes: session.acceptedBytes,
      acceptedSegments: session.acceptedSegments,
      coveredBytes: registration?.coverage.coveredBytes ?? 0,
      lease: registration ? this.leases.leaseOf(registration) : undefined,
    };
  }

  /** Memory only: no disk write on the success path. */
  async keepalive(
    registrationId: string,
    ownerPid: number,
    ttlMs: number | undefined,
  ): Promise<LeaseView> {
    const id = requireNonEmpty('registration_id', registrationId);
    const registration = this.leases.get(id);
    if (!registration) throw await this.whyNotOpen(id);
    if (registration.ownerPid !== ownerPid) {
      throw new DomainError(
        'REGISTRATION_NOT_OWNER',
        `owner_pid: registration ${quoteClientValue(id)} is held by pid ${registration.ownerPid}, not ${quoteClientValue(ownerPid)}`,
        'owner_pid',
      );
    }
    if (this.leases.isExpired(registration)) throw await this.expireNow(registration);
    this.leases.extend(registration, this.leases.grantTtl(ttlMs, registration.ttlMs));
    this.metrics.keepalives.inc();
    return this.leases.leaseOf(registration);
  }

  /** The owner gives up. Repeating it, or aborting an expired or revoked one, is a no-op. */
  async abort(registrationId: string, reason: string): Promise<void> {
    const id = requireNonEmpty('registration_id', registrationId);
    const why = optionalString('reason', reason) || 'aborted by its owner';
    const live = this.leases.get(id);
    if (live && this.leases.isExpired(live)) {
      await this.expire([live]);
      return;
    }
    await this.writes.run(async (tx) => {
      const row = await findRegistration(tx.manager, id);
      if (!row) throw notOpenError(null, id);
      if (row.state === 'COMMITTED') throw notOpenError(row, id);
      if (row.state !== 'OPEN') return;
      if (await endIfOpen(tx, id, row.epoch, 'ABORTED', why, this.clock.now())) {
        tx.afterCommit(() => {
          this.leases.remove(id);
          this.metrics.aborts.inc();
        });
        this.logger.log(`registration ${id} aborted: ${why}`);
      }
    });
  }

  /** Operator revoke. Returns how many open registrations it ended. */
  async revoke(target: RevokeTarget, reason: string): Promise<number> {
    const why = optionalString('reason', reason) || 'revoked by an operator';
    if ('registrationId' in target) {
      const id = requireNonEmpty('registration_id', target.registrationId);
      return this.writes.run(async (tx) => {
        const open = this.leases.get(id);
        if (open) return this.revokeInTransaction(tx, [open], why);
        if (!(await findRegistration(tx.manager, id))) throw notOpenError(null, id);
        return 0;
      });
    }
    if ('workerId' in target) {
      const workerId = requireNonEmpty('worker_id', target.workerId);
      return this.writes.run((tx) =>
        this.revokeInTransaction(tx, this.leases.ofWorker(workerId), why),
      );
    }
    if ('daemonId' in target) {
      const daemonId = requireNonEmpty('daemon_id', target.daemonId);
      return this.writes.run((tx) =>
        this.revokeInTransaction(tx, this.leases.ofDaemon(daemonId), why),
      );
    }
    throw new InvalidArgumentError(
      'target',
      'one of registration_id, worker_id or daemon_id is required',
    );
  }

  /** Open registrations only, oldest first; ended ones answer through Commit and Feed errors. */
  list(filter: RegistrationFilter): { registration: OpenRegistration; lease: LeaseView }[] {
    const daemonId = filter.daemonId?.trim() || undefined;
    const workerId = filter.workerId?.trim() || undefined;
    const source = daemonId !== undefined ? this.leases.ofDaemon(daemonId) : [...this.leases.all()];
    return source
      .filter((r) => workerId === undefined || r.workerId === workerId)
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
      .map((registration) => ({ registration, lease: this.leases.leaseOf(registration) }));
  }

  /**
   * The open registration, or the error that says why it is not: unknown, ended, or its
   * lease ran out (then it is durably marked EXPIRED before the caller is answered).
   */
  async requireOpen(registrationId: string): Promise<OpenRegistration> {
    const registration = this.leases.get(registrationId);
    if (!registration) throw await this.whyNotOpen(registrationId);
    if (this.leases.isExpired(registration)) throw await this.expireNow(registration);
    return registration;
  }

  requireEpoch(registration: OpenRegistration, epoch: number): void {
    if (epoch !== registration.epoch) {
      throw new DomainError(
        'REGISTRATION_STALE_EPOCH',
        `epoch: ${epoch} is not the current epoch ${registration.epoch} of registration ` +
          `${registration.id} (KeepaliveRegistration returns the current lease)`,
        'epoch',
      );
    }
  }

  /** Marks it EXPIRED durably and returns the error to answer with. */
  async expireNow(registration: OpenRegistration): Promise<DomainError> {
    await this.expire([registration]);
    return notOpenError(
      Object.assign(new RegistrationEntity(), { state: 'EXPIRED', endReason: 'expired' }),
      registration.id,
    );
  }

  async whyNotOpen(registrationId: string): Promise<DomainError> {
    const row = await this.writes.run((tx) => findRegistration(tx.manager, registrationId));
    return notOpenError(row, registrationId);
  }

  /** Expires every registration whose lease ran out; run by the timer and by tests. */
  async sweep(): Promise<number> {
    const expired = this.leases.popExpired();
    if (expired.length > 0) await this.expire(expired).catch(() => undefined);
    const now = this.clock.now();
    if (now - this.lastPurgeAt >= PURGE_EVERY_MS) {
      this.lastPurgeAt = now;
      await this.purgeEnded().catch((error: unknown) =>
        this.logger.warn(`purge of ended registrations failed: ${String(error)}`),
      );
    }
    return expired.length;
  }

  /** Ended registrations older than the retention; they no longer answer Commit replays. */
  async purgeEnded(): Promise<number> {
    return this.writes.run(async (tx) => {
      const result = await tx.manager.delete(RegistrationEntity, {
        state: Not('OPEN'),
        updatedAt: LessThan(this.clock.now() - ENDED_RETENTION_MS),
      });
      return result.affected ?? 0;
    });
  }

  /**
   * Startup: every open registration comes back with all its durable coverage, epoch + 1 (a
   * re-granted lease: writes of the previous holder are refused) and a fresh deadline — or,
   * if that cannot be done whole (its worker is gone, its frames are inconsistent), it is
   * revoked with reason "global store restarted". Nothing is restored half.
   */
  async recover(): Promise<{ restored: number; revoked: number }> {
    const rows = await this.dataSource.manager.find(RegistrationEntity, {
      where: { state: 'OPEN' },
      order: { createdAt: 'ASC' },
    });
    const framesById = new Map<string, CoverageFrame[]>();
    for (const frame of await loadFrames(
      this.dataSource.manager,
      rows.map((r) => r.registrationId),
    )) {
      let list = framesById.get(frame.registrationId);
      if (!list) framesById.set(frame.registrationId, (list = []));
      list.push(fromFrameRow(frame));
    }
    const restore: OpenRegistration[] = [];
    const revoke: { row: RegistrationEntity; why: string }[] = [];
    for (const row of rows) {
      const worker = this.workers.getWorker(row.workerId);
      const coverage = rebuildCoverage(row, framesById.get(row.registrationId) ?? []);
      if (!worker || worker.inactive || worker.daemonId !== row.daemonId) {
        revoke.push({ row, why: `worker ${row.workerId} is not active` });
      } else if (typeof coverage === 'string') {
        revoke.push({ row, why: coverage });
      } else {
        restore.push(
          this.openFromRow(
            { ...row, epoch: row.epoch + 1 },
            this.leases.deadlineFor(row.ttlMs),
            undefined,
            coverage,
          ),
        );
      }
    }
    await this.writes.run(async (tx) => {
      const now = this.clock.now();
      for (const registration of restore) {
        await tx.manager.update(
          RegistrationEntity,
          { registrationId: registration.id, state: 'OPEN' },
          { epoch: registration.epoch, updatedAt: now },
        );
      }
      for (const { row } of revoke) {
        await endIfOpen(tx, row.registrationId, row.epoch, 'REVOKED', RESTART_REASON, now);
      }
      await deleteOrphanFrames(tx);
      tx.afterCommit(() => {
        for (const registration of restore) this.leases.add(registration);
        this.metrics.revokes.inc(revoke.length);
      });
    });
    for (const { row, why } of revoke) {
      this.logger.warn(
        `registration ${row.registrationId} revoked on restart (${RESTART_REASON}): ${why}`,
      );
    }
    return { restored: restore.length, revoked: revoke.length };
  }

  /** Marks registrations EXPIRED durably (one transaction for the batch); memory follows. */
  async expire(registrations: readonly OpenRegistration[]): Promise<void> {
    const waits: Promise<void>[] = [];
    const batch: OpenRegistration[] = [];
    for (const registration of registrations) {
      if (registration.expiring) waits.push(registration.expiring);
      else batch.push(registration);
    }
    if (batch.length > 0) {
      const write = this.writes.run(async (tx) => {
        const now = this.clock.now();
        for (const registration of batch) {
          const { id, epoch } = registration;
          if (await endIfOpen(tx, id, epoch, 'EXPIRED', 'expired', now)) {
            tx.afterCommit(() => this.leases.remove(id));
          }
        }
      });
      const settled = write.then(
        () => undefined,
        (error: unknown) => {
          this.logger.error(
            `could not mark ${batch.length} registration(s) expired: ${String(error)}`,
          );
          for (const registration of batch) {
            registration.expiring = undefined;
            this.leases.retryExpiry(registration, EXPIRY_RETRY_MS);
          }
          throw error;
        },
      );
      for (const registration of batch) registration.expiring = settled.catch(() => undefined);
      waits.push(settled);
    }
    await Promise.all(waits);
  }

  private async revokeOfWorker(workerId: string, why: string): Promise<void> {
    const revoked = await this.writes.run((tx) =>
      this.revokeInTransaction(tx, this.leases.ofWorker(workerId), why),
    );
    if (revoked > 0)
      this.logger.warn(`revoked ${revoked} open registration(s) of worker ${workerId}: ${why}`);
  }

  /** Targets are read inside the transaction so a Begin committed just before is included. */
  private async revokeInTransaction(
    tx: WriteTransaction,
    registrations: readonly OpenRegistration[],
    why: string,
  ): Promise<number> {
    const now = this.clock.now();
    const ended: string[] = [];
    for (const registration of registrations) {
      if (await endIfOpen(tx, registration.id, registration.epoch, 'REVOKED', why, now)) {
        ended.push(registration.id);
      }
    }
    tx.afterCommit(() => {
      for (const id of ended) this.leases.remove(id);
      this.metrics.revokes.inc(ended.length);
    });
    return ended.length;
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

  private parseChunk(chunk: wire.FeedChunk__Output | null | undefined): CoverageFrame {
    if (!chunk) throw new InvalidArgumentError('chunk', 'is required');
    return {
      offset: parseUint64('chunk.offset', chunk.offset),
      length: requireLength('chunk.length', chunk.length),
      digest: requireDigest('chunk.digest', chunk.digest),
    };
  }

  private parseSegments(segments: readonly wire.LeaseSegment__Output[]): CoverageFrame[] {
    if (segments.length === 0)
      throw new InvalidArgumentError('lease_segments.segments', 'is empty');
    return segments.map((segment, i) => {
      const field = `lease_segments.segments[${i}]`;
      return {
        storageId: requireNonEmpty(`${field}.storage_id`, segment.storage_id),
        storageOffset: parseUint64(`${field}.storage_offset`, segment.storage_offset),
        offset: parseUint64(`${field}.artifact_offset`, segment.artifact_offset),
        length: requireLength(`${field}.length`, segment.length),
        digest: requireDigest(`${field}.digest`, segment.digest),
      };
    });
  }

  private countFed(plan: PlanKind, frames: readonly CoverageFrame[]): void {
    const bytes = frames.reduce((sum, f) => sum + f.length, 0);
    if (plan === 'cpu') this.metrics.feedCpuBytes.inc(bytes);
    if (plan === 'lease') {
      this.metrics.feedLeaseSegments.inc(frames.length);
      this.metrics.feedLeaseBytes.inc(bytes);
    }
  }

  private openFromRow(
    row: RegistrationEntity,
    deadline: number,
    begunAtMonotonic: number | undefined,
    coverage = new Coverage(row.totalSize),
  ): OpenRegistration {
    return {
      id: row.registrationId,
      workerId: row.workerId,
      daemonId: row.daemonId,
      ownerPid: row.ownerPid,
      deviceId: row.deviceId,
      plan: row.planKind,
      planDetails: row.plan,
      totalSize: row.totalSize,
      tensorIndexKey: row.tensorIndexKey,
      ttlMs: row.ttlMs,
      createdAt: row.createdAt,
      begunAtMonotonic,
      epoch: row.epoch,
      deadline,
      scheduledAt: deadline,
      coverage,
    };
  }

  private releaseAdmission(daemonId: string): void {
    const left = (this.admitting.get(daemonId) ?? 1) - 1;
    if (left > 0) this.admitting.set(daemonId, left);
    else this.admitting.delete(daemonId);
  }
}

function requireLength(field: string, value: string | undefined): number {
  const length = parseUint64(field, value);
  if (length <= 0) throw new InvalidArgumentError(field, 'must be greater than 0');
  return length;
}

function requireDigest(field: string, value: Buffer | undefined): Buffer {
  const digest = value ?? Buffer.alloc(0);
  if (digest.length !== DIGEST_BYTES) {
    throw new InvalidArgumentError(
      field,
      `must be a ${DIGEST_BYTES}-byte sha256 (got ${digest.length} bytes)`,
    );
  }
  return Buffer.from(digest);
}

/** The coverage a row's frames describe, or why they cannot be trusted. */
function rebuildCoverage(
  row: RegistrationEntity,
  frames: readonly CoverageFrame[],
): Coverage | string {
  const coverage = new Coverage(row.totalSize);
  for (const frame of frames) {
    if (frame.digest.length !== DIGEST_BYTES)
      return `frame at ${frame.offset} has a malformed digest`;
    if (coverage.place(frame.offset, frame.length, frame.digest).kind !== 'new') {
      return `frame at ${frame.offset} overlaps another or lies outside the artifact`;
    }
    coverage.add(frame);
  }
  return coverage;
}
