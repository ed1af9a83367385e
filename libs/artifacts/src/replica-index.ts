import { ChecksumReplica, EMPTY_STATE_CHECKSUM, stateChecksum } from '../../workers/src';
import { MEMORY_TIER_OF, MemoryTier, ReplicaEntity } from './replica.entity';
import type { WorkerChecksumRecords } from './worker-checksums';

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

/** A record's columns as plain fields (the extras excepted). */
export function fieldsOf(r: ReplicaRecord): ReplicaFields {
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

/**
 * The committed replicas as plain columns, one entry per replica (ReplicaIndex.columns): what
 * the restart image (replica-image.ts) stores and loads.
 */
export interface ReplicaColumns {
  readonly count: number;
  /** Each replica's id as a UUID's four words, most significant first; zeros under otherIds. */
  readonly uuidWords: Int32Array;
  /** [replica, id] for the ids that are not canonical lowercase UUIDs. */
  readonly otherIds: readonly (readonly [number, string])[];
  /** The distinct (worker, view, node, address, port) tuples. */
  readonly locations: readonly (readonly [string, string, string, string, number])[];
  readonly locationOf: Int32Array;
  readonly artifactIds: readonly string[];
  /** The index's hash of each artifact id, when known (checked before use). */
  readonly artifactHashes?: Int32Array;
  readonly artifactOf: Int32Array;
  /** [memoryType, deviceId, maxConcurrency, currentRequests] per replica. */
  readonly ints: Int32Array | Float64Array;
  /** [memorySize, registeredAt, updatedAt] per replica. */
  readonly floats: Float64Array;
  /** [replica, extras text] for the replicas whose MemoryInfo has extras. */
  readonly extras: readonly (readonly [number, string])[];
}

/** Read access shared by the committed index and a commit group's view over it. */
export interface ReplicaReader {
  get(replicaId: string): ReplicaRecord | undefined;
  ofWorker(workerId: string): ReplicaRecord[];
  ofArtifact(artifactId: string): ReplicaRecord[];
}

/** The number columns of a replica (and its availability): what a slot holds besides ids. */
export type ReplicaNumbers = Pick<
  ReplicaFields,
  | 'memoryType'
  | 'deviceId'
  | 'memorySize'
  | 'maxConcurrency'
  | 'currentRequests'
  | 'available'
  | 'registeredAt'
  | 'updatedAt'
>;

/**
 * Separates the fields of a location key: worker_id, view_id, node_id, node_address and
 * node_port, in that order (recovery builds the same text in SQL).
 */
export const LOCATION_SEPARATOR = '\x1f';

/** The location key of these fields; JSON (never holding the raw separator) if one does. */
export function locationKey(
  workerId: string,
  viewId: string,
  nodeId: string,
  nodeAddress: string,
  nodePort: number,
): string {
  const s = LOCATION_SEPARATOR;
  if (workerId.includes(s) || viewId.includes(s) || nodeId.includes(s) || nodeAddress.includes(s)) {
    return JSON.stringify([workerId, viewId, nodeId, nodeAddress, nodePort]);
  }
  return `${workerId}${s}${viewId}${s}${nodeId}${s}${nodeAddress}${s}${nodePort}`;
}

/**
 * The (worker, view, node, address, port) tuples replicas share, each held once and named by
 * a small number: a worker's hundreds of replicas point at one. Counted, and recycled when
 * no replica points at one any more (workers come back under new ids).
 */
class Locations {
  private readonly byKey = new Map<string, number>();
  private readonly keys: string[] = [];
  readonly workerIds: string[] = [];
  readonly viewIds: string[] = [];
  readonly nodeIds: string[] = [];
  readonly nodeAddresses: string[] = [];
  readonly nodePorts: number[] = [];
  private readonly refs: number[] = [];
  private readonly free: number[] = [];

  get size(): number {
    return this.byKey.size;
  }

  of(key: string): number | undefined {
    return this.byKey.get(key);
  }

  keyOf(at: number): string {
    return this.keys[at];
  }

  add(
    key: string,
    workerId: string,
    viewId: string,
    nodeId: string,
    nodeAddress: string,
    nodePort: number,
  ): number {
    const at = this.free.pop() ?? this.keys.length;
    this.byKey.set(key, at);
    this.keys[at] = key;
    this.workerIds[at] = workerId;
    this.viewIds[at] = viewId;
    this.nodeIds[at] = nodeId;
    this.nodeAddresses[at] = nodeAddress;
    this.nodePorts[at] = nodePort;
    this.refs[at] = 0;
    return at;
  }

  ref(at: number): void {
    this.refs[at] += 1;
  }

  refsOf(at: number): number {
    return this.refs[at];
  }

  unref(at: number): void {
    this.refs[at] -= 1;
    if (this.refs[at] > 0) return;
    this.byKey.delete(this.keys[at]);
    this.keys[at] = this.workerIds[at] = this.viewIds[at] = '';
    this.nodeIds[at] = this.nodeAddresses[at] = '';
    this.free.push(at);
  }

  clear(): void {
    this.byKey.clear();
    for (const list of [this.keys, this.workerIds, this.viewIds, this.nodeIds]) list.length = 0;
    this.nodeAddresses.length = this.nodePorts.length = this.refs.length = 0;
    this.free.length = 0;
  }
}

/**
 * A worker's slots in the order they were linked; an unlinked one leaves a hole (-1) until
 * the holes are half the list, so removal is O(1) and the order stays that of a Set.
 */
class WorkerSlots {
  slots = new Int32Array(4);
  length = 0;
  live = 0;
}

const DASH = 45;
/** Positions of the dashes in a canonical UUID text. */
const isDash = (i: number) => i === 8 || i === 13 || i === 18 || i === 23;
const HEX_CODES = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));
/** A lowercase hex digit's value by character code, -1 for any other code below 128. */
const HEX_VALUES = new Int8Array(128).fill(-1);
HEX_CODES.forEach((code, value) => (HEX_VALUES[code] = value));

