import { INestApplication, Logger } from '@nestjs/common';
import type { Server as HttpServer } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { RecoveredReplicaSettlement } from '../../../libs/artifacts/src';
import { ChunkDirectoryCleanup } from '../../../libs/chunk-directory/src';
import { Clock, systemClock } from '../../../libs/common/src';
import { LoadedConfig, verifyTlsFiles } from '../../../libs/config/src';
import {
  GlobalStoreGrpcServer,
  GrpcStatusFilter,
  callMetricsInterceptor,
  directUnaryHandlers,
  formatHost,
  leaderGateInterceptor,
  grpcChannelOptions,
  grpcServerCredentials,
  routeGrpcJsLogs,
  servedCertificates,
} from '../../../libs/grpc/src';
import { MemoryTierService, MemoryTierStatusesService } from '../../../libs/memory-tier/src';
import { LeadershipService } from '../../../libs/ha/src';
import {
  GlobalStoreLogger,
  GrpcMetrics,
  MemoryGovernor,
  ServingState,
  TlsMetrics,
} from '../../../libs/observability/src';
import { RegistrationExpiryService } from '../../../libs/registrations/src';
import {
  DatabaseHealthProbe,
  DatabaseIntegrityCheck,
  DatabaseMaintenance,
} from '../../../libs/persistence/src';
import { TransportSweeps } from '../../../libs/transports/src';
import { WorkersService } from '../../../libs/workers/src';
import { RuntimeInfo } from './admin/runtime-info';
import { AppModule } from './app.module';
import { recoverState } from './recovery';

function databaseLabel(config: LoadedConfig['config']): string {
  const { database } = config;
  if (database.driver === 'postgres') {
    const url = new URL(database.postgres.url);
    return `PostgreSQL ${url.host}${url.pathname}`;
  }
  return database.db_file ?? 'in-memory (nothing survives a restart)';
}

/** How long in-flight RPCs get to finish on shutdown before they are cut. */
export const DRAIN_TIMEOUT_MS = 10_000;

export interface RunningServer {
  app: INestApplication;
  grpcPort: number;
  metricsPort: number;
  shutdown(reason: string): Promise<void>;
  /**
   * High availability only: settles with the reason once this instance, having led, lost its
   * lease. It has stopped serving by then; the caller ends the process (docs/high-availability.md).
   */
  deposed?: Promise<string>;
}

/**
 * Starts the Global Store: database and recovery first, then gRPC and HTTP listeners, and
 * only then SERVING. Throws (with a message meant for operators) if any step fails.
 *
 * On PostgreSQL the instance joins the leader election instead: it listens at once as a
 * standby (NOT_SERVING, every RPC refused with the leader's name) and returns; recovery and
 * SERVING follow when it takes the lease.
 */
