import { Injectable } from '@nestjs/common';
import { GrpcMetrics } from '../../observability/src';
import { WriteQueue } from '../../persistence/src';
import { ThroughputCounters, ThroughputTotals } from './throughput-sampler';

const HEARTBEAT_METHOD = 'ClusterRuntimeService/WorkerHeartbeat';

/**
 * The server's own counters behind the overview chart: WorkerHeartbeat calls as counted by
 * the gRPC metrics (every outcome: a refused heartbeat is still load), and writes committed
 * by the single write queue.
 */
@Injectable()
export class ServerThroughputCounters implements ThroughputCounters {
  constructor(
    private readonly grpc: GrpcMetrics,
    private readonly writes: WriteQueue,
  ) {}

  async read(): Promise<ThroughputTotals> {
    const handled = await this.grpc.handled.get();
    let heartbeats = 0;
    for (const sample of handled.values) {
      if (sample.labels.method === HEARTBEAT_METHOD) heartbeats += sample.value;
    }
    return { heartbeats, writes: this.writes.stats.writes };
  }
}