/**
 * The value of the n hex digits (n ≤ 8) at text[from] (an Int32's bits); `bad` says one was
 * not a lowercase hex digit.
 */
function hexWord(text: string, from: number, n: number, bad: { seen: boolean }): number {
  let word = 0;
  for (let i = from; i < from + n; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? HEX_VALUES[code] : -1;
    if (v < 0) bad.seen = true;
    word = (word << 4) | (v & 15);
  }
  return word;
}

/**
 * Replica ids and the slot each names. The server makes replica ids as lowercase UUIDs
 * (randomUUID): such an id is held as its 128 bits in four Int32 words of its slot and
 * found through an open-addressing table of slot numbers (linear probing, at most half
 * full); any other id stays a string in a Map. 24 bytes or so per replica instead of a
 * 48-byte string plus a Map entry, and nothing in it for the GC to trace. The text is made
 * again when a record is built.
 */
class ReplicaIds {
  /** Four words per slot: the UUID's bits, most significant first. */
  private words = new Int32Array(0);
  /** slot + 1 per entry, 0 for empty; its length is a power of two. */
  private table = new Int32Array(16);
  private uuids = 0;
  private readonly others = new Map<string, number>();
  private readonly otherOfSlot = new Map<number, string>();
  private readonly parsed = new Int32Array(4);
  private readonly bad = { seen: false };
  private readonly text: number[] = new Array<number>(36).fill(DASH);

  get size(): number {
    return this.uuids + this.others.size;
  }

  /** The slot the id names, -1 for none. */
  find(id: string): number {
    if (!this.parse(id)) return this.others.get(id) ?? -1;
    return this.findParsed();
  }

  /** Names the slot by the id (not held yet). */
  add(id: string, slot: number): void {
    if (!this.parse(id)) {
      this.others.set(id, slot);
      this.otherOfSlot.set(slot, id);
      return;
    }
    this.addParsed(slot);
  }

  /**
   * Parses a canonical (lowercase) UUID for findParsed and addParsed (a lookup and the
   * insert that follows it parse once); false for any other text.
   */
  parse(id: string): boolean {
    if (
      id.length !== 36 ||
      id.charCodeAt(8) !== DASH ||
      id.charCodeAt(13) !== DASH ||
      id.charCodeAt(18) !== DASH ||
      id.charCodeAt(23) !== DASH
    ) {
      return false;
    }
    const bad = this.bad;
    bad.seen = false;
    const parsed = this.parsed;
    // Digit groups 8-4-4-4-12 into four words of eight digits.
    parsed[0] = hexWord(id, 0, 8, bad);
    parsed[1] = (hexWord(id, 9, 4, bad) << 16) | hexWord(id, 14, 4, bad);
    parsed[2] = (hexWord(id, 19, 4, bad) << 16) | hexWord(id, 24, 4, bad);
    parsed[3] = hexWord(id, 28, 8, bad);
    return !bad.seen;
  }

  /** The slot the last parsed UUID names, -1 for none. */
  findParsed(): number {
    const at = this.position(this.parsed[0], this.parsed[1], this.parsed[2], this.parsed[3]);
    return at < 0 ? -1 : this.table[at] - 1;
  }

  /** Names the slot by the last parsed UUID (not held yet). */
  addParsed(slot: number): void {
    this.words.set(this.parsed, slot * 4);
    if ((this.uuids + 1) * 2 > this.table.length) this.rehash(this.table.length * 2);
    this.insert(slot);
    this.uuids += 1;
  }

  /** Forgets the id of the slot. */
  remove(slot: number): void {
    const other = this.otherOfSlot.get(slot);
    if (other !== undefined) {
      this.otherOfSlot.delete(slot);
      this.others.delete(other);
      return;
    }
    const w = slot * 4;
    const words = this.words;
    const mask = this.table.length - 1;
    let at = hashOf(words[w], words[w + 1], words[w + 2], words[w + 3]) & mask;
    while (this.table[at] !== slot + 1) at = (at + 1) & mask;
    this.uuids -= 1;
    // Backward-shift deletion: entries after the hole that may fill it move up, so a probe
    // never stops early at a hole and no tombstones pile up.
    let hole = at;
    for (let next = (hole + 1) & mask; this.table[next] !== 0; next = (next + 1) & mask) {
      const s = (this.table[next] - 1) * 4;
      const home = hashOf(words[s], words[s + 1], words[s + 2], words[s + 3]) & mask;
      const stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (stays) continue;
      this.table[hole] = this.table[next];
      hole = next;
    }
    this.table[hole] = 0;
  }

  /** The id's text, made again from the slot's words (a new flat string). */
  idOf(slot: number): string {
    if (this.otherOfSlot.size > 0) {
      const other = this.otherOfSlot.get(slot);
      if (other !== undefined) return other;
    }
    const text = this.text;
    let at = 0;
    for (let k = 0; k < 4; k++) {
      const word = this.words[slot * 4 + k];
      for (let shift = 28; shift >= 0; shift -= 4) {
        if (isDash(at)) at += 1;
        text[at++] = HEX_CODES[(word >>> shift) & 15];
      }
    }
    return String.fromCharCode.apply(null, text);
  }

