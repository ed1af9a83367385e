import { Injectable } from '@nestjs/common';
import { InvalidArgumentError } from '../../common/src';
import { CommittedReads } from '../../persistence/src';
import { TransportEntity } from './transport.entity';
import { transportsCreatedBetween } from './transport-records';

export interface TransportWindowQuery {
  startMs: number | undefined;
  endMs: number | undefined;
  limit: number;
}

const DEFAULT_WINDOW_LIMIT = 200_000;
const MAX_WINDOW_LIMIT = 1_000_000;

/** QueryTransportWindow: the transports created in a time window, in progress or not. */
@Injectable()
export class TransportWindowService {
  constructor(private readonly reads: CommittedReads) {}

  async queryWindow(query: TransportWindowQuery): Promise<TransportEntity[]> {
    if (query.startMs === undefined)
      throw new InvalidArgumentError('created_at_start', 'is required');
    if (query.endMs === undefined) throw new InvalidArgumentError('created_at_end', 'is required');
    if (query.endMs < query.startMs) {
      throw new InvalidArgumentError('created_at_end', 'must not be before created_at_start');
    }
    if (query.limit > MAX_WINDOW_LIMIT) {
      throw new InvalidArgumentError(
        'limit',
        `must be at most ${MAX_WINDOW_LIMIT} (got ${query.limit})`,
      );
    }
    const limit = query.limit === 0 ? DEFAULT_WINDOW_LIMIT : query.limit;
    // With memory: the window must not show a transport ended by a commit whose replica
    // slot release is not published yet (nor the other way round).
    const { startMs, endMs } = query;
    return this.reads.runWithMemory((manager) =>
      transportsCreatedBetween(manager, startMs, endMs, limit),
    );
  }
}
