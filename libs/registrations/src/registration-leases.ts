import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, DeadlineHeap, DomainError, quoteClientValue } from '../../common/src';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import { Coverage } from './coverage';
import { PlanDetails, PlanKind, RegistrationEntity } from './registration.entity';
import { RegistrationsMetrics } from './registrations.metrics';

/** An open registration as the server holds it in memory: the hot half of its row. */
export interface OpenRegistration {
  readonly id: string;
  readonly workerId: string;
  readonly daemonId: string;
  readonly ownerPid: number;
  readonly deviceId: number;
  readonly plan: PlanKind;
  readonly planDetails: PlanDetails;
  readonly totalSize: number;
  readonly tensorIndexKey: string;
  /** The TTL granted at Begin; every accepted frame extends the lease by it. */
  readonly ttlMs: number;
  /** Wall-clock ms of Begin (persisted as created_at). */
  readonly createdAt: number;
  /** Monotonic ms of Begin on this server run; undefined when restored after a restart. */
  readonly begunAtMonotonic: number | undefined;
  readonly epoch: number;
  /** Monotonic ms; past it the registration is expired whatever the sweep has done yet. */
  deadline: number;
  /** Deadline of this registration's live heap entry (Infinity: none, being expired). */
  scheduledAt: number;
  readonly coverage: Coverage;
  /** Set while the write that marks it EXPIRED is under way, so it runs once. */
  expiring?: Promise<void>;
}

export interface LeaseView {
  leaseId: string;
  epoch: number;
  /** Wall-clock ms: a hint for the daemon; expiry is judged on the monotonic clock. */
  expiresAt: number;
}

/**
 * Open registrations in memory with their lease deadlines. Keepalives and feed frames only
 * move a number here (no disk write, no heap push): the deadline heap holds one entry per
 * registration and a popped entry whose registration was extended is pushed again at the new
 * deadline. An extension that moves a deadline earlier (a keepalive with a short ttl_ms)
 * pushes a new entry so the sweep still sees it on time.
 */
