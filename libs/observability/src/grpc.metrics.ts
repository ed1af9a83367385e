import { Inject, Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';
import {
  METRICS_REGISTRY,
  RPC_LATENCY_BUCKETS,
  counter,
  defaultRegistry,
  gauge,
  histogram,
} from './metric-factory';
import { VERSION } from './version';

/** Per-RPC outcome and latency. The method label is "Service/Method": bounded, no ids. */
@Injectable()
export class GrpcMetrics {
  readonly handled;
  readonly handlingSeconds;
  readonly inFlight;
  readonly rejected;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry = defaultRegistry) {
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
    this.inFlight = gauge(
      {
        name: 'tc_grpc_server_in_flight',
        help: 'gRPC calls started and not yet answered (saturation).',
      },
      registry,
    );
    this.rejected = counter(
      {
        name: 'tc_grpc_server_rejected_total',
        help: 'Calls refused for the request itself (INVALID_ARGUMENT, FAILED_PRECONDITION, PERMISSION_DENIED, OUT_OF_RANGE), by method and code.',
        labelNames: ['method', 'code'] as const,
      },
      registry,
    );
    gauge(
      {
        name: 'tc_build_info',
        help: 'Always 1; the version label says which build is running.',
        labelNames: ['version'] as const,
      },
      registry,
    ).set({ version: VERSION }, 1);
  }
}