  /**
   * The restart image: copies the slot's UUID words to into[at, at + 4) and answers
   * undefined, or answers the id when it is held as text (the words are left alone).
   */
  exportId(slot: number, into: Int32Array, at: number): string | undefined {
    const other = this.otherOfSlot.size > 0 ? this.otherOfSlot.get(slot) : undefined;
    if (other !== undefined) return other;
    const w = slot * 4;
    into[at] = this.words[w];
    into[at + 1] = this.words[w + 1];
    into[at + 2] = this.words[w + 2];
    into[at + 3] = this.words[w + 3];
    return undefined;
  }

  /**
   * The restart image, into an empty set grown to at least `count` slots: slot k is named
   * by words[4k, 4k + 4), or by its text when `others` lists k. Throws on a repeated id.
   */
  load(words: Int32Array, count: number, others: readonly (readonly [number, string])[]): void {
    const text = new Uint8Array(count);
    for (const [slot, id] of others) {
      if (text[slot] === 1 || this.others.has(id)) throw new Error(`replica id ${id} twice`);
      text[slot] = 1;
      this.others.set(id, slot);
      this.otherOfSlot.set(slot, id);
    }
    this.words.set(words.subarray(0, count * 4));
    this.reserve(count);
    for (let slot = 0; slot < count; slot++) {
      if (text[slot] === 1) continue;
      if (!this.insertUnique(slot)) throw new Error(`replica id ${this.idOf(slot)} twice`);
      this.uuids += 1;
    }
  }

  /** insert(), unless another slot holds the same words (one probe sequence for both). */
  private insertUnique(slot: number): boolean {
    const w = slot * 4;
    const words = this.words;
    const w0 = words[w];
    const w1 = words[w + 1];
    const w2 = words[w + 2];
    const w3 = words[w + 3];
    const mask = this.table.length - 1;
    let at = hashOf(w0, w1, w2, w3) & mask;
    for (let entry = this.table[at]; entry !== 0; entry = this.table[at]) {
      const o = (entry - 1) * 4;
      if (words[o] === w0 && words[o + 1] === w1 && words[o + 2] === w2 && words[o + 3] === w3) {
        return false;
      }
      at = (at + 1) & mask;
    }
    this.table[at] = slot + 1;
    return true;
  }

  /** Room for this many slots' words. */
  grow(capacity: number): void {
    const next = new Int32Array(capacity * 4);
    next.set(this.words.subarray(0, Math.min(this.words.length, next.length)));
    this.words = next;
  }

  /** A table big enough for this many ids without rehashing. */
  reserve(ids: number): void {
    let length = this.table.length;
    while (length < ids * 2) length *= 2;
    if (length > this.table.length) this.rehash(length);
  }

  clear(): void {
    this.words = new Int32Array(0);
    this.table = new Int32Array(16);
    this.uuids = 0;
    this.others.clear();
    this.otherOfSlot.clear();
  }

  /** The table position holding these words, -1 for none. */
  private position(w0: number, w1: number, w2: number, w3: number): number {
    const mask = this.table.length - 1;
    const words = this.words;
    for (let at = hashOf(w0, w1, w2, w3) & mask; ; at = (at + 1) & mask) {
      const entry = this.table[at];
      if (entry === 0) return -1;
      const w = (entry - 1) * 4;
      if (words[w] === w0 && words[w + 1] === w1 && words[w + 2] === w2 && words[w + 3] === w3) {
        return at;
      }
    }
  }

  private insert(slot: number): void {
    const w = slot * 4;
    const words = this.words;
    const mask = this.table.length - 1;
    let at = hashOf(words[w], words[w + 1], words[w + 2], words[w + 3]) & mask;
    while (this.table[at] !== 0) at = (at + 1) & mask;
    this.table[at] = slot + 1;
  }

  private rehash(length: number): void {
    const old = this.table;
    this.table = new Int32Array(length);
    for (const entry of old) if (entry !== 0) this.insert(entry - 1);
  }
}

/**
 * Each slot's artifact id (one string per artifact, shared by its replicas) and the slots of
 * each artifact: a circular list through next/prev per slot, in the order they were linked,
 * whose first slot an open-addressing table finds by the id's hash (linear probing, at most
 * half full, backward-shift deletion; the hash is kept per slot, so a probe compares text
 * only on a hash match and a rehash reads no text). It replaced a Map<string, number |
 * number[]>: at a million artifacts the Map's inserts (a write barrier each, and copies as
 * it grew) were the largest item of a restart's profile, and its entries the GC traced.
 */
class ArtifactSlots {
  ids: string[] = [];
  private hashes: Int32Array = new Int32Array(0);
  private next: Int32Array = new Int32Array(0);
  private prev: Int32Array = new Int32Array(0);
  /** first slot + 1 per entry, 0 for empty; its length is a power of two. */
  private table = new Int32Array(16);
  private distinct = 0;

  /** The hash of the slot's artifact id (hashText), as the table holds it. */
  hashOf(slot: number): number {
    return this.hashes[slot];
  }

  /** The next slot of the same artifact (back to the first after the last). */
  nextOf(slot: number): number {
    return this.next[slot];
  }

