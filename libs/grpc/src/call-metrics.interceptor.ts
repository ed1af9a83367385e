import { ServerInterceptingCall, ServerInterceptor, status as GrpcCode } from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
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
/** Codes that mean "the request itself was refused": a daemon bug, not a server fault. */
const REJECTIONS: ReadonlySet<GrpcCode> = new Set([
  GrpcCode.INVALID_ARGUMENT,
  GrpcCode.FAILED_PRECONDITION,
  GrpcCode.PERMISSION_DENIED,
  GrpcCode.OUT_OF_RANGE,
]);

const logger = new Logger('GrpcCalls');

export function callMetricsInterceptor(metrics: GrpcMetrics): ServerInterceptor {
  // The label of each path, made once: the set of paths is the set of served methods.
  const labels = new Map<string, string>();
  return (descriptor, call) => {
    let method = labels.get(descriptor.path);
    if (method === undefined) labels.set(descriptor.path, (method = methodLabel(descriptor.path)));
    const started = performance.now();
    metrics.inFlight.inc();
    let answered = false;
    const done = () => {
      if (!answered) metrics.inFlight.dec();
      answered = true;
    };
    return new ServerInterceptingCall(call, {
      // A cancelled call may never send a status: it leaves the in-flight count here.
      start: (next) => next({ onCancel: done }),
      sendStatus: (status, next) => {
        done();
        const unknown = status.code === GrpcCode.UNKNOWN;
        const final = {
          ...status,
          code: unknown ? GrpcCode.INTERNAL : status.code,
          details: boundStatusDetails(
            unknown ? `internal error: ${status.details ?? ''}` : (status.details ?? ''),
          ),
        };
        const code = GrpcCode[final.code] ?? String(final.code);
        metrics.handled.inc({ method, code });
        if (REJECTIONS.has(final.code)) {
          metrics.rejected.inc({ method, code });
          // DEBUG: a misbehaving daemon must not flood the log at the default level.
          logger.debug(`rejected ${method} from ${call.getPeer()}: ${code} ${final.details}`);
        }
        metrics.handlingSeconds.observe({ method }, (performance.now() - started) / 1000);
        next(final);
      },
    });
  };
}
