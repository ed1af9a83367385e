/** One fed piece of the artifact: bytes [offset, offset + length) and their sha256. */
export interface CoverageFrame {
  offset: number;
  length: number;
  digest: Buffer;
  /** Lease plan only: where the bytes already live. */
  storageId?: string;
  storageOffset?: number;
}

export type FramePlacement =
  | { kind: 'new' }
  /** The same frame again (offset, length and digest): a retried Feed, accepted as a no-op. */
  | { kind: 'duplicate' }
  | { kind: 'out_of_bounds' }
  | { kind: 'overlap'; with: CoverageFrame };

/**
 * Which bytes of [0, totalSize) a registration has been fed, as non-overlapping frames kept
 * sorted by offset. Daemons usually feed in order, so the common insert is an append.
 */
export class Coverage {
  private readonly sorted: CoverageFrame[] = [];
  private covered = 0;

  constructor(readonly totalSize: number) {}

  get coveredBytes(): number {
    return this.covered;
  }

  get frameCount(): number {
    return this.sorted.length;
  }

  get complete(): boolean {
    return this.covered === this.totalSize;
  }

  frames(): readonly CoverageFrame[] {
    return this.sorted;
  }

  /** Where a frame would go; nothing changes. */
  place(offset: number, length: number, digest: Buffer): FramePlacement {
    if (offset < 0 || length <= 0 || offset + length > this.totalSize)
      return { kind: 'out_of_bounds' };
    const next = this.firstAfter(offset);
    const previous = next > 0 ? this.sorted[next - 1] : undefined;
    if (previous && previous.offset === offset) {
      return previous.length === length && previous.digest.equals(digest)
        ? { kind: 'duplicate' }
        : { kind: 'overlap', with: previous };
    }
    if (previous && previous.offset + previous.length > offset)
      return { kind: 'overlap', with: previous };
    const following = this.sorted[next];
    if (following && following.offset < offset + length)
      return { kind: 'overlap', with: following };
    return { kind: 'new' };
  }

  /** Adds a frame that place() called new; anything else is a programming error. */
  add(frame: CoverageFrame): void {
    const placement = this.place(frame.offset, frame.length, frame.digest);
    if (placement.kind !== 'new') {
      throw new Error(`frame at ${frame.offset} cannot be added: ${placement.kind}`);
    }
    this.sorted.splice(this.firstAfter(frame.offset), 0, frame);
    this.covered += frame.length;
  }

  /** Takes back a frame added earlier (its write did not commit). */
  remove(frame: CoverageFrame): void {
    const at = this.firstAfter(frame.offset) - 1;
    if (at >= 0 && this.sorted[at] === frame) {
      this.sorted.splice(at, 1);
      this.covered -= frame.length;
    }
  }

  /** The first byte range not covered, or undefined when [0, totalSize) is covered. */
  firstGap(): { start: number; end: number } | undefined {
    let cursor = 0;
    for (const frame of this.sorted) {
      if (frame.offset > cursor) return { start: cursor, end: frame.offset };
      cursor = frame.offset + frame.length;
    }
    return cursor < this.totalSize ? { start: cursor, end: this.totalSize } : undefined;
  }

  /** Index of the first frame whose offset is greater than `offset`. */
  private firstAfter(offset: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid].offset <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
