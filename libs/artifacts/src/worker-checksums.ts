import { EMPTY_STATE_CHECKSUM, Fnv1a64 } from '../../workers/src';
import { MEMORY_TIER_OF } from './replica.entity';
import type { ReplicaRecord } from './replica-index';

/** What WorkerChecksums reads of the committed replicas (the ReplicaIndex). */
export interface CommittedReplicasOfWorker {
  ofWorker(workerId: string): ReplicaRecord[];
  countOfWorker(workerId: string): number;
}

/**
 * Each worker's committed state checksum (what heartbeats compare with the daemon's): the one
 * owner of that value, computed from memory and at most once per committed change.
 *
 * Per worker it keeps the checksum records (WorkerChecksumRecords) already sorted, with the
 * FNV state at every CHECKPOINT_STRIDE-th record, so a commit group that changes a few of a
 * worker's replicas merges those records into the sorted list and hashes again only from
 * the first changed position: no record objects, no sort, no string building for the
 * replicas that did not change (before, every group rebuilt and sorted all the worker's
 * records: a write cost O(replicas on the worker)). FNV-1a cannot skip the bytes after a
 * change, so the bytes from the change to the end are hashed again; nothing else is.
 *
 * A group computes the worker's next records before COMMIT (the checksum is stored in the
 * same transaction) and they replace the committed ones after COMMIT (publish); a group
 * that rolls back leaves the committed records as they were. Recovery only marks the
 * recovered workers as not yet computed, so nothing is sorted or hashed before SERVING, and
 * the first reader (a heartbeat, a listing, a group that changes the worker, the background
 * settlement) builds them.
 */
export class WorkerChecksums {
  /** The committed checksum of each worker that has one other than the empty one. */
  private readonly checksums = new Map<string, string>();
  /** Records of the workers computed or written last (insertion order: oldest first). */
  private readonly records = new Map<string, WorkerChecksumRecords>();
  /** Records held in all (the sum of their sizes), kept within the budget. */
  private held = 0;
  private readonly uncomputed = new Set<string>();

  constructor(
    private readonly committed: CommittedReplicasOfWorker,
    /**
     * Replicas whose records are kept (about 60 B each with their shared tails): the workers
     * written last keep theirs; another one's next change builds them again from scratch
     * (one sort, what every change cost before). Bounds this cache at a million replicas.
     */
    private readonly budget = RECORDS_BUDGET,
  ) {}

  of(workerId: string): string {
    if (this.uncomputed.delete(workerId)) {
      this.remember(workerId, WorkerChecksumRecords.build(this.committed.ofWorker(workerId)));
    }
    return this.checksums.get(workerId) ?? EMPTY_STATE_CHECKSUM;
  }

  /**
   * The worker's records after a commit group that takes `removed` (committed records) out
   * and puts `added` (the group's records) in. `all` answers the worker's replicas as the
   * group leaves them, for when the committed records cannot be used (never computed, not
   * kept, or not matching the committed replicas: then they are built again from scratch).
   */
  next(
    workerId: string,
    removed: readonly ReplicaRecord[],
    added: readonly ReplicaRecord[],
    all: () => readonly ReplicaRecord[],
  ): WorkerChecksumRecords {
    let committed: WorkerChecksumRecords | undefined;
    if (!this.uncomputed.has(workerId)) {
      committed =
        this.records.get(workerId) ??
        (this.checksums.has(workerId) ? undefined : WorkerChecksumRecords.build([]));
    }
    if (committed && committed.size === this.committed.countOfWorker(workerId)) {
      const next = committed.apply(removed, added);
      if (next) return next;
    }
    return WorkerChecksumRecords.build(all(), committed?.tails);
  }

  /** Recovery: these workers' checksums are computed when first asked for. */
  computeLater(workerIds: Iterable<string>): void {
    for (const workerId of workerIds) this.uncomputed.add(workerId);
  }

  /** After the COMMIT of a group that computed the worker's next records. */
  publish(workerId: string, records: WorkerChecksumRecords): void {
    this.uncomputed.delete(workerId);
    this.remember(workerId, records);
  }

  clear(): void {
    this.checksums.clear();
    this.records.clear();
    this.held = 0;
    this.uncomputed.clear();
  }

  private remember(workerId: string, records: WorkerChecksumRecords): void {
    const before = this.records.get(workerId);
    if (before) {
      this.records.delete(workerId);
      this.held -= before.size;
    }
    if (records.size === 0) {
      this.checksums.delete(workerId);
      return;
    }
    this.checksums.set(workerId, records.checksum);
    this.records.set(workerId, records);
    this.held += records.size;
    for (const [oldest, kept] of this.records) {
      if (this.held <= this.budget || oldest === workerId) break;
      this.records.delete(oldest);
      this.held -= kept.size;
    }
  }
}

