import { EMPTY_STATE_CHECKSUM } from '../../workers/src';

/**
 * Each worker's committed state checksum (what heartbeats compare with the daemon's): the one
 * owner of that value, computed from memory and at most once per committed change. A commit
 * group that changes a worker's replicas computes the new checksum once (it stores it in the
 * same transaction) and publishes it here after COMMIT; recovery only marks the recovered
 * workers as not yet computed, so nothing is sorted or hashed before SERVING, and the first
 * reader (a heartbeat, a listing, the background store of recovered checksums) computes it.
 */
export class WorkerChecksums {
  private readonly known = new Map<string, string>();
  private readonly uncomputed = new Set<string>();

  /** `compute` hashes the worker's committed replicas. */
  constructor(private readonly compute: (workerId: string) => string) {}

  of(workerId: string): string {
    if (this.uncomputed.delete(workerId)) this.remember(workerId, this.compute(workerId));
    return this.known.get(workerId) ?? EMPTY_STATE_CHECKSUM;
  }

  /** Recovery: these workers' checksums are computed when first asked for. */
  computeLater(workerIds: Iterable<string>): void {
    for (const workerId of workerIds) this.uncomputed.add(workerId);
  }

  /** After the COMMIT of a group that computed the worker's checksum from its changes. */
  publish(workerId: string, checksum: string): void {
    this.uncomputed.delete(workerId);
    this.remember(workerId, checksum);
  }

  clear(): void {
    this.known.clear();
    this.uncomputed.clear();
  }

  private remember(workerId: string, checksum: string): void {
    if (checksum === EMPTY_STATE_CHECKSUM) this.known.delete(workerId);
    else this.known.set(workerId, checksum);
  }
}