export async function startServer(
  loaded: LoadedConfig,
  logger: GlobalStoreLogger,
  clock: Clock = systemClock,
): Promise<RunningServer> {
  const { config } = loaded;
  const log = new Logger('GlobalStore');
  routeGrpcJsLogs(logger);
  verifyTlsFiles(loaded);
  // Built before the database opens so a bad certificate or key fails startup at once.
  const credentials = grpcServerCredentials(config);
  for (const warning of loaded.warnings) log.warn(warning);

  const app = await NestFactory.create(AppModule.forRoot(loaded, clock), {
    logger,
    abortOnError: false,
  });
  const serving = app.get(ServingState);
  const tlsMetrics = config.server.grpc.tls.enabled ? new TlsMetrics() : undefined;
  tlsMetrics?.watchCertificates(servedCertificates(config));
  const leadership = app.get(LeadershipService);
  const grpc = new GlobalStoreGrpcServer({
    host: config.server.listen.host,
    port: config.server.listen.port,
    credentials,
    channelOptions: grpcChannelOptions(config),
    // Every interceptor wraps each call once more: a standalone instance never refuses, so
    // it runs without the leader gate.
    interceptors: [
      callMetricsInterceptor(app.get(GrpcMetrics)),
      ...(leadership.active ? [leaderGateInterceptor(leadership)] : []),
    ],
    serving,
    directUnary: directUnaryHandlers(app),
    onTlsHandshakeFailure: tlsMetrics
      ? (reason, error) => {
          tlsMetrics.countHandshakeFailure(reason);
          const code = (error as NodeJS.ErrnoException).code ?? 'no code';
          log.debug(`refused a TLS handshake (${reason}, ${code}): ${error.message}`);
        }
      : undefined,
  });
  app.useGlobalFilters(new GrpcStatusFilter());
  app.connectMicroservice({ strategy: grpc }, { inheritAppConfig: true });

  await app.init();
  // Recovery is a burst (a page of rows at a time, most of it garbage once indexed): the
  // governor collects once it is done, and counts later growth from what that left.
  const memoryGovernor = new MemoryGovernor(config.server.memory);
  if (!leadership.active) {
    await recoverState(app, log);
    memoryGovernor.collectAfterRecovery();
  }
  await app.startAllMicroservices();
  await app
    .listen(config.server.metrics_port, config.server.metrics_host)
    .catch((error: unknown) => {
      // Express' bare "EADDRINUSE ... :::8001" does not say which config key to change.
      throw new Error(
        `server.metrics_port: cannot listen for /metrics and /health on ` +
          `${config.server.metrics_host}:${config.server.metrics_port}: ` +
          `${error instanceof Error ? error.message : String(error)}`,
      );
    });
  const httpServer = app.getHttpServer() as HttpServer;
  const address = httpServer.address() as { port: number } | null;
  const metricsPort = address?.port ?? config.server.metrics_port;

  memoryGovernor.start();

  const runtime = app.get(RuntimeInfo);
  Object.assign(runtime, {
    grpcHost: config.server.listen.host,
    grpcPort: grpc.boundPort,
    metricsHost: config.server.metrics_host,
    metricsPort,
  });
  const endpoints =
    `gRPC on ${formatHost(config.server.listen.host)}:${grpc.boundPort}` +
    `${config.server.grpc.tls.enabled ? ' (TLS)' : ''}, metrics and health on ` +
    `http://${formatHost(config.server.metrics_host)}:${metricsPort}`;
  const serve = () => {
    app.get(WorkersService).startBackgroundWork();
    app.get(RegistrationExpiryService).startBackgroundWork();
    app.get(MemoryTierService).startBackgroundWork();
    app.get(MemoryTierStatusesService).startBackgroundWork();
    app.get(ChunkDirectoryCleanup).startBackgroundWork();
    app.get(TransportSweeps).startBackgroundWork();
    app.get(DatabaseMaintenance).start();
    serving.set('SERVING');
    app.get(RecoveredReplicaSettlement).start();
    app.get(DatabaseIntegrityCheck).start();
    app.get(DatabaseHealthProbe).start();
    log.log(
      `Global Store serving: ${endpoints}, database ` +
        (leadership.active
          ? `${databaseLabel(config)}, leader ${leadership.instanceId} at epoch ${leadership.currentEpoch}`
          : databaseLabel(config)),
    );
  };
  if (leadership.active) {
    log.log(`Global Store standby: ${endpoints}; waiting for the leader lease`);
    leadership.start(grpc.boundPort);
    void leadWhenElected(app, leadership, log, serve);
  } else {
    serve();
  }

  let closing: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    closing ??= (async () => {
      log.log(`shutting down (${reason}): draining in-flight RPCs`);
      serving.set('NOT_SERVING');
      memoryGovernor.stop();
      const cut = setTimeout(() => {
        log.warn(`drain took longer than ${DRAIN_TIMEOUT_MS} ms; cutting remaining RPCs`);
        grpc.forceShutdown();
      }, DRAIN_TIMEOUT_MS);
      cut.unref();
      try {
        await app.close();
      } finally {
        clearTimeout(cut);
      }
      log.log('shutdown complete: database closed');
    })();
    return closing;
  };
  return {
    app,
    grpcPort: grpc.boundPort,
    metricsPort,
    shutdown,
    deposed: leadership.active ? leadership.deposed : undefined,
  };
}

/**
 * Takes over once elected: recover every in-memory index from the database (the same path
 * as a standalone startup), then serve. Writes of the recovery itself are fenced like any
 * other, so a leader deposed mid-recovery commits nothing.
 */
async function leadWhenElected(
  app: INestApplication,
  leadership: LeadershipService,
  log: Logger,
  serve: () => void,
): Promise<void> {
  await leadership.elected;
  try {
    await recoverState(app, log);
  } catch (error) {
    leadership.abandon(
      `recovery failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return;
  }
  if (leadership.role !== 'LEADER') return;
  serve();
}