  /** The artifact's first linked slot, -1 for none. */
  firstOf(artifactId: string): number {
    const hash = hashText(artifactId);
    const mask = this.table.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = this.table[at];
      if (entry === 0) return -1;
      const first = entry - 1;
      if (this.hashes[first] === hash && this.ids[first] === artifactId) return first;
    }
  }

  /** Appends the slot to its artifact's list (the artifact's id string is then shared). */
  link(slot: number, artifactId: string, hash = hashText(artifactId)): void {
    if ((this.distinct + 1) * 2 > this.table.length) this.rehash(this.table.length * 2);
    const mask = this.table.length - 1;
    let at = hash & mask;
    for (; this.table[at] !== 0; at = (at + 1) & mask) {
      const first = this.table[at] - 1;
      if (this.hashes[first] !== hash || this.ids[first] !== artifactId) continue;
      const last = this.prev[first];
      this.next[last] = slot;
      this.prev[slot] = last;
      this.next[slot] = first;
      this.prev[first] = slot;
      this.hashes[slot] = hash;
      this.ids[slot] = this.ids[first];
      return;
    }
    this.table[at] = slot + 1;
    this.next[slot] = this.prev[slot] = slot;
    this.hashes[slot] = hash;
    this.ids[slot] = artifactId;
    this.distinct += 1;
  }

  /** Takes the slot out of its artifact's list (its id stays until the slot is reused). */
  unlink(slot: number): void {
    const mask = this.table.length - 1;
    let at = this.hashes[slot] & mask;
    const next = this.next[slot];
    if (next !== slot) {
      const prev = this.prev[slot];
      this.next[prev] = next;
      this.prev[next] = prev;
      this.next[slot] = this.prev[slot] = slot;
      // When the table names this slot as the first, it names the next one instead.
      for (; this.table[at] !== 0; at = (at + 1) & mask) {
        if (this.table[at] === slot + 1) {
          this.table[at] = next + 1;
          break;
        }
      }
      return;
    }
    while (this.table[at] !== slot + 1) at = (at + 1) & mask;
    this.distinct -= 1;
    let hole = at;
    for (let probe = (hole + 1) & mask; this.table[probe] !== 0; probe = (probe + 1) & mask) {
      const home = this.hashes[this.table[probe] - 1] & mask;
      const stays = hole <= probe ? hole < home && home <= probe : hole < home || home <= probe;
      if (stays) continue;
      this.table[hole] = this.table[probe];
      hole = probe;
    }
    this.table[hole] = 0;
  }

  /**
   * The restart image: visits each artifact's slots (its circular list, from `slot`) and
   * marks them with the artifact's number, given by `number` the first time one is seen.
   */
  markArtifact(slot: number, marks: Int32Array, artifact: number): void {
    let at = slot;
    do {
      marks[at] = artifact;
      at = this.next[at];
    } while (at !== slot);
  }

  /** Room for this many slots. */
  grow(capacity: number): void {
    const grown = (column: Int32Array): Int32Array => {
      const next = new Int32Array(capacity);
      next.set(column.subarray(0, Math.min(column.length, capacity)));
      return next;
    };
    this.hashes = grown(this.hashes);
    this.next = grown(this.next);
    this.prev = grown(this.prev);
  }

  /** Before a bulk load: ids and a table for this many slots (and as many artifacts). */
  reserve(slots: number, used: number): void {
    const ids = new Array<string>(slots).fill('');
    for (let slot = 0; slot < used; slot++) ids[slot] = this.ids[slot];
    this.ids = ids;
    const length = tableLengthFor(slots);
    if (length > this.table.length) this.rehash(length);
  }

  /** After a bulk load: ids for this many slots, the table for the artifacts held. */
  trim(slots: number): void {
    this.ids = this.ids.slice(0, slots);
    const length = tableLengthFor(this.distinct);
    // Only when far too big: a table reserved for one artifact per replica stays as it is.
    if (length * 4 <= this.table.length) this.rehash(length);
  }

  clear(): void {
    this.ids = [];
    this.hashes = new Int32Array(0);
    this.next = new Int32Array(0);
    this.prev = new Int32Array(0);
    this.table = new Int32Array(16);
    this.distinct = 0;
  }

  private rehash(length: number): void {
    const old = this.table;
    this.table = new Int32Array(length);
    const mask = length - 1;
    for (const entry of old) {
      if (entry === 0) continue;
      let at = this.hashes[entry - 1] & mask;
      while (this.table[at] !== 0) at = (at + 1) & mask;
      this.table[at] = entry;
    }
  }
}

/** A power of two at least twice this many entries (and at least 16). */
function tableLengthFor(entries: number): number {
  let length = 16;
  while (length < entries * 2) length *= 2;
  return length;
}

/** FNV-1a over the UTF-16 code units, then murmur3's finalizer for the low bits. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Mixes a UUID's words (random but for a few version bits) into a table position. */
function hashOf(w0: number, w1: number, w2: number, w3: number): number {
  const h = Math.imul(w0 ^ w3, 0x9e3779b1) ^ Math.imul(w1 ^ w2, 0x85ebca6b);
  return h ^ (h >>> 15);
}

/** Slots per int / float stride: [memoryType, deviceId, maxConcurrency, currentRequests]. */
const INTS = 4;
/** [memorySize, registeredAt, updatedAt]. */
const FLOATS = 3;
const NO_POSITION = -1;

/** A copy of the text that shares no memory with the string it was cut from. */
function detached(text: string): string {
  return (' ' + text).slice(1);
}

/**
 * The committed replicas, indexed the ways the RPCs ask (by id, worker and artifact), with
 * per-tier counters (each worker's state checksum is WorkerChecksums'). Changed only by publishing a commit
 * group's staged changes after its COMMIT.
 *
 * Held as columns, not objects: each replica is a slot number; its numbers live in typed
 * arrays, its id as 128 bits (ReplicaIds), its worker/view/node/address/port as one shared
 * location number, and only its artifact id (one string per artifact) and extras text as
 * strings. A record is built when a reader asks for it (get, ofWorker, ofArtifact, all): a
 * snapshot that a later change never touches, as published records never change. About a
 * third of the memory of one object per replica with its boxed numbers, id string and set
 * entries, and far fewer objects for the GC to trace.
 */
