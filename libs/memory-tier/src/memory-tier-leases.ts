import { DeadlineHeap } from '../../common/src';
import { LeaseStateName, MemoryTierLeaseEntity } from './memory-tier-lease.entity';
import { msCeil } from './nanos';

const NO_NODE: ReadonlyMap<string, MemoryTierLeaseEntity> = new Map();

/**
 * Every lease not yet deleted, as committed, with the indexes the RPCs read: by id, by node
 * (ListOutstandingLeases each daemon tick), by (node_id, request_id) for replays, and two
 * deadline heaps (PENDING expiry, EXPIRED deletion) so sweeps touch only what is due. Only
 * MemoryTierService changes it, and only after a commit.
 */
export class MemoryTierLeaseTable {
  private readonly byId = new Map<string, MemoryTierLeaseEntity>();
  private readonly byNode = new Map<string, Map<string, MemoryTierLeaseEntity>>();
  private readonly byRequest = new Map<string, string>();
  private readonly counts: Record<LeaseStateName, number> = {
    PENDING: 0,
    ACTIVE: 0,
    REVOKING: 0,
    EXPIRED: 0,
  };
  /** Entries are re-checked when they pop: a lease may have moved on since it was pushed. */
  readonly pendingExpiry = new DeadlineHeap<string>();
  readonly deletion = new DeadlineHeap<string>();

  constructor(
    private readonly retentionMs: number,
    private readonly onCounts: (counts: Readonly<Record<LeaseStateName, number>>) => void,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get(leaseId: string): MemoryTierLeaseEntity | undefined {
    return this.byId.get(leaseId);
  }

  byRequestId(nodeId: string, requestId: string): MemoryTierLeaseEntity | undefined {
    const id = this.byRequest.get(requestKey(nodeId, requestId));
    return id === undefined ? undefined : this.byId.get(id);
  }

  ofNode(nodeId: string): ReadonlyMap<string, MemoryTierLeaseEntity> {
    return this.byNode.get(nodeId) ?? NO_NODE;
  }

  nodes(): IterableIterator<string> {
    return this.byNode.keys();
  }

  all(): IterableIterator<MemoryTierLeaseEntity> {
    return this.byId.values();
  }

  /** Adds a lease or replaces the one with its id. */
  put(lease: MemoryTierLeaseEntity): void {
    const previous = this.byId.get(lease.leaseId);
    if (previous) {
      this.counts[previous.state] -= 1;
      if (previous.requestId !== lease.requestId) {
        this.byRequest.delete(requestKey(previous.nodeId, previous.requestId));
      }
    }
    this.byId.set(lease.leaseId, lease);
    let ofNode = this.byNode.get(lease.nodeId);
    if (!ofNode) this.byNode.set(lease.nodeId, (ofNode = new Map<string, MemoryTierLeaseEntity>()));
    ofNode.set(lease.leaseId, lease);
    this.byRequest.set(requestKey(lease.nodeId, lease.requestId), lease.leaseId);
    this.counts[lease.state] += 1;
    if (lease.state === 'PENDING' && previous?.state !== 'PENDING') {
      this.pendingExpiry.push(msCeil(lease.expiresAtNs), lease.leaseId);
    }
    if (lease.state === 'EXPIRED' && lease.endedAt !== null && previous?.state !== 'EXPIRED') {
      this.deletion.push(lease.endedAt + this.retentionMs, lease.leaseId);
    }
    this.onCounts(this.counts);
  }

  remove(leaseId: string): void {
    const lease = this.byId.get(leaseId);
    if (!lease) return;
    this.byId.delete(leaseId);
    const ofNode = this.byNode.get(lease.nodeId);
    ofNode?.delete(leaseId);
    if (ofNode?.size === 0) this.byNode.delete(lease.nodeId);
    const key = requestKey(lease.nodeId, lease.requestId);
    if (this.byRequest.get(key) === leaseId) this.byRequest.delete(key);
    this.counts[lease.state] -= 1;
    this.onCounts(this.counts);
  }
}

function requestKey(nodeId: string, requestId: string): string {
  return `${nodeId}\u0000${requestId}`;
}
