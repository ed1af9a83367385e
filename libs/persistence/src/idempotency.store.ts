import { Inject, Injectable, Optional } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { LessThan } from 'typeorm';
import {
  CLOCK,
  Clock,
  DomainError,
  InvalidArgumentError,
  quoteClientValue,
  systemClock,
} from '../../common/src';
import { counter } from '../../observability/src';
import { IdempotencyRecordEntity } from './idempotency-record.entity';
import { WriteTransaction } from './write-queue';

const MAX_CLIENT_REQUEST_ID_LENGTH = 255;

/** How long a client_request_id is remembered (compat: 24 h). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** A stable digest of a request, ignoring key order and the client_request_id itself. */
export function requestFingerprint(request: object): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString('base64'));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key, v]) => key !== 'client_request_id' && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Exactly-once answers for retried mutations. The record is written in the same
 * transaction as the work, so a retry after a crash either finds both or neither.
 */
@Injectable()
export class IdempotencyStore {
  private readonly replays = counter({
    name: 'tc_control_plane_idempotency_replay_total',
    help: 'Requests carrying a known client_request_id: replayed answers and rejected reuses.',
    labelNames: ['operation_kind', 'result'] as const,
  });

  constructor(@Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock) {}

  /**
   * Runs work once per (operation, client_request_id). Without an id it just runs.
   * The same id with the same request replays the first answer; with another request it
   * is refused (FAILED_PRECONDITION).
   */
  async execute<T extends object>(
    tx: WriteTransaction,
    operationKind: string,
    clientRequestId: string | undefined,
    fingerprint: string,
    work: () => Promise<T>,
  ): Promise<T> {
    const id = (clientRequestId ?? '').trim();
    if (id === '') return work();
    // The column is varchar(255): a longer id would fail on PostgreSQL and be stored whole on
    // SQLite, so it is refused before it reaches either.
    if (id.length > MAX_CLIENT_REQUEST_ID_LENGTH) {
      throw new InvalidArgumentError(
        'client_request_id',
        `is longer than ${MAX_CLIENT_REQUEST_ID_LENGTH} characters`,
      );
    }
    const existing = await tx.manager.findOneBy(IdempotencyRecordEntity, {
      operationKind,
      clientRequestId: id,
    });
    if (existing && existing.createdAt > this.clock.now() - IDEMPOTENCY_RETENTION_MS) {
      if (existing.requestFingerprint !== fingerprint) {
        this.replays.inc({ operation_kind: operationKind, result: 'mismatch' });
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          `client_request_id: ${quoteClientValue(id)} was already used for a different ${operationKind} request`,
          'client_request_id',
        );
      }
      this.replays.inc({ operation_kind: operationKind, result: 'replayed' });
      return JSON.parse(existing.responseJson) as T;
    }
    const response = await work();
    await tx.manager.save(IdempotencyRecordEntity, {
      operationKind,
      clientRequestId: id,
      requestFingerprint: fingerprint,
      responseJson: JSON.stringify(response),
      createdAt: this.clock.now(),
    });
    return response;
  }

  async purgeExpired(tx: WriteTransaction): Promise<number> {
    const result = await tx.manager.delete(IdempotencyRecordEntity, {
      createdAt: LessThan(this.clock.now() - IDEMPOTENCY_RETENTION_MS),
    });
    return result.affected ?? 0;
  }
}
