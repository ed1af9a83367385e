import * as grpc from '@grpc/grpc-js';
import * as admin from '../../../../libs/admin/src/offline';
import {
  ADMIN_GRPC_PACKAGE,
  LEADER_ADDRESS_TRAILER,
  NOT_LEADER_TRAILER,
  loadPackageDefinition,
} from '../../../../libs/grpc/src/offline';
import type { wire } from '../../../../libs/grpc/src';
import { AdminConnection } from './connection';

type Unary = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => grpc.ClientUnaryCall;

/** A gRPC failure, worded for an operator: what failed, where, and the server's reason. */
export class AdminCallError extends Error {
  constructor(
    message: string,
    readonly code: grpc.status,
  ) {
    super(message);
    this.name = 'AdminCallError';
  }
}

/** How long one admin call may take before the command gives up (unreachable server). */
const CALL_TIMEOUT_MS = 10_000;

/** AdminQueries over tcgs.admin.v1.GlobalStoreAdmin: what the `tensorcast` commands use. */
export class RemoteAdminQueries implements admin.AdminQueries {
  private readonly client: grpc.Client & Record<string, Unary>;

  constructor(private readonly connection: AdminConnection) {
    const loaded = grpc.loadPackageDefinition(loadPackageDefinition()) as unknown as Record<
      string,
      unknown
    >;
    const pkg = ADMIN_GRPC_PACKAGE.split('.').reduce<Record<string, unknown>>(
      (node, part) => node[part] as Record<string, unknown>,
      loaded,
    );
    const Client = pkg.GlobalStoreAdmin as grpc.ServiceClientConstructor;
    this.client = new Client(
      connection.address,
      connection.credentials,
      connection.channelOptions,
    ) as unknown as grpc.Client & Record<string, Unary>;
  }

  close(): void {
    this.client.close();
  }

  async status(): Promise<admin.ClusterStatus> {
    const answer = await this.call<wire.GetClusterStatusResponse__Output>('GetClusterStatus', {});
    if (!answer.status) throw new Error('GetClusterStatus answered without a status');
    return admin.statusFromWire(answer.status);
  }

  async listWorkers(
    filter: admin.WorkerFilter = {},
    page: admin.PageRequest = {},
  ): Promise<admin.Page<admin.WorkerSummary>> {
    const answer = await this.call<wire.ListWorkersResponse__Output>('ListWorkers', {
      state: filter.state ? admin.workerStateToWire(filter.state) : 'WORKER_STATE_UNSPECIFIED',
      node_id: filter.nodeId ?? '',
      page_size: page.pageSize ?? 0,
      page_token: page.pageToken ?? '',
    });
    return admin.pageFromWire(answer.workers, answer, admin.workerFromWire);
  }

  async getWorker(workerId: string): Promise<admin.WorkerDetail> {
    return admin.workerDetailFromWire(await this.call('GetWorker', { worker_id: workerId }));
  }

  async listReplicas(
    filter: admin.ReplicaFilter = {},
    page: admin.PageRequest = {},
  ): Promise<admin.Page<admin.ReplicaSummary>> {
    const answer = await this.call<wire.ListReplicasResponse__Output>('ListReplicas', {
      artifact_id: filter.artifactId ?? '',
      worker_id: filter.workerId ?? '',
      node_id: filter.nodeId ?? '',
      tier: filter.tier ? admin.tierToWire(filter.tier) : 'REPLICA_TIER_UNSPECIFIED',
      ...(filter.available === undefined ? {} : { available: filter.available }),
      page_size: page.pageSize ?? 0,
      page_token: page.pageToken ?? '',
    });
    return admin.pageFromWire(answer.replicas, answer, admin.replicaFromWire);
  }

  async listArtifacts(page: admin.PageRequest = {}): Promise<admin.Page<admin.ArtifactSummary>> {
    const answer = await this.call<wire.ListArtifactsResponse__Output>('ListArtifacts', {
      page_size: page.pageSize ?? 0,
      page_token: page.pageToken ?? '',
    });
    return admin.pageFromWire(answer.artifacts, answer, admin.artifactFromWire);
  }

  async getArtifact(artifactId: string): Promise<admin.ArtifactDetail> {
    return admin.artifactDetailFromWire(
      await this.call('GetArtifact', { artifact_id: artifactId }),
    );
  }

  async listRegistrations(
    filter: admin.RegistrationFilter = {},
  ): Promise<admin.RegistrationSummary[]> {
    const answer = await this.call<wire.ListOpenRegistrationsResponse__Output>(
      'ListOpenRegistrations',
      { worker_id: filter.workerId ?? '', daemon_id: filter.daemonId ?? '' },
    );
    return answer.registrations.map(admin.registrationFromWire);
  }

  async resolveMapping(key: string): Promise<admin.MappingResolution> {
    return admin.mappingFromWire(key, await this.call('ResolveMapping', { key }));
  }

  async removeWorker(request: {
    workerId: string;
    reason: string;
    clusterToken: string;
    allowActive: boolean;
  }): Promise<admin.WorkerRemoval> {
    return admin.removalFromWire(
      await this.call('RemoveWorker', {
        worker_id: request.workerId,
        reason: request.reason,
        cluster_token: request.clusterToken,
        allow_active: request.allowActive,
      }),
    );
  }

  private call<T>(method: string, request: object): Promise<T> {
    return new Promise<T>((resolveCall, reject) => {
      this.client[method](
        request,
        new grpc.Metadata(),
        { deadline: Date.now() + CALL_TIMEOUT_MS },
        (error, response) => {
          if (!error) return resolveCall(response as T);
          reject(this.describe(method, error));
        },
      );
    });
  }

  private describe(method: string, error: grpc.ServiceError): AdminCallError {
    const where = this.connection.address;
    if (error.metadata?.get(NOT_LEADER_TRAILER).length) {
      // It answered: a standby (high availability) refuses every call, naming the leader.
      const leader = String(error.metadata.get(LEADER_ADDRESS_TRAILER)[0] ?? '');
      return new AdminCallError(
        `the Global Store at ${where} is not the leader, so it has no cluster state to ` +
          `answer ${method} from: ${error.details}. ` +
          (leader
            ? `Run the command against the leader: --endpoint=${leader}`
            : 'Run the command against the leader once one is elected.'),
        error.code,
      );
    }
    if (error.code === grpc.status.UNAVAILABLE || error.code === grpc.status.DEADLINE_EXCEEDED) {
      return new AdminCallError(
        `cannot reach the Global Store at ${where}${this.connection.tls ? ' (TLS)' : ''}: ` +
          `${(error.details || grpc.status[error.code]).replace(/\s*Resolution note:\s*$/, '')}`,
        error.code,
      );
    }
    return new AdminCallError(
      `${method} failed: ${grpc.status[error.code]}: ${error.details}`,
      error.code,
    );
  }
}
