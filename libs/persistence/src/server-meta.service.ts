import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ServerMetaEntity } from './server-meta.entity';
import { WriteQueue } from './write-queue';

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
    const existing = await this.dataSource.manager.findOneBy(ServerMetaEntity, {
      key: 'cluster_id',
    });
    if (existing) {
      this.clusterId = existing.value;
      return existing.value;
    }
    const created = `cluster-${randomUUID()}`;
    await this.writes.run((tx) =>
      tx.manager.insert(ServerMetaEntity, { key: 'cluster_id', value: created }),
    );
    this.clusterId = created;
    return created;
  }

  get cachedClusterId(): string {
    return this.clusterId ?? '';
  }
}
