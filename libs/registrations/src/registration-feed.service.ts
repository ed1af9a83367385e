import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  InvalidArgumentError,
  parseUint64,
  quoteClientValue,
  requireNonEmpty,
} from '../../common/src';
import { WriteQueue } from '../../persistence/src';
import { CoverageFrame } from './coverage';
import { FeedFrame } from './feed-frames';
import { PlanKind } from './registration.entity';
import { RegistrationGate } from './registration-gate';
import { LeaseView, OpenRegistration, RegistrationLeases } from './registration-leases';
import { appendFramesIfOpen, findRegistration, notOpenError } from './registration-records';
import { RegistrationsMetrics } from './registrations.metrics';

export interface FeedResult {
  acceptedBytes: number;
  acceptedSegments: number;
  coveredBytes: number;
  lease: LeaseView | undefined;
}

/** One client stream of FeedRegistration: frames it accepted that are not durable yet. */
export class FeedSession {
  registration: OpenRegistration | undefined;
  epoch = 0;
  readonly pending: CoverageFrame[] = [];
  acceptedBytes = 0;
  acceptedSegments = 0;
}

/**
 * FeedRegistration: frames are checked and added to the registration's coverage in memory
 * as they arrive (each extends the lease), and made durable in one fenced write when the
 * stream ends.
 */
@Injectable()
export class RegistrationFeedService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writes: WriteQueue,
    private readonly gate: RegistrationGate,
    private readonly leases: RegistrationLeases,
    private readonly metrics: RegistrationsMetrics,
  ) {}

  openFeed(): FeedSession {
    return new FeedSession();
  }

  /**
   * Checks one frame and, if it is good, adds it to the registration's coverage in memory
   * and extends the lease. The frame becomes durable when the stream ends (finishFeed).
   */
  async acceptFrame(session: FeedSession, frame: FeedFrame): Promise<void> {
    const id = requireNonEmpty('registration_id', frame.registrationId);
    if (session.registration && session.registration.id !== id) {
      throw new InvalidArgumentError(
        'registration_id',
        `a feed stream serves one registration (${session.registration.id}), got ${quoteClientValue(id)}`,
      );
    }
    const epoch = parseUint64('epoch', frame.epoch);
    const registration = await this.gate.requireOpen(id);
    this.gate.requireEpoch(registration, epoch);
    session.registration = registration;
    session.epoch = epoch;

    const expected = registration.plan === 'lease' ? 'lease_segments' : 'chunk';
    if (frame.kind === undefined) {
      throw new InvalidArgumentError(
        'feed',
        `a frame needs ${expected} (the registration's plan is ${registration.plan})`,
      );
    }
    if (frame.kind !== expected) {
      throw new InvalidArgumentError(
        frame.kind,
        `the registration's plan is ${registration.plan}, which is fed with ${expected} frames`,
      );
    }
    const frames = frame.pieces();
    const added: CoverageFrame[] = [];
    try {
      for (const [i, piece] of frames.entries()) {
        const field = frame.kind === 'chunk' ? 'chunk' : `lease_segments.segments[${i}]`;
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

  private countFed(plan: PlanKind, frames: readonly CoverageFrame[]): void {
    const bytes = frames.reduce((sum, f) => sum + f.length, 0);
    if (plan === 'cpu') this.metrics.feedCpuBytes.inc(bytes);
    if (plan === 'lease') {
      this.metrics.feedLeaseSegments.inc(frames.length);
      this.metrics.feedLeaseBytes.inc(bytes);
    }
  }
}