export class ReplicaIndex implements ReplicaReader {
  private readonly ids = new ReplicaIds();
  private readonly byWorker = new Map<string, WorkerSlots>();
  private readonly artifacts = new ArtifactSlots();
  private readonly tierCounts: Record<MemoryTier, number> = { GPU: 0, RAM: 0, DISK: 0 };
  private readonly availableTierCounts: Record<MemoryTier, number> = { GPU: 0, RAM: 0, DISK: 0 };
  private readonly locations = new Locations();

  // The columns, indexed by slot (ints and floats by slot * stride).
  private capacity = 0;
  /** Slots ever used: [0, end). */
  private end = 0;
  private readonly freeSlots: number[] = [];
  private extras: string[] = [];
  /** The location of the last row load() held: the next row's is most often the same. */
  private loadedLocation = -1;
  private slotLocations = new Int32Array(0);
  /** The slot's index in its worker's list; NO_POSITION for a free slot. */
  private positions = new Int32Array(0);
  private availability = new Uint8Array(0);
  /** Int32 until a value that is not one arrives (then Float64 for good: exact either way). */
  private ints: Int32Array | Float64Array = new Int32Array(0);
  private floats = new Float64Array(0);

  get size(): number {
    return this.ids.size;
  }

  has(replicaId: string): boolean {
    return this.ids.find(replicaId) >= 0;
  }

  get(replicaId: string): ReplicaRecord | undefined {
    const slot = this.ids.find(replicaId);
    return slot < 0 ? undefined : this.record(slot);
  }

  ofWorker(workerId: string): ReplicaRecord[] {
    const held = this.byWorker.get(workerId);
    if (!held) return [];
    const out: ReplicaRecord[] = [];
    const { slots, length } = held;
    for (let i = 0; i < length; i++) if (slots[i] >= 0) out.push(this.record(slots[i]));
    return out;
  }

  *all(): IterableIterator<ReplicaRecord> {
    for (let slot = 0; slot < this.end; slot++) {
      if (this.positions[slot] !== NO_POSITION) yield this.record(slot);
    }
  }

  countOfWorker(workerId: string): number {
    return this.byWorker.get(workerId)?.live ?? 0;
  }

  ofArtifact(artifactId: string): ReplicaRecord[] {
    const first = this.artifacts.firstOf(artifactId);
    if (first < 0) return [];
    const out: ReplicaRecord[] = [];
    let slot = first;
    do {
      out.push(this.record(slot));
      slot = this.artifacts.nextOf(slot);
    } while (slot !== first);
    return out;
  }

  /** Scans the smaller of the worker's and the artifact's replicas: heartbeats ask this. */
  holds(workerId: string, artifactId: string): boolean {
    const first = this.artifacts.firstOf(artifactId);
    if (first < 0) return false;
    const ofWorker = this.byWorker.get(workerId);
    if (!ofWorker) return false;
    // The artifact's list while it is no longer than the worker's, else the worker's.
    let slot = first;
    for (let seen = 0; seen <= ofWorker.live; seen++) {
      if (this.workerIdOf(slot) === workerId) return true;
      slot = this.artifacts.nextOf(slot);
      if (slot === first) return false;
    }
    const { slots, length } = ofWorker;
    for (let i = 0; i < length; i++) {
      if (slots[i] >= 0 && this.artifacts.ids[slots[i]] === artifactId) return true;
    }
    return false;
  }

  /** Calls visit for each available replica of this memory type, no record built. */
  forEachAvailable(
    memoryType: number,
    visit: (workerId: string, artifactId: string) => void,
  ): void {
    for (let slot = 0; slot < this.end; slot++) {
      if (
        this.positions[slot] !== NO_POSITION &&
        this.availability[slot] === 1 &&
        this.ints[slot * INTS] === memoryType
      ) {
        visit(this.workerIdOf(slot), this.artifacts.ids[slot]);
      }
    }
  }

  /** Ids of the replicas whose current_requests is not zero (startup's counter reset). */
  idsWithRequests(): string[] {
    const ids: string[] = [];
    for (let slot = 0; slot < this.end; slot++) {
      if (this.positions[slot] !== NO_POSITION && this.ints[slot * INTS + 3] !== 0) {
        ids.push(this.ids.idOf(slot));
      }
    }
    return ids;
  }

  workerIds(): IterableIterator<string> {
    return this.byWorker.keys();
  }

  countsByTier(): Readonly<Record<MemoryTier, number>> {
    return this.tierCounts;
  }

  /** Counted as replicas are linked and unlinked, availability included. */
  availableCountsByTier(): Readonly<Record<MemoryTier, number>> {
    return this.availableTierCounts;
  }

  /** Slots ever used, free ones included: deleted replicas' slots are reused first. */
  get slotCount(): number {
    return this.end;
  }

  /** Distinct (worker, view, node, address, port) tuples held (for memory figures). */
  get locationCount(): number {
    return this.locations.size;
  }

  clear(): void {
    this.ids.clear();
    this.byWorker.clear();
    this.artifacts.clear();
    this.locations.clear();
    this.loadedLocation = -1;
    for (const tier of Object.keys(this.tierCounts) as MemoryTier[]) {
      this.tierCounts[tier] = 0;
      this.availableTierCounts[tier] = 0;
    }
    this.capacity = this.end = 0;
    this.freeSlots.length = 0;
    this.extras = [];
    this.slotLocations = new Int32Array(0);
    this.positions = new Int32Array(0);
    this.availability = new Uint8Array(0);
    this.ints = new Int32Array(0);
    this.floats = new Float64Array(0);
  }

