import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  CLOCK,
  Clock,
  DomainError,
  InvalidArgumentError,
  optionalString,
  requireNonEmpty,
} from '../../common/src';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import { WriteQueue } from '../../persistence/src';
import type { WorkerLifecycleListener } from '../../workers/src';
import {
  ChunkRangeValue,
  LeaseEndReason,
  LeaseKindName,
  LeaseStateName,
  MemoryTierLeaseEntity,
} from './memory-tier-lease.entity';
import { MemoryTierLeaseTable } from './memory-tier-leases';
import { MemoryTierMetrics } from './memory-tier.metrics';
import { MemoryTierStore } from './memory-tier.store';
import { MAX_NS, nsFromMs, parseNanos, uint64Text } from './nanos';

/**
 * What the lease lifecycle needs from the workers module, and nothing more: to hear when a
 * worker goes inactive and to ask which nodes still have an active worker.
 */
export interface NodeWorkers {
  onWorkerDeactivated(listener: WorkerLifecycleListener): void;
  getWorker(workerId: string): { readonly nodeId: string } | undefined;
  /** Node id → whether one of its known workers is active. */
  nodeActivity(): ReadonlyMap<string, boolean>;
}

export const NODE_WORKERS = Symbol('NODE_WORKERS');

/** Wire enum values as proto-loader delivers them: names, or numbers it does not know. */
type WireEnum = string | number;

export interface ChunkRangeInput {
  start: number;
  count: number;
}

export interface LeaseRequestInput {
  nodeId: string;
  kind: WireEnum;
  artifactId: string;
  chunkRange: ChunkRangeInput | null;
  chunkIds: readonly number[];
  ledgerVersion: string;
  bytes: string;
  workloadId: string;
  requestId: string;
  issuedAtNs: string;
}

export interface LeaseAckInput {
  leaseId: string;
  nodeId: string;
  action: WireEnum;
  chunkIds: readonly number[];
  chunkRange: ChunkRangeInput | null;
  ledgerVersion: string;
  bytes: string;
  requestId: string;
  ackEpochNs: string;
  artifactId: string;
}

const KINDS: Readonly<Record<string, LeaseKindName>> = {
  LEASE_KIND_UNSPECIFIED: 'STABLE',
  LEASE_KIND_STABLE: 'STABLE',
  LEASE_KIND_PREEMPTIBLE: 'PREEMPTIBLE',
};
const STATES: Readonly<Record<string, LeaseStateName>> = {
  LEASE_STATE_UNSPECIFIED: 'PENDING',
  LEASE_STATE_PENDING: 'PENDING',
  LEASE_STATE_ACTIVE: 'ACTIVE',
  LEASE_STATE_REVOKING: 'REVOKING',
  LEASE_STATE_EXPIRED: 'EXPIRED',
};
const ACTIONS: Readonly<Record<string, 'ACQUIRED' | 'RELEASED'>> = {
  LEASE_ACK_ACTION_ACQUIRED: 'ACQUIRED',
  LEASE_ACK_ACTION_RELEASED: 'RELEASED',
};
const OUTSTANDING: readonly LeaseStateName[] = ['PENDING', 'ACTIVE', 'REVOKING'];
const SWEEP_TICK_MS = 1000;
const DEFAULT_WORKLOAD = 'default';
const GENERATED_REQUEST_ID = /^mt_req_(\d{1,20})$/;

/**
 * Memory-tier leases: Request, Acknowledge, Revoke, List and their lifecycle (PENDING expiry,
 * deletion after lease_retention, ACTIVE/REVOKING ending with the node's last worker). Every
 * change is committed through the write queue before the RPC answers and memory follows the
 * commit. Changes to one node's leases run one after another, so a replay or an "equal
 * PENDING lease" check always sees the change before it; different nodes still share group
 * commits.
 */
