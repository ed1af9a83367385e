import { Inject, Injectable, Optional } from '@nestjs/common';
import { Registry } from 'prom-client';
import {
  METRICS_REGISTRY,
  RPC_LATENCY_BUCKETS,
  counter,
  defaultRegistry,
  histogram,
} from './metric-factory';

/** Per-RPC outcome and latency. The method label is "Service/Method": bounded, no ids. */
@Injectable()
export class GrpcMetrics {
  readonly handled;
  readonly handlingSeconds;

  constructor(@Optional() @Inject(METRICS_REGISTRY) registry: Registry = defaultRegistry) {
    this.handled = counter(
      {
        name: 'tc_grpc_server_handled_total',
        help: 'gRPC calls completed, by method and status code.',
        labelNames: ['method', 'code'] as const,
      },
      registry,
    );
    this.handlingSeconds = histogram(
      {
        name: 'tc_grpc_server_handling_seconds',
        help: 'gRPC call latency from first byte received to status sent.',
        labelNames: ['method'] as const,
        buckets: RPC_LATENCY_BUCKETS,
      },
      registry,
    );
  }
}
