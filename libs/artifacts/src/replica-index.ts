import { ChecksumReplica, EMPTY_STATE_CHECKSUM, stateChecksum } from '../../workers/src';
import { MEMORY_TIER_OF, MemoryTier, ReplicaEntity } from './replica.entity';

/**
 * A replica as memory holds it: the row's values, never mutated once published (a change
 * stages a new object), so a reader holding one sees a consistent committed version.
 */
export type ReplicaRecord = Readonly<ReplicaEntity>;

/** A replica's columns but its MemoryInfo extras. */
export type ReplicaFields = Omit<ReplicaEntity, 'memoryInfo'>;

/** Records with no extra fields share one frozen empty object: most replicas have none. */
export const NO_EXTRA: Record<string, unknown> = Object.freeze({});

/**
 * The record memory holds: the extras stay the JSON text the table stores ('' for none) and
 * are parsed only when a reader asks (wire answers, transport rules), which is rare next to
 * how many replicas are held; a parsed object costs two to three times the text. Built
 * field by field so every record has the same shape.
 */
export class StoredReplica implements ReplicaRecord {
  readonly replicaId: string;
  readonly artifactId: string;
  readonly workerId: string;
  readonly viewId: string;
  readonly nodeId: string;
  readonly nodeAddress: string;
  readonly nodePort: number;
  readonly memoryType: number;
  readonly deviceId: number;
  readonly memorySize: number;
  readonly maxConcurrency: number;
  readonly currentRequests: number;
  readonly available: boolean;
  readonly registeredAt: number;
  readonly updatedAt: number;

  constructor(
    f: Readonly<ReplicaFields>,
    /** The MemoryInfo extras as stored (memory_extra), '' when there are none. */
    readonly memoryExtra: string,
  ) {
    this.replicaId = f.replicaId;
    this.artifactId = f.artifactId;
    this.workerId = f.workerId;
    this.viewId = f.viewId;
    this.nodeId = f.nodeId;
    this.nodeAddress = f.nodeAddress;
    this.nodePort = f.nodePort;
    this.memoryType = f.memoryType;
    this.deviceId = f.deviceId;
    this.memorySize = f.memorySize;
    this.maxConcurrency = f.maxConcurrency;
    this.currentRequests = f.currentRequests;
    this.available = f.available;
    this.registeredAt = f.registeredAt;
    this.updatedAt = f.updatedAt;
  }

  get memoryInfo(): Record<string, unknown> {
    if (this.memoryExtra === '') return NO_EXTRA;
    return JSON.parse(this.memoryExtra) as Record<string, unknown>;
  }
}

/** The extras as the table stores them ('' for none), from any record. */
export function memoryExtraOf(replica: ReplicaRecord): string {
  if (replica instanceof StoredReplica) return replica.memoryExtra;
  const info = replica.memoryInfo ?? NO_EXTRA;
  return Object.keys(info).length === 0 ? '' : JSON.stringify(info);
}

/** The same replica with some columns changed (a new record: published ones never change). */
export function withChanges(replica: ReplicaRecord, patch: Partial<ReplicaFields>): StoredReplica {
  return new StoredReplica({ ...fieldsOf(replica), ...patch }, memoryExtraOf(replica));
}

function fieldsOf(r: ReplicaRecord): ReplicaFields {
  return {
    replicaId: r.replicaId,
    artifactId: r.artifactId,
    workerId: r.workerId,
    viewId: r.viewId,
    nodeId: r.nodeId,
    nodeAddress: r.nodeAddress,
    nodePort: r.nodePort,
    memoryType: r.memoryType,
    deviceId: r.deviceId,
    memorySize: r.memorySize,
    maxConcurrency: r.maxConcurrency,
    currentRequests: r.currentRequests,
    available: r.available,
    registeredAt: r.registeredAt,
    updatedAt: r.updatedAt,
  };
}

/** The identity columns of a replica (compat: what makes two registrations the same). */
export type ReplicaIdentity = Pick<
  ReplicaEntity,
  'artifactId' | 'viewId' | 'nodeId' | 'nodeAddress' | 'nodePort' | 'memoryType' | 'deviceId'
>;

export function sameIdentity(a: ReplicaIdentity, b: ReplicaIdentity): boolean {
  return (
    a.artifactId === b.artifactId &&
    a.viewId === b.viewId &&
    a.nodeId === b.nodeId &&
    a.nodeAddress === b.nodeAddress &&
    a.nodePort === b.nodePort &&
    a.memoryType === b.memoryType &&
    a.deviceId === b.deviceId
  );
}

