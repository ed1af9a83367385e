import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hostname } from 'node:os';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../common/src';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import { ServingState } from '../../observability/src';
import { WriteQueue } from '../../persistence/src';
import { HaMetrics } from './ha.metrics';
import { LeaseConnection, leaseClientConfig } from './lease-connection';
import {
  HeldLease,
  LeaseRow,
  proveLease,
  readLease,
  releaseLease,
  renewLease,
  tryAcquireLease,
} from './lease-sql';

/**
 * STANDALONE: SQLite, no election. STANDBY: waits for the lease. LEADER: holds it and, once
 * recovered, serves. DEPOSED: led and lost the lease; this application instance never leads
 * again, since its memory may be behind what the next leader wrote: the server is rebuilt
 * (a fresh application, a standby that recovers from the database if elected).
 */
export type LeadershipRole = 'STANDALONE' | 'STANDBY' | 'LEADER' | 'DEPOSED';

export interface KnownLeader {
  holder: string;
  address: string;
  epoch: number;
}

/**
 * Leader election with fencing on PostgreSQL (docs/high-availability.md). The lease lives in
 * one row judged by the database's clock and is renewed on a connection of its own. Every
 * write group of the leader proves, inside its own transaction, that the lease is still held
 * at the epoch it was elected with (WriteQueue's transaction guard), so a leader that was paused
 * past its lease can never commit: its writes fail and it steps down at once.
 */
/** The first application of a process may reclaim its own instance id's lease (a restart). */
let electionJoinedInThisProcess = false;