  /** Replaces (or removes, with null) the replica with this id. */
  put(replicaId: string, next: ReplicaRecord | null): void {
    if (next === null) {
      const slot = this.ids.find(replicaId);
      if (slot < 0) return;
      this.unlink(slot);
      this.ids.remove(slot);
      this.release(slot);
      return;
    }
    const key = locationKey(
      next.workerId,
      next.viewId,
      next.nodeId,
      next.nodeAddress,
      next.nodePort,
    );
    const location =
      this.locations.of(key) ??
      this.locations.add(
        key,
        next.workerId,
        next.viewId,
        next.nodeId,
        next.nodeAddress,
        next.nodePort,
      );
    this.place(replicaId, next.artifactId, location, next, memoryExtraOf(next));
  }

  /**
   * Recovery: one stored row straight into the columns, no record built. The location key is
   * text[0, locationEnd), as recovery's SQL builds it (the five fields joined by
   * LOCATION_SEPARATOR); false, and nothing held, when it does not split into exactly five
   * (an id holds the separator: the caller reads that row column by column and put()s it).
   * Rows read in worker order mostly repeat the previous row's key: that one is compared in
   * place, and only another key is cut from the text and looked up.
   */
  load(
    replicaId: string,
    artifactId: string,
    text: string,
    numbers: Readonly<ReplicaNumbers>,
    memoryExtra: string,
    locationEnd = text.length,
  ): boolean {
    let at = this.loadedLocation;
    const previous = at < 0 ? '' : this.locations.keyOf(at);
    if (at < 0 || previous.length !== locationEnd || !text.startsWith(previous)) {
      const location = text.slice(0, locationEnd);
      at = this.locations.of(location) ?? -1;
      if (at < 0) {
        // A key cut from a bigger row text: copied, so the map does not keep the row alive.
        const key = detached(location);
        const f = key.split(LOCATION_SEPARATOR);
        if (f.length !== 5) return false;
        at = this.locations.add(key, f[0], f[1], f[2], f[3], Number(f[4]));
      }
      this.loadedLocation = at;
    }
    this.place(replicaId, artifactId, at, numbers, memoryExtra);
    return true;
  }

  /**
   * The committed replicas as plain columns, for the restart image (replica-image.ts): each
   * worker's replicas in its order, workers in the order they were first linked. Their
   * availability is left out: a restart makes every replica unavailable until re-confirmed.
   */
  columns(): ReplicaColumns {
    const count = this.size;
    const uuidWords = new Int32Array(count * 4);
    const locationOf = new Int32Array(count);
    const artifactOf = new Int32Array(count);
    const ints =
      this.ints instanceof Int32Array
        ? new Int32Array(count * INTS)
        : new Float64Array(count * INTS);
    const floats = new Float64Array(count * FLOATS);
    const otherIds: [number, string][] = [];
    const extras: [number, string][] = [];
    const locations: ReplicaColumns['locations'][number][] = [];
    const artifactIds: string[] = [];
    /** A slot of each artifact, in artifactIds' order: its hash is held per slot. */
    const artifactFirstSlots: number[] = [];
    const where = this.locations;
    const locationNumbers = new Int32Array(where.workerIds.length).fill(-1);
    const artifactNumbers = new Int32Array(this.end).fill(-1);
    let k = 0;
    for (const { slots, length } of this.byWorker.values()) {
      for (let i = 0; i < length; i++) {
        const slot = slots[i];
        if (slot < 0) continue;
        const other = this.ids.exportId(slot, uuidWords, k * 4);
        if (other !== undefined) otherIds.push([k, other]);
        const at = this.slotLocations[slot];
        if (locationNumbers[at] < 0) {
          locationNumbers[at] = locations.length;
          locations.push([
            where.workerIds[at],
            where.viewIds[at],
            where.nodeIds[at],
            where.nodeAddresses[at],
            where.nodePorts[at],
          ]);
        }
        locationOf[k] = locationNumbers[at];
        if (artifactNumbers[slot] < 0) {
          this.artifacts.markArtifact(slot, artifactNumbers, artifactIds.length);
          artifactIds.push(this.artifacts.ids[slot]);
          artifactFirstSlots.push(slot);
        }
        artifactOf[k] = artifactNumbers[slot];
        for (let j = 0; j < INTS; j++) ints[k * INTS + j] = this.ints[slot * INTS + j];
        for (let j = 0; j < FLOATS; j++) floats[k * FLOATS + j] = this.floats[slot * FLOATS + j];
        if (this.extras[slot] !== '') extras.push([k, this.extras[slot]]);
        k += 1;
      }
    }
    return {
      count,
      uuidWords,
      otherIds,
      locations,
      locationOf,
      artifactIds,
      artifactHashes: Int32Array.from(artifactFirstSlots, (slot) => this.artifacts.hashOf(slot)),
      artifactOf,
      ints,
      floats,
      extras,
    };
  }

  /**
   * Replaces everything held with these columns (the restart image), every replica
   * unavailable, as recovery from the table leaves them. Throws, leaving the index empty,
   * when the columns contradict themselves (a number out of range, an id twice).
   */
  loadColumns(c: ReplicaColumns): void {
    this.clear();
    try {
      this.loadColumnsInto(c);
    } catch (error) {
      this.clear();
      throw error;
    }
  }