@Injectable()
export class MemoryTierService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('MemoryTier');
  readonly leases: MemoryTierLeaseTable;
  private readonly nodeQueues = new Map<string, Promise<void>>();
  /** Nodes one of whose workers went inactive; checked in one batch. */
  private readonly departedNodes = new Set<string>();
  private departureCheck: Promise<void> | undefined;
  private lastGeneratedNs = 0n;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NODE_WORKERS) private readonly workers: NodeWorkers,
    private readonly writes: WriteQueue,
    private readonly store: MemoryTierStore,
    private readonly metrics: MemoryTierMetrics,
  ) {
    this.leases = new MemoryTierLeaseTable(config.memory_tier.lease_retention, (counts) =>
      metrics.setLeaseCounts(counts),
    );
  }

  onModuleInit(): void {
    this.workers.onWorkerDeactivated({
      workerDeactivated: (workerId: string) => {
        const nodeId = this.workers.getWorker(workerId)?.nodeId;
        if (nodeId === undefined || !this.hasHeldLeases(nodeId)) return undefined;
        this.departedNodes.add(nodeId);
        return this.checkDepartedNodes();
      },
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

  /**
   * Startup, after the workers: every lease comes back as it was committed. ACTIVE and
   * REVOKING leases of a node whose every known worker is inactive are ended now: the
   * deactivation that should have ended them may have been cut short by the restart.
   */
  async recover(): Promise<{ leases: number; ended: number }> {
    for (const lease of await this.store.loadLeases()) {
      this.leases.put(lease);
      const generated = GENERATED_REQUEST_ID.exec(lease.requestId);
      if (generated && BigInt(generated[1]) > this.lastGeneratedNs) {
        this.lastGeneratedNs = BigInt(generated[1]);
      }
    }
    const activity = this.workers.nodeActivity();
    let ended = 0;
    for (const nodeId of [...this.leases.nodes()]) {
      if (activity.get(nodeId) === false) ended += await this.endHeldLeasesOfNode(nodeId);
    }
    return { leases: this.leases.size, ended };
  }

  async requestLease(input: LeaseRequestInput): Promise<MemoryTierLeaseEntity> {
    const nodeId = requireNonEmpty('node_id', input.nodeId);
    const artifactId = requireNonEmpty('artifact_id', input.artifactId);
    const kind = parseEnum('kind', input.kind, KINDS);
    const chunkRange = parseChunkRange('chunk_range', input.chunkRange);
    const chunkIds = [...input.chunkIds];
    if (chunkIds.length === 0 && !(chunkRange && chunkRange.count > 0)) {
      throw new InvalidArgumentError('chunk_ids', 'chunk_ids or chunk_range.count > 0 is required');
    }
    const ledgerVersion = uint64Text('ledger_version', input.ledgerVersion);
    const bytes = uint64Text('bytes', input.bytes);
    const workloadId = optionalString('workload_id', input.workloadId) || DEFAULT_WORKLOAD;
    const requestId = optionalString('request_id', input.requestId);
    if (requestId.length > 512)
      throw new InvalidArgumentError('request_id', 'is longer than 512 characters');
    const issuedAtInput = parseNanos('issued_at_ns', input.issuedAtNs);

    return this.inNodeOrder(nodeId, async () => {
      if (requestId !== '') {
        const known = this.leases.byRequestId(nodeId, requestId);
        if (known) return known;
      } else {
        const equal = this.findEqualPending(nodeId, {
          artifactId,
          kind,
          workloadId,
          chunkRange,
          chunkIds,
          bytes,
        });
        if (equal) return equal;
      }
      const now = this.clock.now();
      const nowNs = nsFromMs(now);
      const issuedAtNs = issuedAtInput === 0n ? nowNs : issuedAtInput;
      const expiresAtNs = issuedAtNs + nsFromMs(this.config.memory_tier.pending_lease_ttl);
      const lease = Object.assign(new MemoryTierLeaseEntity(), {
        leaseId: randomUUID().replace(/-/g, ''),
        nodeId,
        kind,
        artifactId,
        chunkRangeStart: chunkRange?.start ?? null,
        chunkRangeCount: chunkRange?.count ?? null,
        chunkIds,
        ledgerVersion,
        bytes,
        workloadId,
        state: 'PENDING',
        requestId: requestId || `mt_req_${this.uniqueNs(nowNs)}`,
        ackEpochNs: 0n,
        issuedAtNs,
        expiresAtNs: expiresAtNs > MAX_NS ? MAX_NS : expiresAtNs,
        endReason: '',
        endedAt: null,
        createdAt: now,
        updatedAt: now,
      } satisfies MemoryTierLeaseEntity);
      await this.commit(lease);
      return lease;
    });
  }

  async acknowledgeLease(input: LeaseAckInput): Promise<MemoryTierLeaseEntity> {
    const leaseId = requireNonEmpty('lease_id', input.leaseId);
    const action = parseEnum('action', input.action, ACTIONS);
    const artifactId = requireNonEmpty('artifact_id', input.artifactId);
    const chunkIds = [...input.chunkIds];
    if (chunkIds.length === 0) throw new InvalidArgumentError('chunk_ids', 'is required');
    const chunkRange = parseChunkRange('chunk_range', input.chunkRange);
    const ledgerVersion = uint64Text('ledger_version', input.ledgerVersion);
    const bytes = uint64Text('bytes', input.bytes);
    const requestId = optionalString('request_id', input.requestId);
    if (requestId.length > 512)
      throw new InvalidArgumentError('request_id', 'is longer than 512 characters');
    const ackEpochInput = parseNanos('ack_epoch_ns', input.ackEpochNs);
    optionalString('node_id', input.nodeId);

    const nodeId = this.requireLease(leaseId, artifactId).nodeId;
    return this.inNodeOrder(nodeId, async () => {
      const lease = this.requireLease(leaseId, artifactId);
      if (action === 'ACQUIRED') {
        if (lease.state === 'REVOKING') return lease;
        if (lease.state === 'EXPIRED' && lease.endReason !== 'pending_ttl') {
          throw new DomainError(
            'PRECONDITION_FAILED',
            `lease_id: lease ${leaseId} ended (${lease.endReason === 'released' ? 'released' : "its node's last worker left"}) and cannot be acquired again; request a new lease`,
            'lease_id',
          );
        }
      } else if (lease.state === 'EXPIRED') {
        return lease;
      }
      if (requestId !== '' && requestId !== lease.requestId) {
        const holder = this.leases.byRequestId(lease.nodeId, requestId);
        if (holder && holder.leaseId !== leaseId) {
          throw new InvalidArgumentError(
            'request_id',
            `${requestId} already names lease ${holder.leaseId} of node ${lease.nodeId}`,
          );
        }
      }
      const now = this.clock.now();
      const acknowledged: MemoryTierLeaseEntity = {
        ...lease,
        chunkIds,
        chunkRangeStart: chunkRange?.start ?? null,
        chunkRangeCount: chunkRange?.count ?? null,
        ledgerVersion,
        bytes,
        requestId: requestId || lease.requestId,
        ackEpochNs: ackEpochInput === 0n ? nsFromMs(now) : ackEpochInput,
        updatedAt: now,
        ...(action === 'ACQUIRED'
          ? { state: 'ACTIVE', endReason: '', endedAt: null }
          : { state: 'EXPIRED', endReason: 'released', endedAt: now }),
      };
      await this.commit(acknowledged);
      if (action === 'RELEASED') this.metrics.leaseExpirations.inc({ reason: 'released' });
      return acknowledged;
    });
  }

  async revokeLease(leaseIdInput: string, reasonInput: string): Promise<MemoryTierLeaseEntity> {
    const leaseId = requireNonEmpty('lease_id', leaseIdInput);
    const reason = optionalString('reason', reasonInput) || 'no reason given';
    const nodeId = this.requireLease(leaseId).nodeId;
    return this.inNodeOrder(nodeId, async () => {
      const lease = this.requireLease(leaseId);
      if (lease.state === 'EXPIRED' || lease.state === 'REVOKING') return lease;
      const revoking: MemoryTierLeaseEntity = {
        ...lease,
        state: 'REVOKING',
        updatedAt: this.clock.now(),
      };
      await this.commit(revoking);
      this.logger.log(`memory-tier lease ${leaseId} of node ${lease.nodeId} revoked: ${reason}`);
      return revoking;
    });
  }

  /** Newest first (issued_at_ns, then creation, then lease_id); memory only. */
  listLeases(nodeIdInput: string, statesInput: readonly WireEnum[]): MemoryTierLeaseEntity[] {
    const nodeId = optionalString('node_id', nodeIdInput);
    const states = new Set<LeaseStateName>(
      statesInput.length === 0
        ? OUTSTANDING
        : statesInput.map((s, i) => parseEnum(`states[${i}]`, s, STATES)),
    );
    const source = nodeId === '' ? this.leases.all() : this.leases.ofNode(nodeId).values();
    const found: MemoryTierLeaseEntity[] = [];
    for (const lease of source) if (states.has(lease.state)) found.push(lease);
    if (found.length > 1) found.sort(newestFirst);
    return found;
  }

  /**
   * Ends PENDING leases past expires_at_ns, deletes EXPIRED ones past lease_retention and
   * checks nodes whose workers left. Run by the timer and by tests (after moving the clock).
   */
  async sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const now = this.clock.now();
    const expiring = new Map<string, string[]>();
    for (const { key } of this.leases.pendingExpiry.popDue(now)) {
      const lease = this.leases.get(key);
      if (lease?.state === 'PENDING') pushTo(expiring, lease.nodeId, key);
    }
    const deleting = new Map<string, string[]>();
    for (const { key } of this.leases.deletion.popDue(now)) {
      const lease = this.leases.get(key);
      if (lease?.state === 'EXPIRED') pushTo(deleting, lease.nodeId, key);
    }
    const work: Promise<unknown>[] = [];
    for (const [nodeId, ids] of expiring) work.push(this.expirePending(nodeId, ids));
    for (const [nodeId, ids] of deleting) work.push(this.deleteExpired(nodeId, ids));
    work.push(this.checkDepartedNodes());
    for (const result of await Promise.allSettled(work)) {
      if (result.status === 'rejected') {
        this.logger.error(`memory-tier lease sweep failed: ${String(result.reason)}`);
      }
    }
  }

  private async expirePending(nodeId: string, leaseIds: readonly string[]): Promise<void> {
    try {
      await this.inNodeOrder(nodeId, async () => {
        const now = this.clock.now();
        const nowNs = nsFromMs(now);
        const ended = leaseIds.flatMap((id) => {
          const lease = this.leases.get(id);
          return lease?.state === 'PENDING' && lease.expiresAtNs <= nowNs
            ? [endedLease(lease, 'pending_ttl', now)]
            : [];
        });
        await this.commit(...ended);
        this.metrics.leaseExpirations.inc({ reason: 'pending_ttl' }, ended.length);
      });
    } catch (error) {
      // Try again on a later sweep rather than leave the lease PENDING for good.
      for (const id of leaseIds) this.leases.pendingExpiry.push(this.clock.now() + 1000, id);
      throw error;
    }
  }

  private async deleteExpired(nodeId: string, leaseIds: readonly string[]): Promise<void> {
    try {
      await this.inNodeOrder(nodeId, async () => {
        const now = this.clock.now();
        const due = leaseIds.filter((id) => {
          const lease = this.leases.get(id);
          return (
            lease?.state === 'EXPIRED' &&
            (lease.endedAt ?? 0) + this.config.memory_tier.lease_retention <= now
          );
        });
        if (due.length === 0) return;
        await this.writes.run(async (tx) => {
          await this.store.deleteLeases(tx, due);
          tx.afterCommit(() => due.forEach((id) => this.leases.remove(id)));
        });
      });
    } catch (error) {
      for (const id of leaseIds) this.leases.deletion.push(this.clock.now() + 1000, id);
      throw error;
    }
  }

  /** One pass over the workers for every node heard of since the last check. */
  private checkDepartedNodes(): Promise<void> {
    if (this.departedNodes.size === 0) return this.departureCheck ?? Promise.resolve();
    this.departureCheck ??= (async () => {
      // Let a burst of deactivations (a mass timeout) join one check.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const nodes = [...this.departedNodes];
      this.departedNodes.clear();
      this.departureCheck = undefined;
      const activity = this.workers.nodeActivity();
      const ends = nodes
        .filter((nodeId) => activity.get(nodeId) !== true)
        .map((nodeId) => this.endHeldLeasesOfNode(nodeId));
      for (const result of await Promise.allSettled(ends)) {
        if (result.status === 'rejected') {
          this.logger.error(`could not end leases of a departed node: ${String(result.reason)}`);
        }
      }
    })();
    return this.departureCheck;
  }

  /** The node's last worker left: its ACTIVE and REVOKING leases end. */
  private endHeldLeasesOfNode(nodeId: string): Promise<number> {
    return this.inNodeOrder(nodeId, async () => {
      // Judged again in order: a worker may have registered on the node meanwhile.
      if (this.workers.nodeActivity().get(nodeId) === true) return 0;
      const now = this.clock.now();
      const ended = [...this.leases.ofNode(nodeId).values()]
        .filter((lease) => lease.state === 'ACTIVE' || lease.state === 'REVOKING')
        .map((lease) => endedLease(lease, 'node_gone', now));
      if (ended.length === 0) return 0;
      await this.commit(...ended);
      this.metrics.leaseExpirations.inc({ reason: 'node_gone' }, ended.length);
      this.logger.warn(
        `node ${nodeId} has no active worker left: ${ended.length} memory-tier lease(s) expired`,
      );
      return ended.length;
    });
  }

  private hasHeldLeases(nodeId: string): boolean {
    for (const lease of this.leases.ofNode(nodeId).values()) {
      if (lease.state === 'ACTIVE' || lease.state === 'REVOKING') return true;
    }
    return false;
  }

  private findEqualPending(
    nodeId: string,
    wanted: Pick<
      MemoryTierLeaseEntity,
      'artifactId' | 'kind' | 'workloadId' | 'chunkIds' | 'bytes'
    > & {
      chunkRange: ChunkRangeValue | null;
    },
  ): MemoryTierLeaseEntity | undefined {
    const nowNs = nsFromMs(this.clock.now());
    let best: MemoryTierLeaseEntity | undefined;
    for (const lease of this.leases.ofNode(nodeId).values()) {
      if (
        lease.state === 'PENDING' &&
        lease.expiresAtNs > nowNs &&
        lease.artifactId === wanted.artifactId &&
        lease.kind === wanted.kind &&
        lease.workloadId === wanted.workloadId &&
        lease.bytes === wanted.bytes &&
        lease.chunkRangeStart === (wanted.chunkRange?.start ?? null) &&
        lease.chunkRangeCount === (wanted.chunkRange?.count ?? null) &&
        sameNumbers(lease.chunkIds, wanted.chunkIds) &&
        (!best || newestFirst(lease, best) < 0)
      ) {
        best = lease;
      }
    }
    return best;
  }

  private requireLease(leaseId: string, artifactId?: string): MemoryTierLeaseEntity {
    const lease = this.leases.get(leaseId);
    if (!lease || (artifactId !== undefined && lease.artifactId !== artifactId)) {
      throw new DomainError(
        'MEMORY_TIER_LEASE_NOT_FOUND',
        lease
          ? `lease_id: lease ${leaseId} is for artifact ${lease.artifactId}, not ${artifactId}`
          : `lease_id: no memory-tier lease ${leaseId}`,
        'lease_id',
      );
    }
    return lease;
  }

  /** Commits the leases as given; memory follows the commit. */
  private async commit(...leases: MemoryTierLeaseEntity[]): Promise<void> {
    if (leases.length === 0) return;
    await this.writes.run(async (tx) => {
      for (const lease of leases) await this.store.saveLease(tx, lease);
      tx.afterCommit(() => leases.forEach((lease) => this.leases.put(lease)));
    });
  }

  /** Runs work after every earlier change of this node's leases has settled. */
  private inNodeOrder<T>(nodeId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.nodeQueues.get(nodeId) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.nodeQueues.set(nodeId, tail);
    void tail.then(() => {
      if (this.nodeQueues.get(nodeId) === tail) this.nodeQueues.delete(nodeId);
    });
    return result;
  }

  /** Nanoseconds for mt_req_<ns>: the clock's, but never the same twice. */
  private uniqueNs(nowNs: bigint): bigint {
    this.lastGeneratedNs = nowNs > this.lastGeneratedNs ? nowNs : this.lastGeneratedNs + 1n;
    return this.lastGeneratedNs;
  }
}

function endedLease(
  lease: MemoryTierLeaseEntity,
  reason: LeaseEndReason,
  now: number,
): MemoryTierLeaseEntity {
  return { ...lease, state: 'EXPIRED', endReason: reason, endedAt: now, updatedAt: now };
}

function newestFirst(a: MemoryTierLeaseEntity, b: MemoryTierLeaseEntity): number {
  if (a.issuedAtNs !== b.issuedAtNs) return a.issuedAtNs > b.issuedAtNs ? -1 : 1;
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.leaseId < b.leaseId ? -1 : a.leaseId > b.leaseId ? 1 : 0;
}

function parseEnum<T>(field: string, value: WireEnum, names: Readonly<Record<string, T>>): T {
  const parsed = typeof value === 'string' ? names[value] : undefined;
  if (parsed === undefined) {
    throw new InvalidArgumentError(
      field,
      `must be one of ${Object.keys(names).join(', ')} (got ${String(value)})`,
    );
  }
  return parsed;
}

function parseChunkRange(field: string, range: ChunkRangeInput | null): ChunkRangeValue | null {
  if (!range) return null;
  if (range.start + range.count > 0x1_0000_0000) {
    throw new InvalidArgumentError(
      field,
      `start + count must stay within uint32 (got ${range.start} + ${range.count})`,
    );
  }
  return { start: range.start, count: range.count };
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function pushTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
