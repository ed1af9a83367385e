import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { counter, gauge } from '../../observability/src';

// Metrics are get-or-create on the default registry: the gauge reads whichever directory
// registered last (tests start several apps in one process).
let countRows: () => number = () => 0;

@Injectable()
export class ChunkDirectoryMetrics {
  readonly updatesApplied: Counter = counter({
    name: 'tc_chunk_updates_applied_total',
    help: 'Chunk state updates accepted by BatchUpdateChunkStates (updates_applied summed).',
  });

  readonly rowsWritten: Counter = counter({
    name: 'tc_chunk_rows_written_total',
    help: 'Chunk rows written to the database (updates that changed a row; repeats are free).',
  });

  readonly rowsDeleted: Counter<'reason'> = counter({
    name: 'tc_chunk_rows_deleted_total',
    help: 'Chunk rows deleted, by reason (worker_inactive, replica_deleted, orphaned).',
    labelNames: ['reason'] as const,
  });

  readonly rows: Gauge = gauge({
    name: 'tc_chunk_rows',
    help: 'Chunk rows in the directory (visible or hidden).',
    collect: (): void => this.rows.set(countRows()),
  });

  countRowsWith(count: () => number): void {
    countRows = count;
  }
}
