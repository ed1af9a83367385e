import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { insertClusterId } from './server-meta-records';
import { StoredServerMeta } from './stored-server-meta';
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

  get cachedClusterId(): string {
    return this.clusterId ?? '';
  }
}
