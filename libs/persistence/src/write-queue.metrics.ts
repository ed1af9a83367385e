import { Inject, Injectable } from '@nestjs/common';
import { RPC_LATENCY_BUCKETS, histogram } from '../../observability/src';
import { CommittedGroupSample, WriteQueue } from './write-queue';

/** Group sizes up to database.max_group_size's ceiling (powers of two). */
const GROUP_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/**
 * How the single write path performs: how long a group's transaction takes (the fsync
 * shows up here), how long a write waits and runs before its caller hears, and how many
 * writes share a commit. Fed by the write queue after each committed group.
 */
@Injectable()
export class WriteQueueMetrics {
  readonly commitSeconds = histogram({
    name: 'tc_db_commit_seconds',
    help: 'One commit group: BEGIN to COMMIT returned (writes, staging and the fsync), in seconds.',
    buckets: RPC_LATENCY_BUCKETS,
  });
  readonly writeSeconds = histogram({
    name: 'tc_db_write_seconds',
    help:
      'One write through the write queue: queued to answered after its commit (waiting ' +
      'for the group included), in seconds.',
    buckets: RPC_LATENCY_BUCKETS,
  });
  readonly groupSize = histogram({
    name: 'tc_db_commit_group_size',
    help: 'Writes committed together in one transaction (one fsync).',
    buckets: GROUP_SIZE_BUCKETS,
  });

  constructor(@Inject(WriteQueue) writes: WriteQueue) {
    writes.onGroupCommitted((sample) => this.record(sample));
  }

  record(sample: CommittedGroupSample): void {
    this.commitSeconds.observe(sample.commitSeconds);
    this.groupSize.observe(sample.size);
    for (const seconds of sample.writeSeconds) this.writeSeconds.observe(seconds);
  }
}