@Injectable()
export class RegistrationLeases {
  private readonly open = new Map<string, OpenRegistration>();
  private readonly byDaemon = new Map<string, Set<string>>();
  private readonly deadlines = new DeadlineHeap<string>();
  /** Begins admitted by the per-daemon limit whose write has not settled yet. */
  private readonly admitting = new Map<string, number>();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    private readonly metrics: RegistrationsMetrics,
  ) {}

  get size(): number {
    return this.open.size;
  }

  /** ttl_ms as a daemon asks for it: 0 or absent → `fallback`, above max_ttl → max_ttl. */
  grantTtl(
    requestedMs: number | undefined,
    fallback = this.config.registrations.default_ttl,
  ): number {
    const ttl = requestedMs === undefined || requestedMs === 0 ? fallback : requestedMs;
    return Math.min(ttl, this.config.registrations.max_ttl);
  }

  deadlineFor(ttlMs: number): number {
    return this.clock.monotonic() + ttlMs;
  }

  get(id: string): OpenRegistration | undefined {
    return this.open.get(id);
  }

  add(registration: OpenRegistration): void {
    this.open.set(registration.id, registration);
    let ids = this.byDaemon.get(registration.daemonId);
    if (!ids) this.byDaemon.set(registration.daemonId, (ids = new Set()));
    ids.add(registration.id);
    registration.scheduledAt = registration.deadline;
    this.deadlines.push(registration.deadline, registration.id);
    this.metrics.setPending(registration.daemonId, ids.size);
  }

  /** Forgets an ended registration; its heap entry is skipped when it pops. */
  remove(id: string): OpenRegistration | undefined {
    const registration = this.open.get(id);
    if (!registration) return undefined;
    this.open.delete(id);
    const ids = this.byDaemon.get(registration.daemonId);
    ids?.delete(id);
    if (ids && ids.size === 0) this.byDaemon.delete(registration.daemonId);
    this.metrics.setPending(registration.daemonId, ids?.size ?? 0);
    return registration;
  }

  isExpired(registration: OpenRegistration): boolean {
    return registration.deadline <= this.clock.monotonic();
  }

  /** The lease now runs `ttlMs` from now (judged on the monotonic clock). */
  extend(registration: OpenRegistration, ttlMs: number): void {
    registration.deadline = this.clock.monotonic() + ttlMs;
    if (registration.deadline < registration.scheduledAt) {
      registration.scheduledAt = registration.deadline;
      this.deadlines.push(registration.deadline, registration.id);
    }
  }

  /** After a failed attempt to mark it expired: look again after `delayMs`. */
  retryExpiry(registration: OpenRegistration, delayMs: number): void {
    if (this.open.get(registration.id) !== registration) return;
    registration.scheduledAt = this.clock.monotonic() + delayMs;
    this.deadlines.push(registration.scheduledAt, registration.id);
  }

  /** Open registrations whose deadline has passed; each is returned once. */
  popExpired(): OpenRegistration[] {
    const now = this.clock.monotonic();
    const expired: OpenRegistration[] = [];
    for (const { at, key } of this.deadlines.popDue(now)) {
      const registration = this.open.get(key);
      // Ended, or a superseded entry: the registration's live entry is elsewhere in the heap.
      if (!registration || at !== registration.scheduledAt) continue;
      if (registration.deadline <= now) {
        registration.scheduledAt = Infinity;
        expired.push(registration);
      } else {
        registration.scheduledAt = registration.deadline;
        this.deadlines.push(registration.deadline, key);
      }
    }
    return expired;
  }

  /**
   * Seconds since Begin: monotonic within one server run, wall clock across a restart (from
   * `createdAt`, the row's, when the registration is no longer in memory).
   */
  secondsSinceBegin(live: OpenRegistration | undefined, createdAt: number | undefined): number {
    if (live?.begunAtMonotonic !== undefined) {
      return (this.clock.monotonic() - live.begunAtMonotonic) / 1000;
    }
    const now = this.clock.now();
    return (now - (live?.createdAt ?? createdAt ?? now)) / 1000;
  }

  leaseOf(registration: OpenRegistration): LeaseView {
    return {
      leaseId: `${registration.id}/${registration.epoch}`,
      epoch: registration.epoch,
      expiresAt: this.clock.now() + Math.max(0, registration.deadline - this.clock.monotonic()),
    };
  }

  /**
   * Holds one of the daemon's registrations.max_pending_per_daemon places for a Begin whose
   * write is under way; the caller releases it once that write has settled.
   */
  admit(daemonId: string): void {
    const pending = this.openOfDaemon(daemonId) + (this.admitting.get(daemonId) ?? 0);
    if (pending >= this.config.registrations.max_pending_per_daemon) {
      throw new DomainError(
        'TOO_MANY_PENDING',
        `daemon_id: daemon ${quoteClientValue(daemonId)} already has ${pending} open registrations ` +
          `(registrations.max_pending_per_daemon = ${this.config.registrations.max_pending_per_daemon})`,
        'daemon_id',
      );
    }
    this.admitting.set(daemonId, (this.admitting.get(daemonId) ?? 0) + 1);
  }

  releaseAdmission(daemonId: string): void {
    const left = (this.admitting.get(daemonId) ?? 1) - 1;
    if (left > 0) this.admitting.set(daemonId, left);
    else this.admitting.delete(daemonId);
  }

  openOfDaemon(daemonId: string): number {
    return this.byDaemon.get(daemonId)?.size ?? 0;
  }

  ofDaemon(daemonId: string): OpenRegistration[] {
    return [...(this.byDaemon.get(daemonId) ?? [])].flatMap((id) => this.open.get(id) ?? []);
  }

  ofWorker(workerId: string): OpenRegistration[] {
    return [...this.open.values()].filter((r) => r.workerId === workerId);
  }

  all(): IterableIterator<OpenRegistration> {
    return this.open.values();
  }

  daemons(): IterableIterator<string> {
    return this.byDaemon.keys();
  }
}

/** The in-memory half of a registration row. */
export function openFromRow(
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