  private loadColumnsInto(c: ReplicaColumns): void {
    const { count } = c;
    const sized = (name: string, length: number, wanted: number) => {
      if (length !== wanted) throw new Error(`${name}: ${length} values for ${count} replicas`);
    };
    sized('uuidWords', c.uuidWords.length, count * 4);
    sized('locationOf', c.locationOf.length, count);
    sized('artifactOf', c.artifactOf.length, count);
    sized('ints', c.ints.length, count * INTS);
    sized('floats', c.floats.length, count * FLOATS);
    this.reserve(count);
    if (c.ints instanceof Float64Array) this.ints = new Float64Array(this.capacity * INTS);
    this.ints.set(c.ints);
    this.floats.set(c.floats);
    for (const [at, [workerId, viewId, nodeId, nodeAddress, nodePort]] of c.locations.entries()) {
      const key = locationKey(workerId, viewId, nodeId, nodeAddress, nodePort);
      if (this.locations.of(key) !== undefined) throw new Error(`location ${key} twice`);
      if (this.locations.add(key, workerId, viewId, nodeId, nodeAddress, nodePort) !== at) {
        throw new Error('locations out of order');
      }
    }
    for (const [k, extra] of c.extras) {
      if (!(k >= 0 && k < count)) throw new Error(`extras: replica ${k} of ${count}`);
      this.extras[k] = extra;
    }
    this.ids.load(c.uuidWords, count, c.otherIds);
    const hashes = artifactHashesOf(c);
    const locationCount = c.locations.length;
    let ofWorker: WorkerSlots | undefined;
    let workerOf = '';
    for (let slot = 0; slot < count; slot++) {
      const at = c.locationOf[slot];
      const artifact = c.artifactOf[slot];
      if (!(at >= 0 && at < locationCount)) throw new Error(`locationOf: ${at}`);
      if (!(artifact >= 0 && artifact < hashes.length)) throw new Error(`artifactOf: ${artifact}`);
      this.end = slot + 1;
      this.slotLocations[slot] = at;
      this.locations.ref(at);
      const workerId = this.locations.workerIds[at];
      if (ofWorker === undefined || workerId !== workerOf) {
        workerOf = workerId;
        ofWorker = this.byWorker.get(workerId);
        if (!ofWorker) this.byWorker.set(workerId, (ofWorker = new WorkerSlots()));
      }
      this.append(ofWorker, slot);
      this.artifacts.link(slot, c.artifactIds[artifact], hashes[artifact]);
      this.count(slot, 1);
    }
    for (let at = 0; at < locationCount; at++) {
      if (this.locations.refsOf(at) === 0) throw new Error(`location ${at} holds no replica`);
    }
  }

  /**
   * Before a bulk load of about this many replicas: the columns are allocated once at that
   * size instead of growing (each growth copies them and leaves the old ones for the GC).
   */
  reserve(replicas: number): void {
    if (replicas <= this.capacity) return;
    this.resize(replicas);
    this.ids.reserve(replicas);
    this.artifacts.reserve(replicas, this.end);
    const extras = new Array<string>(replicas).fill('');
    for (let slot = 0; slot < this.end; slot++) extras[slot] = this.extras[slot];
    this.extras = extras;
  }

  /** After a bulk load: gives back what was reserved or grown beyond an eighth of headroom. */
  trimToSize(): void {
    const wanted = this.end + (this.end >> 3) + 16;
    if (wanted >= this.capacity) return;
    this.resize(wanted);
    this.artifacts.trim(wanted);
    this.extras = this.extras.slice(0, wanted);
  }

  /** The replica in this slot, as a new record (a snapshot: later changes do not reach it). */
  private record(slot: number): StoredReplica {
    const at = this.slotLocations[slot];
    const where = this.locations;
    const ints = this.ints;
    const floats = this.floats;
    const i = slot * INTS;
    const f = slot * FLOATS;
    return new StoredReplica(
      {
        replicaId: this.ids.idOf(slot),
        artifactId: this.artifacts.ids[slot],
        workerId: where.workerIds[at],
        viewId: where.viewIds[at],
        nodeId: where.nodeIds[at],
        nodeAddress: where.nodeAddresses[at],
        nodePort: where.nodePorts[at],
        memoryType: ints[i],
        deviceId: ints[i + 1],
        memorySize: floats[f],
        maxConcurrency: ints[i + 2],
        currentRequests: ints[i + 3],
        available: this.availability[slot] === 1,
        registeredAt: floats[f + 1],
        updatedAt: floats[f + 2],
      },
      this.extras[slot],
    );
  }

  private workerIdOf(slot: number): string {
    return this.locations.workerIds[this.slotLocations[slot]];
  }

  /** Holds the replica in its slot (a new one if the id is new), linked where it belongs. */
  private place(
    replicaId: string,
    artifactId: string,
    location: number,
    n: Readonly<ReplicaNumbers>,
    memoryExtra: string,
  ): void {
    // Counted before the old state is unlinked: that may be the last use of the same one.
    this.locations.ref(location);
    // The id is parsed once for the lookup and, when new, the insert.
    const uuid = this.ids.parse(replicaId);
    let slot = uuid ? this.ids.findParsed() : this.ids.find(replicaId);
    if (slot < 0) {
      slot = this.freeSlots.pop() ?? this.newSlot();
      if (uuid) this.ids.addParsed(slot);
      else this.ids.add(replicaId, slot);
    } else {
      this.unlink(slot);
    }
    if (!fitsInt32(n.memoryType, n.deviceId, n.maxConcurrency, n.currentRequests)) {
      if (this.ints instanceof Int32Array) this.ints = Float64Array.from(this.ints);
    }
    const i = slot * INTS;
    this.ints[i] = n.memoryType;
    this.ints[i + 1] = n.deviceId;
    this.ints[i + 2] = n.maxConcurrency;
    this.ints[i + 3] = n.currentRequests;
    const f = slot * FLOATS;
    this.floats[f] = n.memorySize;
    this.floats[f + 1] = n.registeredAt;
    this.floats[f + 2] = n.updatedAt;
    this.availability[slot] = n.available ? 1 : 0;
    this.slotLocations[slot] = location;
    this.extras[slot] = memoryExtra;
    this.link(slot, artifactId);
  }

