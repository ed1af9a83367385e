import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In } from 'typeorm';
import { WriteTransaction } from '../../persistence/src';
import { MemoryTierLeaseEntity } from './memory-tier-lease.entity';
import { MemoryTierStatusEntity } from './memory-tier-status.entity';
import { padNanos } from './nanos';

/** Rows per statement: keeps every statement far below SQLite's bound-parameter limit. */
const CHUNK = 200;

const STATUS_COLUMNS = [
  'worker_id',
  'stable_total_bytes',
  'stable_used_bytes',
  'preemptible_total_bytes',
  'preemptible_marked_bytes',
  'faults_per_sec',
  'rehydrate_p99_ns',
  'enable_preemptible',
  'config_json',
  'received_at',
];

export interface EpochRow {
  nodeId: string;
  epochNs: bigint;
}

/**
 * The SQL of the memory_tier_* tables, which this module alone owns. Writes run inside the
 * caller's write-queue transaction, set-based; reads happen only at recovery.
 */
@Injectable()
export class MemoryTierStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async saveLease(tx: WriteTransaction, lease: MemoryTierLeaseEntity): Promise<void> {
    await tx.manager.save(MemoryTierLeaseEntity, lease);
  }

  async deleteLeases(tx: WriteTransaction, leaseIds: readonly string[]): Promise<void> {
    for (let i = 0; i < leaseIds.length; i += CHUNK) {
      await tx.manager.delete(MemoryTierLeaseEntity, { leaseId: In(leaseIds.slice(i, i + CHUNK)) });
    }
  }

  /**
   * Inserts snapshots, replacing any with the same (node_id, epoch_ns): one multi-row
   * statement per chunk. Plain SQL with the driver's own placeholders rather than the query
   * builder, which spent more CPU building the statement than SQLite spent running it (this
   * runs every second with a row per publishing worker). ON CONFLICT … DO UPDATE is the same
   * on SQLite and PostgreSQL.
   */
  async upsertStatuses(
    tx: WriteTransaction,
    rows: readonly MemoryTierStatusEntity[],
  ): Promise<void> {
    const driver = tx.manager.connection.driver;
    const update = STATUS_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ');
    for (let i = 0; i < rows.length; i += CHUNK) {
      const values: unknown[] = [];
      const tuples = rows.slice(i, i + CHUNK).map((row) => {
        const first = values.length;
        values.push(
          row.nodeId,
          padNanos(row.epochNs),
          row.workerId,
          row.stableTotalBytes,
          row.stableUsedBytes,
          row.preemptibleTotalBytes,
          row.preemptibleMarkedBytes,
          row.faultsPerSec,
          row.rehydrateP99Ns,
          row.enablePreemptible,
          row.configJson,
          row.receivedAt,
        );
        const slots = Array.from({ length: values.length - first }, (_, k) =>
          driver.createParameter(`p${first + k}`, first + k),
        );
        return `(${slots.join(', ')})`;
      });
      await tx.manager.query(
        `INSERT INTO memory_tier_statuses (node_id, epoch_ns, ${STATUS_COLUMNS.join(', ')}) ` +
          `VALUES ${tuples.join(', ')} ON CONFLICT (node_id, epoch_ns) DO UPDATE SET ${update}`,
        values,
      );
    }
  }

  /** Per node, deletes the snapshots older than its cutoff (one statement per chunk of nodes). */
  async pruneStatuses(tx: WriteTransaction, cutoffs: ReadonlyMap<string, bigint>): Promise<void> {
    const entries = [...cutoffs];
    for (let i = 0; i < entries.length; i += CHUNK) {
      const chunk = entries.slice(i, i + CHUNK);
      await tx.manager
        .createQueryBuilder()
        .delete()
        .from(MemoryTierStatusEntity)
        .where(
          new Brackets((where) => {
            chunk.forEach(([nodeId, cutoff], j) =>
              where.orWhere(`(node_id = :n${j} AND epoch_ns < :c${j})`, {
                [`n${j}`]: nodeId,
                [`c${j}`]: padNanos(cutoff),
              }),
            );
          }),
        )
        .execute();
    }
  }

  async deleteStatusesOfNodes(tx: WriteTransaction, nodeIds: readonly string[]): Promise<void> {
    for (let i = 0; i < nodeIds.length; i += CHUNK) {
      await tx.manager.delete(MemoryTierStatusEntity, { nodeId: In(nodeIds.slice(i, i + CHUNK)) });
    }
  }

  loadLeases(): Promise<MemoryTierLeaseEntity[]> {
    return this.dataSource.manager.find(MemoryTierLeaseEntity);
  }

  /** The newest snapshot of every node. */
  loadLatestStatuses(): Promise<MemoryTierStatusEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(MemoryTierStatusEntity, 's')
      .innerJoin(
        (sub) =>
          sub
            .select('m.node_id', 'node_id')
            .addSelect('MAX(m.epoch_ns)', 'epoch_ns')
            .from(MemoryTierStatusEntity, 'm')
            .groupBy('m.node_id'),
        'newest',
        'newest.node_id = s.node_id AND newest.epoch_ns = s.epoch_ns',
      )
      .getMany();
  }

  /** Every snapshot key, oldest first per node: rebuilds the per-node windows. */
  async loadStatusEpochs(): Promise<EpochRow[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(MemoryTierStatusEntity, 's')
      .select(['s.nodeId', 's.epochNs'])
      .orderBy('s.node_id')
      .addOrderBy('s.epoch_ns')
      .getMany();
    return rows.map(({ nodeId, epochNs }) => ({ nodeId, epochNs }));
  }
}
