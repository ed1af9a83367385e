import { Inject, Injectable, Optional } from '@nestjs/common';
import { resolve } from 'node:path';
import { CLOCK, Clock } from '../../common/src';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig } from '../../config/src';
import { LeadershipService } from '../../ha/src';
import { ServingState, VERSION } from '../../observability/src';
import { ServerMetaService, WriteQueue } from '../../persistence/src';
import { fileSize } from '../../persistence/src/offline';
import { AdminServingState, DatabaseStatus, LeadershipStatus } from './admin.types';

/** The running server's own vitals for the cluster status. */
@Injectable()
export class ServerVitals {
  constructor(
    @Inject(GLOBAL_STORE_CONFIG) private readonly config: GlobalStoreConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly serving: ServingState,
    private readonly meta: ServerMetaService,
    private readonly writes: WriteQueue,
    @Optional() private readonly election?: LeadershipService,
  ) {}

  get servingState(): AdminServingState {
    return this.serving.status;
  }

  get startedAt(): number {
    return this.serving.startedAt;
  }

  now(): number {
    return this.clock.now();
  }

  clusterId(): Promise<string> {
    return this.meta.loadClusterId();
  }

  get version(): string {
    return VERSION;
  }

  database(): DatabaseStatus {
    if (this.config.database.driver === 'postgres') {
      // Not '' (which reads as in-memory): the data is in PostgreSQL, whose files are not ours.
      const url = new URL(this.config.database.postgres.url);
      return {
        file: `postgres://${url.host}${url.pathname}`,
        bytes: 0,
        walBytes: 0,
        writeQueueDepth: this.writes.depth,
      };
    }
    const dbFile = this.config.database.db_file;
    const file = dbFile === null ? '' : resolve(dbFile);
    return {
      file,
      bytes: file === '' ? 0 : fileSize(file),
      walBytes: file === '' ? 0 : fileSize(`${file}-wal`),
      writeQueueDepth: this.writes.depth,
    };
  }

  leadership(): LeadershipStatus {
    const election = this.election;
    switch (election?.role) {
      case undefined:
      case 'STANDALONE':
        return { role: 'STANDALONE', leaderId: '', epoch: 0 };
      case 'LEADER':
        return { role: 'LEADER', leaderId: election.instanceId, epoch: election.currentEpoch };
      case 'STANDBY':
      case 'DEPOSED':
        return {
          role: 'STANDBY',
          leaderId: election.leader?.holder ?? '',
          epoch: election.leader?.epoch ?? 0,
        };
    }
  }

  get heartbeatTimeoutMs(): number {
    return this.config.worker_policy.heartbeat_timeout;
  }
}
