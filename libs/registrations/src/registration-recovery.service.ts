import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK, Clock } from '../../common/src';
import { WriteQueue } from '../../persistence/src';
import { WorkersService } from '../../workers/src';
import { Coverage, CoverageFrame } from './coverage';
import { DIGEST_BYTES } from './merkle';
import { RegistrationEntity } from './registration.entity';
import { OpenRegistration, RegistrationLeases, openFromRow } from './registration-leases';
import {
  deleteOrphanFrames,
  endIfOpen,
  fromFrameRow,
  loadFrames,
  loadOpenRegistrations,
  setOpenEpoch,
} from './registration-records';
import { RegistrationsMetrics } from './registrations.metrics';

export const RESTART_REASON = 'global store restarted';

/** Startup: the open registrations come back from their rows, whole or not at all. */
@Injectable()
export class RegistrationRecoveryService {
  private readonly logger = new Logger('Registrations');

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteQueue,
    private readonly workers: WorkersService,
    private readonly leases: RegistrationLeases,
    private readonly metrics: RegistrationsMetrics,
  ) {}

  /**
   * Startup: every open registration comes back with all its durable coverage, epoch + 1 (a
   * re-granted lease: writes of the previous holder are refused) and a fresh deadline — or,
   * if that cannot be done whole (its worker is gone, its frames are inconsistent), it is
   * revoked with reason "global store restarted". Nothing is restored half.
   */
  async recover(): Promise<{ restored: number; revoked: number }> {
    const rows = await loadOpenRegistrations(this.dataSource.manager);
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
          openFromRow(
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
        await setOpenEpoch(tx, registration.id, registration.epoch, now);
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
