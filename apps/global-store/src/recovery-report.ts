import { INestApplication, Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  PersistenceMetrics,
  RECOVERED_TABLES,
  tableRowCounts,
} from '../../../libs/persistence/src';

/**
 * Publishes what startup recovery restored and how long it took (tc_recovery_seconds,
 * tc_recovered_rows{table}) and logs the same, so an operator can tell a restart that
 * restored the registry from one that started empty.
 */
export async function reportRecovery(
  app: INestApplication,
  logger: Logger,
  startedAt: number,
): Promise<void> {
  const seconds = (performance.now() - startedAt) / 1000;
  const rows = await tableRowCounts(app.get<DataSource>(getDataSourceToken()), RECOVERED_TABLES);
  app.get(PersistenceMetrics).recordRecovery(seconds, rows);
  const listed = Object.entries(rows)
    .map(([table, count]) => `${table}=${count}`)
    .join(' ');
  logger.log(`recovery took ${(seconds * 1000).toFixed(1)} ms; rows restored: ${listed}`);
}
