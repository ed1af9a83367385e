/**
 * A min-heap of (deadline, key). Sweeps pop only what is due, so finding expired workers or
 * leases costs O(expired · log n) instead of a scan of everything. Callers keep the
 * authoritative deadline elsewhere and re-check it when an entry pops (entries may be
 * stale: pushed before the deadline moved).
 */
export class DeadlineHeap<K> {
  private readonly items: { at: number; key: K }[] = [];

  get size(): number {
    return this.items.length;
  }

  push(at: number, key: K): void {
    const items = this.items;
    items.push({ at, key });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent].at <= items[i].at) break;
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }

  peekDeadline(): number | undefined {
    return this.items[0]?.at;
  }

  /** Removes and returns every entry due at or before `now`, earliest first. */
  popDue(now: number): { at: number; key: K }[] {
    const due: { at: number; key: K }[] = [];
    while (this.items.length > 0 && this.items[0].at <= now) due.push(this.pop());
    return due;
  }

  private pop(): { at: number; key: K } {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < items.length && items[l].at < items[smallest].at) smallest = l;
        if (r < items.length && items[r].at < items[smallest].at) smallest = r;
        if (smallest === i) break;
        [items[smallest], items[i]] = [items[i], items[smallest]];
        i = smallest;
      }
    }
    return top;
  }
}