/** Replicas whose checksum records are kept by default (~15 MB). */
const RECORDS_BUDGET = 262_144;

/** A checkpoint (the FNV state before the record) is kept every this many records. */
const CHECKPOINT_STRIDE = 16;
const COLON = 0x3a;

/**
 * A checksum record without its artifact id: `view:node:address:port:device:TYPE:A;`. A
 * worker's replicas share a handful of these (one node and address, a few devices, available
 * or not), so each is built once per worker and records point at it.
 */
class RecordTail {
  constructor(
    readonly text: string,
    readonly viewId: string,
    readonly typeName: string,
    readonly deviceId: number,
    readonly nodeId: string,
    readonly nodeAddress: string,
    readonly nodePort: number,
    readonly available: number,
  ) {}
}

/** A worker's RecordTails by text (shared by its successive WorkerChecksumRecords). */
type TailPool = Map<string, RecordTail>;

function tailOf(replica: ReplicaRecord, pool: TailPool): RecordTail {
  const typeName = MEMORY_TIER_OF[replica.memoryType] ?? 'RAM';
  const deviceId = typeName === 'GPU' ? replica.deviceId : 0;
  const available = replica.available ? 1 : 0;
  const text =
    `${replica.viewId}:${replica.nodeId}:${replica.nodeAddress}:${replica.nodePort}:` +
    `${deviceId}:${typeName}:${available};`;
  let tail = pool.get(text);
  if (tail === undefined) {
    tail = new RecordTail(
      text,
      replica.viewId,
      typeName,
      deviceId,
      replica.nodeId,
      replica.nodeAddress,
      replica.nodePort,
      available,
    );
    pool.set(text, tail);
  }
  return tail;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The checksum order (behavior.md "State checksum": artifact, view, TYPE, device), then
 * node, address and port (so replicas that differ only in their node hash in the stored
 * rows' order), then availability: two records that compare equal are the same bytes.
 */
function compareRecords(
  aArtifact: string,
  a: RecordTail,
  bArtifact: string,
  b: RecordTail,
): number {
  const byArtifact = compareText(aArtifact, bArtifact);
  if (byArtifact !== 0 || a === b) return byArtifact;
  return (
    compareText(a.viewId, b.viewId) ||
    compareText(a.typeName, b.typeName) ||
    a.deviceId - b.deviceId ||
    compareText(a.nodeId, b.nodeId) ||
    compareText(a.nodeAddress, b.nodeAddress) ||
    a.nodePort - b.nodePort ||
    a.available - b.available
  );
}

interface PendingRecord {
  artifactId: string;
  tail: RecordTail;
}

function compareRecordPair(a: PendingRecord, b: PendingRecord): number {
  return compareRecords(a.artifactId, a.tail, b.artifactId, b.tail);
}

/**
 * One worker's checksum records in checksum order, as two parallel arrays (the artifact id
 * each replica already holds, and its shared RecordTail), with the FNV state before every
 * CHECKPOINT_STRIDE-th record and the checksum of them all. Never changed once built: a
 * change builds the next one (apply), which the worker's owner swaps in after COMMIT.
 */
export class WorkerChecksumRecords {
  readonly checksum: string;

  private constructor(
    private readonly artifactIds: readonly string[],
    private readonly recordTails: readonly RecordTail[],
    /** Two words per checkpoint: checkpoint c is the state before record c * stride. */
    private readonly checkpoints: Int32Array,
    readonly tails: TailPool,
    checksum: string,
  ) {
    this.checksum = checksum || hashFrom(artifactIds, recordTails, checkpoints, 0);
  }

  get size(): number {
    return this.artifactIds.length;
  }

  /** The records of these replicas, sorted and hashed (a worker's first computation). */
  static build(
    replicas: readonly ReplicaRecord[],
    tails: TailPool = new Map(),
  ): WorkerChecksumRecords {
    if (replicas.length === 0)
      return new WorkerChecksumRecords([], [], new Int32Array(2), tails, '');
    const records: PendingRecord[] = replicas.map((r) => ({
      artifactId: r.artifactId,
      tail: tailOf(r, tails),
    }));
    records.sort(compareRecordPair);
    return new WorkerChecksumRecords(
      records.map((r) => r.artifactId),
      records.map((r) => r.tail),
      checkpointsFor(records.length),
      tails,
      '',
    );
  }

  /**
   * These records with `removed` taken out and `added` put in: merged in one pass, hashed
   * again only from the first position that changed (from the checkpoint before it). This
   * very object when nothing changes; undefined when a removed record is not here (the
   * caller builds the worker's records from scratch).
   */
  apply(
    removed: readonly ReplicaRecord[],
    added: readonly ReplicaRecord[],
  ): WorkerChecksumRecords | undefined {
    if (removed.length === 0 && added.length === 0) return this;
    const pool = this.tails;
    const outs = removed.map((r) => ({ artifactId: r.artifactId, tail: tailOf(r, pool) }));
    const ins = added.map((r) => ({ artifactId: r.artifactId, tail: tailOf(r, pool) }));
    outs.sort(compareRecordPair);
    ins.sort(compareRecordPair);
    // A replica whose record did not change (a touch, a load change) is both: neither.
    let o = 0;
    let i = 0;
    let keptOuts = 0;
    let keptIns = 0;
    while (o < outs.length || i < ins.length) {
      const order =
        o === outs.length ? 1 : i === ins.length ? -1 : compareRecordPair(outs[o], ins[i]);
      if (order === 0) {
        o += 1;
        i += 1;
      } else if (order < 0) {
        outs[keptOuts++] = outs[o++];
      } else {
        ins[keptIns++] = ins[i++];
      }
    }
    outs.length = keptOuts;
    ins.length = keptIns;
    if (keptOuts === 0 && keptIns === 0) return this;

    const arts = this.artifactIds;
    const tails = this.recordTails;
    const n = arts.length;
    // Where each removed record is: found by binary search (they are sorted, so each search
    // starts after the previous one; equal records are the same bytes, any of them will do).
    const removedAt = new Int32Array(keptOuts);
    let from = 0;
    for (let k = 0; k < keptOuts; k++) {
      const { artifactId, tail } = outs[k];
      let lo = from;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareRecords(arts[mid], tails[mid], artifactId, tail) < 0) lo = mid + 1;
        else hi = mid;
      }
      if (lo >= n || compareRecords(arts[lo], tails[lo], artifactId, tail) !== 0) return undefined;
      removedAt[k] = lo;
      from = lo + 1;
    }

    const length = n - keptOuts + keptIns;
    const nextArts = new Array<string>(length);
    const nextTails = new Array<RecordTail>(length);
    let firstChange = -1;
    let out = 0;
    let r = 0;
    i = 0;
    for (let at = 0; at <= n; at++) {
      // Added records that sort before the committed one at `at` (or after all of them).
      while (
        i < keptIns &&
        (at === n || compareRecords(ins[i].artifactId, ins[i].tail, arts[at], tails[at]) < 0)
      ) {
        if (firstChange < 0) firstChange = out;
        nextArts[out] = ins[i].artifactId;
        nextTails[out++] = ins[i++].tail;
      }
      if (at === n) break;
      if (r < keptOuts && removedAt[r] === at) {
        if (firstChange < 0) firstChange = out;
        r += 1;
        continue;
      }
      nextArts[out] = arts[at];
      nextTails[out++] = tails[at];
    }
    const checkpoints = checkpointsFor(length);
    const start = Math.floor(firstChange / CHECKPOINT_STRIDE);
    checkpoints.set(this.checkpoints.subarray(0, (start + 1) * 2));
    return new WorkerChecksumRecords(
      nextArts,
      nextTails,
      checkpoints,
      pool,
      hashFrom(nextArts, nextTails, checkpoints, start * CHECKPOINT_STRIDE),
    );
  }
}

/** Room for a checkpoint before every stride-th record and after the last. */
function checkpointsFor(length: number): Int32Array {
  return new Int32Array((Math.floor(length / CHECKPOINT_STRIDE) + 1) * 2);
}

/**
 * Hashes the records from `start` (a checkpoint position; the state there is read from the
 * checkpoints, the offset basis at 0) to the end, writing the checkpoints on the way.
 */
function hashFrom(
  artifactIds: readonly string[],
  tails: readonly RecordTail[],
  checkpoints: Int32Array,
  start: number,
): string {
  const hash = new Fnv1a64();
  if (start > 0) hash.restoreState(checkpoints, (start / CHECKPOINT_STRIDE) * 2);
  const length = artifactIds.length;
  for (let at = start; at < length; at++) {
    if (at % CHECKPOINT_STRIDE === 0) hash.saveState(checkpoints, (at / CHECKPOINT_STRIDE) * 2);
    hash.update(artifactIds[at]).byte(COLON).update(tails[at].text);
  }
  if (length % CHECKPOINT_STRIDE === 0) {
    hash.saveState(checkpoints, (length / CHECKPOINT_STRIDE) * 2);
  }
  return length === 0 ? EMPTY_STATE_CHECKSUM : hash.hex();
}
