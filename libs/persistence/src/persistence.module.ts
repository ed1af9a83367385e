import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GLOBAL_STORE_CONFIG, GlobalStoreConfig, readDatabasePassword } from '../../config/src';
import { CommittedReads } from './committed-reads';
import { DatabaseHealthProbe } from './database-health.probe';
import { DatabaseIntegrityCheck } from './database-integrity.service';
import { DatabaseMaintenance } from './database-maintenance.service';
import { DatabaseSettings, dataSourceOptions, openDatabase } from './database';
import { IdempotencyRecordEntity } from './idempotency-record.entity';
import { IdempotencyStore } from './idempotency.store';
import { PersistenceMetrics } from './persistence.metrics';
import { ServerMetaEntity } from './server-meta.entity';
import { ServerMetaService } from './server-meta.service';
import { WriteQueue } from './write-queue';
import { WriteQueueMetrics } from './write-queue.metrics';

const SETTINGS_KEY = 'tensorcastDatabaseSettings';

export function databaseSettings(config: GlobalStoreConfig): DatabaseSettings {
  const { database } = config;
  if (database.driver === 'sqlite') {
    return { dbFile: database.db_file, synchronous: database.synchronous };
  }
  const { postgres } = database;
  return {
    driver: 'postgres',
    url: postgres.url,
    password: readDatabasePassword(config),
    poolSize: postgres.pool_size,
    connectTimeoutMs: postgres.connect_timeout,
    statementTimeoutMs: postgres.statement_timeout,
    tls: postgres.tls.enabled
      ? { caFile: postgres.tls.ca_file, verify: postgres.tls.verify }
      : null,
  };
}

/**
 * Closes the write queue at shutdown. Nest may run TypeORM's own shutdown hook (which
 * destroys the data source) first, so the queue also closes from inside that: see
 * closeQueueBeforeDataSource.
 */
class WriteQueueShutdown implements OnApplicationShutdown {
  constructor(@Inject(WriteQueue) private readonly queue: WriteQueue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}

/**
 * The data source is destroyed only once the queue is closed: its last groups committed and
 * its work at close (the restart image) done on the still open connection, whichever
 * module's shutdown hook Nest happens to run first.
 */
function closeQueueBeforeDataSource(dataSource: DataSource, queue: WriteQueue): WriteQueue {
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    await queue.close();
    await destroy();
  };
  return queue;
}

@Global()
@Module({})
export class PersistenceModule {
  static forRoot(): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [GLOBAL_STORE_CONFIG],
          useFactory: (config: GlobalStoreConfig) => ({
            ...dataSourceOptions(databaseSettings(config)),
            autoLoadEntities: true,
            // A database that cannot be opened will not get better by waiting: fail startup now.
            retryAttempts: 0,
            // Without this @nestjs/typeorm still logs "Retrying (1)..." with a stack trace.
            toRetry: () => false,
            // Carried through @nestjs/typeorm to dataSourceFactory, which receives only options.
            [SETTINGS_KEY]: databaseSettings(config),
          }),
          dataSourceFactory: async (options) => {
            const settings = (options as { [SETTINGS_KEY]?: DatabaseSettings } | undefined)?.[
              SETTINGS_KEY
            ];
            if (!options || !settings) throw new Error('database settings missing');
            return openDatabase(settings, options);
          },
        }),
        TypeOrmModule.forFeature([ServerMetaEntity, IdempotencyRecordEntity]),
      ],
      providers: [
        {
          provide: WriteQueue,
          inject: [getDataSourceToken(), GLOBAL_STORE_CONFIG],
          useFactory: (dataSource: DataSource, config: GlobalStoreConfig) =>
            closeQueueBeforeDataSource(
              dataSource,
              new WriteQueue(dataSource, {
                groupCommit: config.database.group_commit,
                maxGroupSize: config.database.max_group_size,
              }),
            ),
        },
        WriteQueueShutdown,
        CommittedReads,
        WriteQueueMetrics,
        ServerMetaService,
        IdempotencyStore,
        PersistenceMetrics,
        DatabaseMaintenance,
        DatabaseIntegrityCheck,
        DatabaseHealthProbe,
      ],
      exports: [
        DatabaseHealthProbe,
        WriteQueue,
        CommittedReads,
        ServerMetaService,
        IdempotencyStore,
        PersistenceMetrics,
        DatabaseMaintenance,
        DatabaseIntegrityCheck,
        TypeOrmModule,
      ],
    };
  }
}