@Injectable()
export class LeadershipService implements OnApplicationShutdown {
  private readonly logger = new Logger('Leadership');
  /** True on PostgreSQL: a shared database is only safe to write with the lease's fencing. */
  readonly active: boolean;
  readonly instanceId: string;
  private currentRole: LeadershipRole;
  private epoch = 0;
  private known: KnownLeader | undefined;
  private address = '';
  private connection: LeaseConnection | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private stopped = false;
  private ticking = false;
  private reclaimOwn = false;
  private lastProblem = '';
  private electedResolve: () => void = () => undefined;
  private deposedResolve: (reason: string) => void = () => undefined;
  /** Settles once this instance holds the lease. */
  readonly elected = new Promise<void>((resolve) => (this.electedResolve = resolve));
  /** Settles (with the reason) when this instance, having led, lost the lease. */
  readonly deposed = new Promise<string>((resolve) => (this.deposedResolve = resolve));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: WriteQueue,
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    private readonly serving: ServingState,
    private readonly metrics: HaMetrics,
  ) {
    this.active = dataSource.options.type === 'postgres';
    this.currentRole = this.active ? 'STANDBY' : 'STANDALONE';
    this.instanceId = config.ha.instance_id || hostname();
    this.metrics.isLeader.set(this.active ? 0 : 1);
    this.metrics.epoch.set(0);
  }

  get role(): LeadershipRole {
    return this.currentRole;
  }

  get currentEpoch(): number {
    return this.epoch;
  }

  get leader(): KnownLeader | undefined {
    return this.known;
  }

  /** The leader's advertised gRPC address when another instance holds the lease (for clients). */
  leaderAddress(): string | undefined {
    const leader = this.known;
    return leader === undefined || leader.holder === this.instanceId ? undefined : leader.address;
  }

  /** Joins the election; grpcPort is what standbys will name when this instance leads. */
  start(grpcPort: number): void {
    if (!this.active || this.connection) return;
    this.address = this.advertisedAddress(grpcPort);
    // Not after an in-process rejoin: two processes misconfigured with one id would then
    // take the lease from each other for ever; fencing keeps even that safe.
    this.reclaimOwn = !electionJoinedInThisProcess;
    electionJoinedInThisProcess = true;
    const { lease_ttl, renew_interval } = this.config.ha;
    this.connection = new LeaseConnection(
      leaseClientConfig(this.dataSource.options, this.instanceId, renew_interval),
      (error) => this.onConnectionBroken(error),
    );
    this.logger.log(
      `instance ${this.instanceId} (${this.address}) joins the election: lease_ttl ` +
        `${lease_ttl} ms, renewed every ${renew_interval} ms`,
    );
    void this.tick();
  }

  /**
   * Why this instance must not answer an RPC now, or undefined when it may. Standalone
   * (SQLite) instances always may; an elected leader may once it has recovered.
   */
  refusal(): string | undefined {
    switch (this.currentRole) {
      case 'STANDALONE':
        return undefined;
      case 'LEADER':
        return this.serving.status === 'NOT_SERVING' || this.serving.serving
          ? undefined
          : `Global Store instance ${this.instanceId} was just elected leader (epoch ` +
              `${this.epoch}) and is recovering its state; retry in a moment`;
      case 'STANDBY':
        return `Global Store instance ${this.instanceId} is a standby; ${this.describeLeader()}`;
      case 'DEPOSED':
        return (
          `Global Store instance ${this.instanceId} lost its leader lease (epoch ${this.epoch}) ` +
          `and no longer serves; ${this.describeLeader()}`
        );
    }
  }

  /** Rolls a write group back unless the lease is still ours (WriteQueue's transaction guard). */
  private readonly fence = async (manager: EntityManager): Promise<void> => {
    if (this.currentRole !== 'LEADER') throw this.notLeader();
    const held = await proveLease(manager, this.instanceId, this.epoch, this.config.ha.lease_ttl);
    if (held) return;
    this.stepDown(`a write transaction found the lease no longer held at epoch ${this.epoch}`);
    throw this.notLeader();
  };

  private notLeader(): DomainError {
    return new DomainError(
      'NOT_LEADER',
      `${this.refusal() ?? `Global Store instance ${this.instanceId} is not the leader`}; ` +
        'the write was not committed',
    );
  }

  private describeLeader(): string {
    const leader = this.known;
    if (leader === undefined || leader.holder === this.instanceId)
      return 'no leader is known yet; retry shortly';
    return `the leader is ${leader.holder} at ${leader.address} (epoch ${leader.epoch})`;
  }

  private advertisedAddress(grpcPort: number): string {
    // Not server.advertise: that names the Service all instances share, not this one.
    if (this.config.ha.advertise_address !== '') return this.config.ha.advertise_address;
    return `${hostname()}:${grpcPort}`;
  }

  private scheduleTick(delayMs = this.config.ha.renew_interval): void {
    if (this.stopped) return;
    clearTimeout(this.tickTimer);
    this.tickTimer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    const connection = this.connection;
    if (this.stopped || connection === undefined || this.ticking) return;
    this.ticking = true;
    try {
      if (this.currentRole === 'LEADER') await this.renew(connection);
      else if (this.currentRole === 'STANDBY') await this.tryTakeOver(connection);
      else this.observe(await readLease(connection));
      this.lastProblem = '';
    } catch (error) {
      this.reportProblem(error);
    } finally {
      this.ticking = false;
      this.scheduleTick();
    }
  }

  private async tryTakeOver(connection: LeaseConnection): Promise<void> {
    const sentAt = performance.now();
    const got = await tryAcquireLease(
      connection,
      this.instanceId,
      this.address,
      this.config.ha.lease_ttl,
      this.reclaimOwn,
    );
    this.reclaimOwn = false;
    if (got === undefined) {
      this.observe(await readLease(connection));
      return;
    }
    if (this.stopped) return;
    this.becomeLeader(got, sentAt);
  }

  private async renew(connection: LeaseConnection): Promise<void> {
    const sentAt = performance.now();
    const epoch = this.epoch;
    const renewed = await renewLease(connection, this.instanceId, epoch, this.config.ha.lease_ttl);
    this.metrics.renewSeconds.observe((performance.now() - sentAt) / 1000);
    if (this.currentRole !== 'LEADER' || this.epoch !== epoch) return;
    if (renewed === undefined) {
      this.stepDown(`the lease at epoch ${epoch} expired or was taken over before it was renewed`);
      this.observe(await readLease(connection));
      return;
    }
    this.armWatchdog(sentAt);
  }

  private becomeLeader(lease: HeldLease, sentAt: number): void {
    this.currentRole = 'LEADER';
    this.epoch = lease.epoch;
    this.observe({
      holder: this.instanceId,
      leaderAddress: this.address,
      epoch: lease.epoch,
      expiresAtMs: lease.expiresAtMs,
      nowMs: 0,
    });
    this.queue.addTransactionGuard({ verifyBeforeCommit: this.fence });
    this.armWatchdog(sentAt);
    this.metrics.isLeader.set(1);
    this.logger.log(
      `instance ${this.instanceId} took the leader lease at epoch ${lease.epoch}; ` +
        'recovering state from the database before serving',
    );
    this.electedResolve();
  }

  /**
   * The leader stops believing in its lease before the database would let a standby take
   * it: the deadline counts from when the last successful renewal was sent, less half a
   * renew interval of slack.
   */
  private armWatchdog(sentAt: number): void {
    const { lease_ttl, renew_interval } = this.config.ha;
    const deadline = sentAt + lease_ttl - renew_interval / 2;
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(
      () => this.stepDown(`the lease was not renewed within ${lease_ttl} ms`),
      Math.max(0, deadline - performance.now()),
    );
  }

  /**
   * Stops serving first (health NOT_SERVING, RPCs refused, every write group fenced), then
   * gives up the role. Never undone in this process: see LeadershipRole.
   */
  private stepDown(reason: string): void {
    if (this.currentRole !== 'LEADER') return;
    this.currentRole = 'DEPOSED';
    this.serving.set('NOT_SERVING');
    clearTimeout(this.watchdog);
    this.metrics.isLeader.set(0);
    this.logger.error(
      `instance ${this.instanceId} stepped down as leader (epoch ${this.epoch}): ${reason}. ` +
        'It stopped serving; no write of it commits from now on; it rejoins as a fresh standby',
    );
    this.deposedResolve(reason);
  }

  /** The leader could not take up its role (recovery failed): give the lease up. */
  abandon(reason: string): void {
    this.stepDown(reason);
  }

  /**
   * A broken lease connection is not yet a lost lease: reconnect and renew at once. If the
   * database stays out of reach, the watchdog steps the leader down before the lease ends.
   */
  private onConnectionBroken(error: Error): void {
    if (this.stopped) return;
    this.reportProblem(error);
    if (this.currentRole === 'LEADER') this.scheduleTick(0);
  }

  private observe(row: LeaseRow | undefined): void {
    if (row === undefined) return;
    const previous = this.known;
    this.known = { holder: row.holder, address: row.leaderAddress, epoch: row.epoch };
    if (previous !== undefined && previous.epoch === row.epoch) return;
    if (previous !== undefined) this.metrics.leaderChanges.inc();
    if (this.currentRole !== 'LEADER') this.metrics.epoch.set(row.epoch);
    else this.metrics.epoch.set(this.epoch);
    if (row.holder !== this.instanceId) {
      const live = row.nowMs !== 0 && row.expiresAtMs > row.nowMs;
      this.logger.log(
        `the leader is ${row.holder} at ${row.leaderAddress} (epoch ${row.epoch}` +
          `${live ? '' : ', lease expired'}); this instance is ${this.currentRole.toLowerCase()}`,
      );
    }
  }

  private reportProblem(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    // One line per distinct problem: a database that is down for minutes must not flood.
    if (message === this.lastProblem) return;
    this.lastProblem = message;
    this.logger.warn(`lease ${this.currentRole.toLowerCase()} check failed: ${message}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.tickTimer);
    clearTimeout(this.watchdog);
    const connection = this.connection;
    if (connection === undefined) return;
    if (this.currentRole === 'LEADER' || this.currentRole === 'DEPOSED') {
      // Hand over at once instead of after lease_ttl, but only once no write can commit. A
      // no-op when another instance already holds a newer epoch; bounded, the database may
      // be the reason this instance is stopping.
      await this.queue.close();
      const epoch = this.epoch;
      const bound = new Promise<void>((resolve) =>
        setTimeout(resolve, this.config.ha.renew_interval).unref(),
      );
      await Promise.race([
        bound,
        releaseLease(connection, this.instanceId, epoch).then(
          () => this.logger.log(`released the leader lease (epoch ${epoch}) if still held`),
          (error: unknown) => this.reportProblem(error),
        ),
      ]);
    }
    await connection.close();
  }
}