  private newSlot(): number {
    if (this.end === this.capacity) this.resize(Math.max(64, Math.ceil(this.capacity * 1.5)));
    return this.end++;
  }

  private resize(capacity: number): void {
    const grown = <T extends Int32Array | Float64Array | Uint8Array>(
      column: T,
      make: new (n: number) => T,
      stride: number,
    ): T => {
      const next = new make(capacity * stride);
      next.set(column.subarray(0, Math.min(column.length, capacity * stride)));
      return next;
    };
    this.slotLocations = grown(this.slotLocations, Int32Array, 1);
    this.positions = grown(this.positions, Int32Array, 1);
    this.availability = grown(this.availability, Uint8Array, 1);
    this.ints =
      this.ints instanceof Int32Array
        ? grown(this.ints, Int32Array, INTS)
        : grown(this.ints, Float64Array, INTS);
    this.floats = grown(this.floats, Float64Array, FLOATS);
    this.ids.grow(capacity);
    this.artifacts.grow(capacity);
    this.capacity = capacity;
  }

  /** A slot whose replica was deleted, free for the next new one. */
  private release(slot: number): void {
    this.positions[slot] = NO_POSITION;
    this.artifacts.ids[slot] = '';
    this.extras[slot] = '';
    this.freeSlots.push(slot);
  }

  private link(slot: number, artifactId: string): void {
    const workerId = this.workerIdOf(slot);
    let ofWorker = this.byWorker.get(workerId);
    if (!ofWorker) this.byWorker.set(workerId, (ofWorker = new WorkerSlots()));
    this.append(ofWorker, slot);
    this.artifacts.link(slot, artifactId);
    this.count(slot, 1);
  }

  /** Takes the slot out of its worker's and artifact's lists and the counters (not its id). */
  private unlink(slot: number): void {
    const workerId = this.workerIdOf(slot);
    const ofWorker = this.byWorker.get(workerId);
    if (ofWorker) {
      ofWorker.slots[this.positions[slot]] = -1;
      ofWorker.live -= 1;
      if (ofWorker.live === 0) this.byWorker.delete(workerId);
    }
    this.artifacts.unlink(slot);
    this.count(slot, -1);
    this.locations.unref(this.slotLocations[slot]);
  }

  private count(slot: number, delta: 1 | -1): void {
    const tier = MEMORY_TIER_OF[this.ints[slot * INTS]];
    if (!tier) return;
    this.tierCounts[tier] += delta;
    if (this.availability[slot] === 1) this.availableTierCounts[tier] += delta;
  }

  /** Appends the slot to the worker's list, closing the list's holes first when it is full. */
  private append(ofWorker: WorkerSlots, slot: number): void {
    if (ofWorker.length === ofWorker.slots.length) {
      if (ofWorker.live <= ofWorker.length >> 1) {
        let kept = 0;
        for (let i = 0; i < ofWorker.length; i++) {
          const s = ofWorker.slots[i];
          if (s < 0) continue;
          ofWorker.slots[kept] = s;
          this.positions[s] = kept++;
        }
        ofWorker.slots.fill(-1, kept);
        ofWorker.length = kept;
      } else {
        const grown = new Int32Array(ofWorker.slots.length * 2);
        grown.set(ofWorker.slots);
        ofWorker.slots = grown;
      }
    }
    ofWorker.slots[ofWorker.length] = slot;
    this.positions[slot] = ofWorker.length++;
    ofWorker.live += 1;
  }
}

/**
 * The columns' artifact hashes when they are this build's hashText of the ids (checked on a
 * sample: an image from a build that hashed otherwise is hashed again), else computed.
 */
function artifactHashesOf(c: ReplicaColumns): Int32Array {
  const { artifactIds: ids, artifactHashes: given } = c;
  if (given?.length === ids.length) {
    const step = Math.max(1, Math.floor(ids.length / 64));
    let agree = true;
    for (let i = 0; i < ids.length && agree; i += step) agree = given[i] === hashText(ids[i]);
    if (agree) return given;
  }
  return Int32Array.from(ids, hashText);
}

function fitsInt32(a: number, b: number, c: number, d: number): boolean {
  return (a | 0) === a && (b | 0) === b && (c | 0) === c && (d | 0) === d;
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
  /** The checksum records of each dirty worker after the group: published after COMMIT. */
  readonly checksumRecords = new Map<string, WorkerChecksumRecords>();
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

  /**
   * What the group changes of the worker's replicas: the committed records it replaces or
   * deletes (`removed`) and the records it leaves instead (`added`), both only those of this
   * worker (a replica that moves is removed from one worker and added to the other).
   */
  changesOfWorker(workerId: string): { removed: ReplicaRecord[]; added: ReplicaRecord[] } {
    const removed: ReplicaRecord[] = [];
    const added: ReplicaRecord[] = [];
    for (const replicaId of this.stagedOfWorker.get(workerId) ?? []) {
      // Staged and then undone (a rolled-back savepoint): the committed state stands.
      if (!this.staged.has(replicaId)) continue;
      const before = this.committed.get(replicaId);
      if (before && before.workerId === workerId) removed.push(before);
      const after = this.staged.get(replicaId);
      if (after && after.workerId === workerId) added.push(after);
    }
    return { removed, added };
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
