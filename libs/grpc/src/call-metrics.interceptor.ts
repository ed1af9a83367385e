import { ServerInterceptingCall, ServerInterceptor, status as GrpcCode } from '@grpc/grpc-js';
import { GrpcMetrics } from '../../observability/src';
import { boundStatusDetails } from './grpc-status';

/** "/tensorcast.global_store.v1.ClusterRuntimeService/RegisterWorker" → "ClusterRuntimeService/RegisterWorker" */
export function methodLabel(path: string): string {
  const [, service = '', method = ''] = path.split('/');
  return `${service.slice(service.lastIndexOf('.') + 1)}/${method}`;
}

/**
 * Counts and times every call at the transport, so health, reflection and UNIMPLEMENTED
 * calls are measured too. It is also the last guard against UNKNOWN reaching a client and
 * against unbounded status details.
 */
export function callMetricsInterceptor(metrics: GrpcMetrics): ServerInterceptor {
  return (descriptor, call) => {
    const method = methodLabel(descriptor.path);
    const started = performance.now();
    return new ServerInterceptingCall(call, {
      sendStatus: (status, next) => {
        const unknown = status.code === GrpcCode.UNKNOWN;
        const final = {
          ...status,
          code: unknown ? GrpcCode.INTERNAL : status.code,
          details: boundStatusDetails(
            unknown ? `internal error: ${status.details ?? ''}` : (status.details ?? ''),
          ),
        };
        metrics.handled.inc({ method, code: GrpcCode[final.code] ?? String(final.code) });
        metrics.handlingSeconds.observe({ method }, (performance.now() - started) / 1000);
        next(final);
      },
    });
  };
}
