import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { wire } from '../../../../libs/grpc/src';
import { AdminService } from './admin.service';

const SERVICE = 'ClusterAdminService';

@Controller()
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @GrpcMethod(SERVICE, 'HealthCheck')
  healthCheck(): wire.HealthCheckResponse {
    return { status: 'STATUS_OK', cluster_token: this.admin.clusterToken };
  }

  @GrpcMethod(SERVICE, 'GetServerInfo')
  async getServerInfo(): Promise<wire.GetServerInfoResponse> {
    const info = await this.admin.serverInfo();
    return {
      status: 'STATUS_OK',
      advertise_address: `${info.advertiseHost}:${info.advertisePort}`,
      advertise_host: info.advertiseHost,
      advertise_port: info.advertisePort,
      listen_address: `${info.listenHost}:${info.listenPort}`,
      listen_host: info.listenHost,
      listen_port: info.listenPort,
      metrics_port: info.metricsPort,
      version: info.version,
      db_file: info.dbFile,
      cluster_id: info.clusterId,
    };
  }
}
