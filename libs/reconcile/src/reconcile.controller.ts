import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { parseUint64 } from '../../common/src';
import type { wire } from '../../grpc/src';
import { ReconcileService } from './reconcile.service';
import { encodeReconcileResponse } from './reconcile.encoding';

@Controller()
export class ReconcileController {
  constructor(private readonly reconcile: ReconcileService) {}

  @GrpcMethod('ClusterRuntimeService', 'ReconcileWorkerState')
  async reconcileWorkerState(request: wire.ReconcileWorkerStateRequest__Output): Promise<Buffer> {
    const outcome = await this.reconcile.reconcileWorkerState({
      workerId: request.worker_id,
      daemonId: request.daemon_id,
      generation: parseUint64('generation', request.generation),
      requestSeq: parseUint64('request_seq', request.request_seq),
      requestKind: request.request_kind,
      inventory: request.inventory,
    });
    // The encoded ReconcileWorkerStateResponse (proto-files.ts sends a Buffer answer as is).
    return encodeReconcileResponse(outcome);
  }
}