export function toChecksumReplica(replica: ReplicaRecord): ChecksumReplica {
  return {
    artifactId: replica.artifactId,
    viewId: replica.viewId,
    nodeId: replica.nodeId,
    nodeAddress: replica.nodeAddress,
    nodePort: replica.nodePort,
    deviceId: replica.deviceId,
    memoryType: MEMORY_TIER_OF[replica.memoryType] ?? 'RAM',
    available: replica.available,
  };
}

export function checksumOfReplicas(replicas: Iterable<ReplicaRecord>): string {
  const items: ChecksumReplica[] = [];
  for (const replica of replicas) items.push(toChecksumReplica(replica));
  if (items.length === 0) return EMPTY_STATE_CHECKSUM;
  // stateChecksum's sort is stable and leaves replicas that differ only in their node in
  // input order; ordering by node first makes that order the stored rows' (node_id,
  // node_address, node_port), not the order in which memory happened to change them.
  items.sort(compareNodes);
  return stateChecksum(items);
}

function compareNodes(a: ChecksumReplica, b: ChecksumReplica): number {
  return (
    compareText(a.nodeId, b.nodeId) ||
    compareText(a.nodeAddress, b.nodeAddress) ||
    a.nodePort - b.nodePort
  );
}

/** The order replicasOfWorker promises (what the SQL ORDER BY used to give). */
export function compareForWorkerListing(a: ReplicaRecord, b: ReplicaRecord): number {
  return (
    compareText(a.artifactId, b.artifactId) ||
    compareText(a.viewId, b.viewId) ||
    a.memoryType - b.memoryType ||
    a.deviceId - b.deviceId
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Read access shared by the committed index and a commit group's view over it. */
export interface ReplicaReader {
  get(replicaId: string): ReplicaRecord | undefined;
  ofWorker(workerId: string): ReplicaRecord[];
  ofArtifact(artifactId: string): ReplicaRecord[];
}

/**
 * The committed replicas, indexed the ways the RPCs ask (by id, worker and artifact), with
 * per-tier counters (each worker's state checksum is WorkerChecksums'). Changed only by publishing a commit
 * group's staged changes after its COMMIT.
 */
export class ReplicaIndex implements ReplicaReader {
  private readonly byId = new Map<string, ReplicaRecord>();
  private readonly byWorker = new Map<string, Set<ReplicaRecord>>();
  /** Most artifacts have one replica: held as the record itself, an array only from two on. */
  private readonly byArtifact = new Map<string, ReplicaRecord | ReplicaRecord[]>();
  private readonly tierCounts: Record<MemoryTier, number> = { GPU: 0, RAM: 0, DISK: 0 };
  private readonly availableTierCounts: Record<MemoryTier, number> = { GPU: 0, RAM: 0, DISK: 0 };

  get size(): number {
    return this.byId.size;
  }

  get(replicaId: string): ReplicaRecord | undefined {
    return this.byId.get(replicaId);
  }

  ofWorker(workerId: string): ReplicaRecord[] {
    const set = this.byWorker.get(workerId);
    return set ? [...set] : [];
  }

  all(): IterableIterator<ReplicaRecord> {
    return this.byId.values();
  }

  countOfWorker(workerId: string): number {
    return this.byWorker.get(workerId)?.size ?? 0;
  }

  ofArtifact(artifactId: string): ReplicaRecord[] {
    const held = this.byArtifact.get(artifactId);
    if (held === undefined) return [];
    return Array.isArray(held) ? held : [held];
  }

  /** Scans the smaller of the worker's and the artifact's replicas: heartbeats ask this. */
  holds(workerId: string, artifactId: string): boolean {
    const held = this.byArtifact.get(artifactId);
    if (!held) return false;
    if (!Array.isArray(held)) return held.workerId === workerId;
    const ofArtifact = held;
    const ofWorker = this.byWorker.get(workerId);
    if (!ofWorker) return false;
    if (ofArtifact.length <= ofWorker.size) return ofArtifact.some((r) => r.workerId === workerId);
    for (const r of ofWorker) if (r.artifactId === artifactId) return true;
    return false;
  }

  workerIds(): IterableIterator<string> {
    return this.byWorker.keys();
  }

  countsByTier(): Readonly<Record<MemoryTier, number>> {
    return this.tierCounts;
  }

  /** Records are replaced, never mutated, so availability is counted as they are linked. */
  availableCountsByTier(): Readonly<Record<MemoryTier, number>> {
    return this.availableTierCounts;
  }

  clear(): void {
    this.byId.clear();
    this.byWorker.clear();
    this.byArtifact.clear();
    for (const tier of Object.keys(this.tierCounts) as MemoryTier[]) {
      this.tierCounts[tier] = 0;
      this.availableTierCounts[tier] = 0;
    }
  }

  /** Replaces (or removes, with null) the replica with this id. */
  put(replicaId: string, next: ReplicaRecord | null): void {
    const previous = this.byId.get(replicaId);
    if (previous) this.unlink(previous);
    if (next) this.link(next);
  }

  private link(replica: ReplicaRecord): void {
    this.byId.set(replica.replicaId, replica);
    let ofWorker = this.byWorker.get(replica.workerId);
    if (!ofWorker) this.byWorker.set(replica.workerId, (ofWorker = new Set()));
    ofWorker.add(replica);
    const held = this.byArtifact.get(replica.artifactId);
    if (held === undefined) this.byArtifact.set(replica.artifactId, replica);
    else if (Array.isArray(held)) held.push(replica);
    else this.byArtifact.set(replica.artifactId, [held, replica]);
    const tier = MEMORY_TIER_OF[replica.memoryType];
    if (tier) this.tierCounts[tier] += 1;
    if (tier && replica.available) this.availableTierCounts[tier] += 1;
  }

  private unlink(replica: ReplicaRecord): void {
    this.byId.delete(replica.replicaId);
    const ofWorker = this.byWorker.get(replica.workerId);
    if (ofWorker) {
      ofWorker.delete(replica);
      if (ofWorker.size === 0) this.byWorker.delete(replica.workerId);
    }
    const held = this.byArtifact.get(replica.artifactId);
    if (held === replica) {
      this.byArtifact.delete(replica.artifactId);
    } else if (Array.isArray(held)) {
      const at = held.indexOf(replica);
      if (at >= 0) held.splice(at, 1);
      if (held.length === 1) this.byArtifact.set(replica.artifactId, held[0]);
      else if (held.length === 0) this.byArtifact.delete(replica.artifactId);
    }
    const tier = MEMORY_TIER_OF[replica.memoryType];
    if (tier) this.tierCounts[tier] -= 1;
    if (tier && replica.available) this.availableTierCounts[tier] -= 1;
  }
}

/**
 * The replica changes of one commit group, staged over the committed index: the group's
 * writes read through it (they must see each other), nothing else does. Written to the
 * database set-based before COMMIT and published to the index after it.
 */
export class ReplicaChanges implements ReplicaReader {
  /** replica_id → its state after the group (null: deleted). */
  readonly staged = new Map<string, ReplicaRecord | null>();
  /** Workers whose replicas changed: their checksum is recomputed once, before COMMIT. */
  readonly dirtyWorkers = new Set<string>();
  /** Filled before COMMIT, published after it. */
  readonly checksums = new Map<string, string>();
  private readonly stagedOfWorker = new Map<string, Set<string>>();
  private readonly stagedOfArtifact = new Map<string, Set<string>>();

  constructor(readonly committed: ReplicaIndex) {}

  get(replicaId: string): ReplicaRecord | undefined {
    if (this.staged.has(replicaId)) return this.staged.get(replicaId) ?? undefined;
    return this.committed.get(replicaId);
  }

  ofWorker(workerId: string): ReplicaRecord[] {
    return this.merge(
      this.committed.ofWorker(workerId),
      this.stagedOfWorker.get(workerId),
      (r) => r.workerId === workerId,
    );
  }

  ofArtifact(artifactId: string): ReplicaRecord[] {
    return this.merge(
      this.committed.ofArtifact(artifactId),
      this.stagedOfArtifact.get(artifactId),
      (r) => r.artifactId === artifactId,
    );
  }

  findByIdentity(identity: ReplicaIdentity): ReplicaRecord | undefined {
    return this.ofArtifact(identity.artifactId).find((r) => sameIdentity(r, identity));
  }

  /**
   * Stages the replica's next state (null: deleted) and returns how to undo it, for a write
   * whose savepoint is rolled back.
   */
  stage(replicaId: string, next: ReplicaRecord | null): () => void {
    const hadStaged = this.staged.has(replicaId);
    const before = this.staged.get(replicaId);
    const current = this.get(replicaId);
    this.staged.set(replicaId, next);
    for (const r of [current, next]) {
      if (!r) continue;
      this.dirtyWorkers.add(r.workerId);
      addTo(this.stagedOfWorker, r.workerId, replicaId);
      addTo(this.stagedOfArtifact, r.artifactId, replicaId);
    }
    return () => {
      if (hadStaged) this.staged.set(replicaId, before ?? null);
      else this.staged.delete(replicaId);
    };
  }

  private merge(
    committed: readonly ReplicaRecord[],
    stagedIds: ReadonlySet<string> | undefined,
    belongs: (r: ReplicaRecord) => boolean,
  ): ReplicaRecord[] {
    if (!stagedIds) return [...committed];
    const out: ReplicaRecord[] = [];
    for (const r of committed) if (!this.staged.has(r.replicaId)) out.push(r);
    for (const id of stagedIds) {
      const r = this.staged.get(id);
      if (r && belongs(r)) out.push(r);
    }
    return out;
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
