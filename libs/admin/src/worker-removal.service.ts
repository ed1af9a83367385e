import { Inject, Injectable, Logger } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { DomainError, optionalString, requireNonEmpty } from '../../common/src';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import { ReplicaStore } from '../../artifacts/src';
import { counter } from '../../observability/src';
import { WriteQueue } from '../../persistence/src';
import { RegistrationsService } from '../../registrations/src';
import { WorkersService } from '../../workers/src';
import { ServerVitals } from './server-vitals.service';
import { WorkerRemoval, WorkerRemovalRequest, WorkerState } from './admin.types';
import { workerStateOf } from './worker-view';

const removals = counter({
  name: 'tc_admin_worker_removals_total',
  help: 'Workers removed by an operator (RemoveWorker), by the state they were in.',
  labelNames: ['previous_state'] as const,
});

/**
 * Force-leave: an operator removes a worker (normally a dead one) for good. Its replicas are
 * deleted and its open registrations revoked, as a daemon's own unregister would end them,
 * and then the worker row itself goes, so listings stop showing it. The only mutating admin
 * call: it needs the config's cluster_token and every attempt is logged with who asked.
 */
@Injectable()
export class WorkerRemovalService {
  private readonly logger = new Logger('Admin');

  constructor(
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    private readonly writes: WriteQueue,
    private readonly workers: WorkersService,
    private readonly replicas: ReplicaStore,
    private readonly registrations: RegistrationsService,
    private readonly vitals: ServerVitals,
  ) {}

  async removeWorker(
    request: WorkerRemovalRequest & { clusterToken: string },
  ): Promise<WorkerRemoval> {
    const who = request.requestedBy || 'unknown peer';
    this.requireToken(request.clusterToken, who, request.workerId);
    const workerId = requireNonEmpty('worker_id', request.workerId);
    const reason = optionalString('reason', request.reason);
    if (reason === '') {
      throw new DomainError(
        'INVALID_ARGUMENT',
        'reason: is required (it is recorded with the removal)',
        'reason',
      );
    }
    const { previousState, removedReplicas } = await this.writes.run(async (tx) => {
      const worker = this.workers.getWorker(workerId);
      if (!worker) {
        throw new DomainError('WORKER_NOT_FOUND', `worker_id: no worker ${workerId}`, 'worker_id');
      }
      const view = this.workers.listAllWorkers().find((v) => v.worker.workerId === workerId);
      const state: WorkerState = workerStateOf(
        worker,
        view?.connection ?? 'DISCONNECTED',
        this.vitals.now(),
        this.vitals.heartbeatTimeoutMs,
      );
      if (!request.allowActive && state !== 'INACTIVE' && state !== 'TIMED_OUT') {
        throw new DomainError(
          'PRECONDITION_FAILED',
          `worker_id: worker ${workerId} is ${state} (still heartbeating); set allow_active ` +
            '(--force) to remove it anyway',
          'worker_id',
        );
      }
      const held = this.replicas.replicasOfWorker(tx, workerId);
      for (const replica of held) await this.replicas.deleteReplica(tx, replica);
      await this.workers.removeInTransaction(tx, workerId);
      return { previousState: state, removedReplicas: held.length };
    });
    // After the commit: the worker is gone from memory, so no new Begin can name it.
    const revokedRegistrations = await this.registrations.revoke(
      { workerId },
      `worker removed by an operator: ${reason}`,
    );
    removals.inc({ previous_state: previousState });
    this.logger.warn(
      `worker ${workerId} removed by ${who} (was ${previousState}; ${removedReplicas} replica(s) ` +
        `deleted, ${revokedRegistrations} registration(s) revoked): ${reason}`,
    );
    return { workerId, previousState, removedReplicas, revokedRegistrations, reason };
  }

  private requireToken(given: string, who: string, workerId: string): void {
    const expected = this.config.meta.cluster_token;
    const refuse = (why: string): never => {
      this.logger.warn(`RemoveWorker ${workerId || '(none)'} from ${who} refused: ${why}`);
      throw new DomainError('CLUSTER_TOKEN_REJECTED', `cluster_token: ${why}`, 'cluster_token');
    };
    if (expected === '') {
      refuse('the server has no meta.cluster_token configured, so removals are disabled');
    }
    const a = Buffer.from(given ?? '', 'utf8');
    const b = Buffer.from(expected, 'utf8');
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      refuse("does not match the server's meta.cluster_token");
    }
  }
}
