import { Inject, Injectable } from '@nestjs/common';
import { resolve } from 'node:path';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../../../libs/config/src';
import { VERSION } from '../../../../libs/observability/src';
import { ServerMetaService } from '../../../../libs/persistence/src';
import { RuntimeInfo } from './runtime-info';

export interface ServerInfo {
  advertiseHost: string;
  advertisePort: number;
  listenHost: string;
  listenPort: number;
  metricsPort: number;
  version: string;
  dbFile: string;
  clusterId: string;
}

@Injectable()
export class AdminService {
  constructor(
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    private readonly runtime: RuntimeInfo,
    private readonly meta: ServerMetaService,
  ) {}

  get clusterToken(): string {
    return this.config.meta.cluster_token;
  }

  async serverInfo(): Promise<ServerInfo> {
    const advertise = this.config.server.advertise;
    return {
      // Without an explicit advertise address, daemons are told where we listen.
      advertiseHost: advertise.host || this.runtime.grpcHost,
      advertisePort: advertise.port || this.runtime.grpcPort,
      listenHost: this.runtime.grpcHost,
      listenPort: this.runtime.grpcPort,
      metricsPort: this.runtime.metricsPort,
      version: VERSION,
      dbFile: this.config.database.db_file === null ? '' : resolve(this.config.database.db_file),
      clusterId: await this.meta.loadClusterId(),
    };
  }
}
