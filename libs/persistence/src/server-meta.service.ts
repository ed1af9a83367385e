import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { insertClusterId, writeServerFact, writeServerFactWith } from './server-meta-records';
import {
  REPLICA_AVAILABILITY_UNSETTLED,
  REPLICA_IMAGE,
  StoredServerMeta,
} from './stored-server-meta';
import { WriteQueue, WriteTransaction } from './write-queue';

/** Facts about the server itself; cluster_id is created once and then never changes. */
@Injectable()
export class ServerMetaService {
  private clusterId: string | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: WriteQueue,
  ) {}

  async loadClusterId(): Promise<string> {
    if (this.clusterId !== undefined) return this.clusterId;
    const existing = await new StoredServerMeta(this.dataSource.manager).clusterId();
    if (existing !== '') {
      this.clusterId = existing;
      return existing;
    }
    const created = `cluster-${randomUUID()}`;
    await this.writes.run((tx) => insertClusterId(tx, created));
    this.clusterId = created;
    return created;
  }

  /**
   * Recovery, before SERVING: the replica rows may say "available" for replicas not yet
   * re-confirmed (see REPLICA_AVAILABILITY_UNSETTLED) until the replicas' owner settles them.
   */
  markReplicaAvailabilityUnsettled(tx: WriteTransaction): Promise<void> {
    return writeServerFact(tx, REPLICA_AVAILABILITY_UNSETTLED, 'since the last start');
  }

  /** In the transaction after which every recovered replica row is settled. */
  markReplicaAvailabilitySettled(tx: WriteTransaction): Promise<void> {
    return writeServerFact(tx, REPLICA_AVAILABILITY_UNSETTLED, undefined);
  }

  /**
   * At a clean shutdown, once the write queue is closed and the restart image is on disk:
   * the rows match that image (see REPLICA_IMAGE). One transaction of its own.
   */
  recordReplicaImage(manager: EntityManager, imageId: string): Promise<void> {
    return manager.transaction((m) => writeServerFactWith(m, REPLICA_IMAGE, imageId));
  }

  get cachedClusterId(): string {
    return this.clusterId ?? '';
  }
}
