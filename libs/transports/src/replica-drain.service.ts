import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReplicaStore } from '../../artifacts/src';
import { parseUuid } from './transport-rules';
import { TransportsMetrics } from './transports.metrics';
import { TransportLedger } from './transport-ledger';

export interface DrainInput {
  replicaId: string;
  timeoutMs: number;
  /** The call's deadline (epoch ms), if it has one: never wait past it. */
  deadlineMs?: number;
}

export type DrainResult =
  | { found: false }
  | { found: true; drained: boolean; currentRequests: number; oldestTransportAgeMs?: number };

/**
 * WaitReplicaDrain: a replica is drained when no transport holds a slot on it. The wait
 * wakes on the commits that release a slot or delete the replica, never by polling.
 */
@Injectable()
export class ReplicaDrainService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly replicas: ReplicaStore,
    private readonly ledger: TransportLedger,
    private readonly metrics: TransportsMetrics,
  ) {}

  async waitForDrain(input: DrainInput): Promise<DrainResult> {
    const replicaId = parseUuid('replica_id', input.replicaId);
    const replica = this.replicas.committedById(replicaId);
    if (!replica) return this.count({ found: false });
    const look = (): DrainResult => {
      const current = this.ledger.inFlightOf(replicaId);
      return {
        found: true,
        drained: current === 0,
        currentRequests: current,
        oldestTransportAgeMs: this.ledger.oldestInFlightAgeMs(replicaId),
      };
    };
    const first = look();
    const budget = Math.min(
      input.timeoutMs,
      input.deadlineMs === undefined ? Infinity : input.deadlineMs - Date.now(),
    );
    if (input.timeoutMs === 0 || budget <= 0 || (first.found && first.drained)) {
      return this.count(first);
    }
    const result = await new Promise<DrainResult>((resolve) => {
      const done = (result: DrainResult) => {
        clearTimeout(timer);
        stopSlots();
        stopDeleted();
        resolve(result);
      };
      const timer = setTimeout(() => done(look()), budget);
      const stopSlots = this.ledger.onSlotChange((changed) => {
        if (changed !== replicaId) return;
        const now = look();
        if (now.found && now.drained) done(now);
      });
      const stopDeleted = this.ledger.onReplicaDeleted((deleted) => {
        if (deleted === replicaId) done({ found: false });
      });
    });
    return this.count(result);
  }

  private count(result: DrainResult): DrainResult {
    const label = !result.found ? 'not_found' : result.drained ? 'drained' : 'timed_out';
    this.metrics.drains.inc({ result: label });
    return result;
  }
}
