/**
 * The one unit-test harness: the real Nest modules under test, built by Nest's testing
 * module the way the server builds them (their providers, lifecycle hooks and the one write
 * queue), on a real SQLite database (in memory, or a file for restart tests) with a
 * ManualClock and a metrics registry of its own. Only the clock is fake. Test-only: the
 * production build leaves libs/testing out.
 */
import { Logger, type DynamicModule, type Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ClockModule, ManualClock } from '../../common/src';
import { ConfigModule, GlobalStoreConfig, defaultConfig } from '../../config/src';
import { METRICS_REGISTRY, ObservabilityModule } from '../../observability/src';
import { PersistenceModule, WriteQueue } from '../../persistence/src';
import type { RegisterWorkerInput } from '../../workers/src';

export interface ModuleHarnessOptions {
  /** The feature modules under test (their own imports come with them). */
  imports: readonly (Type | DynamicModule)[];
  /** Changes to the defaults; database.db_file null (the default) = in memory. */
  config?: (defaults: GlobalStoreConfig) => GlobalStoreConfig;
  clock?: ManualClock;
  /** Test output is for failures: per-request log lines are off unless this is true. */
  logs?: boolean;
}

export interface ModuleHarness {
  readonly module: TestingModule;
  readonly clock: ManualClock;
  readonly config: GlobalStoreConfig;
  readonly dataSource: DataSource;
  readonly writes: WriteQueue;
  readonly registry: Registry;
  /** Any provider of the modules under test, exported or not. */
  get<T>(type: Type<T>): T;
  /** Nest's shutdown: every module's destroy and shutdown hooks, then the database closes. */
  close(): Promise<void>;
}

export async function openModuleHarness(options: ModuleHarnessOptions): Promise<ModuleHarness> {
  const clock = options.clock ?? new ManualClock();
  const defaults = defaultConfig();
  const config = options.config ? options.config(defaults) : defaults;
  const registry = new Registry();
  if (!options.logs) Logger.overrideLogger(false);
  const module = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot({ config, warnings: [], source: '' }),
      ClockModule.forRoot(clock),
      ObservabilityModule,
      PersistenceModule.forRoot(),
      ...options.imports,
    ],
  })
    .overrideProvider(METRICS_REGISTRY)
    .useValue(registry)
    .compile();
  await module.init();
  const get = <T>(type: Type<T>): T => module.get(type, { strict: false });
  return {
    module,
    clock,
    config,
    dataSource: module.get<DataSource>(getDataSourceToken()),
    writes: get(WriteQueue),
    registry,
    get,
    close: () => module.close(),
  };
}

/** defaultConfig() with loopback workers allowed and the given worker/database settings. */
export function testConfig(
  defaults: GlobalStoreConfig,
  changes: {
    dbFile?: string | null;
    synchronous?: GlobalStoreConfig['database']['synchronous'];
    maxGroupSize?: number;
    heartbeatTimeoutMs?: number;
    allowLoopback?: boolean;
  } = {},
): GlobalStoreConfig {
  return {
    ...defaults,
    database: {
      ...defaults.database,
      db_file: changes.dbFile ?? null,
      synchronous: changes.synchronous ?? defaults.database.synchronous,
      group_commit: true,
      max_group_size: changes.maxGroupSize ?? 64,
    },
    worker_policy: {
      ...defaults.worker_policy,
      allow_loopback_addresses: changes.allowLoopback ?? true,
      heartbeat_timeout: changes.heartbeatTimeoutMs ?? defaults.worker_policy.heartbeat_timeout,
    },
  };
}

/** A RegisterWorker input for test worker number `n`: its own node, ports and daemon. */
export function workerRegistration(
  n: number,
  overrides: Partial<RegisterWorkerInput> = {},
): RegisterWorkerInput {
  return {
    nodeId: `node-${n}`,
    nodeAddress: '127.0.0.1',
    grpcPort: 20000 + n,
    p2pPort: 30000 + n,
    memPoolTotalSize: 1 << 30,
    memPoolAvailableSize: 1 << 29,
    isRecoveryRegistration: false,
    previousWorkerId: '',
    daemonId: `daemon-${process.pid}-${n}`,
    capabilityFlags: 0,
    ...overrides,
  };
}
