/**
 * The newest `capacity` snapshot epochs of one node, sorted, in a typed array (8 bytes
 * each): what memory_tier.snapshot_max_rows needs to know which rows to prune without
 * reading them back, at a fraction of the cost of an array of bigint objects.
 */
export class EpochWindow {
  private values: BigInt64Array;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.values = new BigInt64Array(Math.min(capacity, 8));
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= this.capacity;
  }

  oldest(): bigint | undefined {
    return this.count > 0 ? this.values[0] : undefined;
  }

  newest(): bigint | undefined {
    return this.count > 0 ? this.values[this.count - 1] : undefined;
  }

  has(epoch: bigint): boolean {
    const i = this.lowerBound(epoch);
    return i < this.count && this.values[i] === epoch;
  }

  /**
   * Adds an epoch (a repeat is a no-op). When the window is full the oldest falls out; an
   * epoch older than everything in a full window is not kept, and false says so.
   */
  add(epoch: bigint): boolean {
    const at = this.lowerBound(epoch);
    if (at < this.count && this.values[at] === epoch) return true;
    if (this.full) {
      if (at === 0) return false;
      // Drop the oldest and insert, shifting only what lies before the insertion point.
      this.values.copyWithin(0, 1, at);
      this.values[at - 1] = epoch;
      return true;
    }
    if (this.count === this.values.length) {
      const grown = new BigInt64Array(Math.min(this.capacity, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values.copyWithin(at + 1, at, this.count);
    this.values[at] = epoch;
    this.count += 1;
    return true;
  }

  /** Forgets every epoch before cutoff. */
  dropBefore(cutoff: bigint): void {
    const keepFrom = this.lowerBound(cutoff);
    if (keepFrom === 0) return;
    this.values.copyWithin(0, keepFrom, this.count);
    this.count -= keepFrom;
  }

  toArray(): bigint[] {
    return Array.from(this.values.subarray(0, this.count));
  }

  private lowerBound(epoch: bigint): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.values[mid] < epoch) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
