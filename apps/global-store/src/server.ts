import { INestApplication, Logger } from '@nestjs/common';
import type { Server as HttpServer } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { ChunkDirectoryService } from '../../../libs/chunk-directory/src';
import { Clock, systemClock } from '../../../libs/common/src';
import { LoadedConfig, verifyTlsFiles } from '../../../libs/config/src';
import {
  GlobalStoreGrpcServer,
  GrpcStatusFilter,
  callMetricsInterceptor,
  formatHost,
  grpcChannelOptions,
  grpcServerCredentials,
} from '../../../libs/grpc/src';
import { MemoryTierService, MemoryTierStatusesService } from '../../../libs/memory-tier/src';
import { GlobalStoreLogger, GrpcMetrics, ServingState } from '../../../libs/observability/src';
import { RegistrationExpiryService } from '../../../libs/registrations/src';
import { DatabaseIntegrityCheck, DatabaseMaintenance } from '../../../libs/persistence/src';
import { TransportsService } from '../../../libs/transports/src';
import { WorkersService } from '../../../libs/workers/src';
import { RuntimeInfo } from './admin/runtime-info';
import { AppModule } from './app.module';
import { recoverState } from './recovery';

/** How long in-flight RPCs get to finish on shutdown before they are cut. */
export const DRAIN_TIMEOUT_MS = 10_000;

export interface RunningServer {
  app: INestApplication;
  grpcPort: number;
  metricsPort: number;
  shutdown(reason: string): Promise<void>;
}

/**
 * Starts the Global Store: database and recovery first, then gRPC and HTTP listeners, and
 * only then SERVING. Throws (with a message meant for operators) if any step fails.
 */
export async function startServer(
  loaded: LoadedConfig,
  logger: GlobalStoreLogger,
  clock: Clock = systemClock,
): Promise<RunningServer> {
  const { config } = loaded;
  const log = new Logger('GlobalStore');
  verifyTlsFiles(loaded);
  // Built before the database opens so a bad certificate or key fails startup at once.
  const credentials = grpcServerCredentials(config);
  for (const warning of loaded.warnings) log.warn(warning);

  const app = await NestFactory.create(AppModule.forRoot(loaded, clock), {
    logger,
    abortOnError: false,
  });
  const serving = app.get(ServingState);
  const grpc = new GlobalStoreGrpcServer({
    host: config.server.listen.host,
    port: config.server.listen.port,
    credentials,
    channelOptions: grpcChannelOptions(config),
    interceptors: [callMetricsInterceptor(app.get(GrpcMetrics))],
    serving,
  });
  app.useGlobalFilters(new GrpcStatusFilter());
  app.connectMicroservice({ strategy: grpc }, { inheritAppConfig: true });

  await app.init();
  await recoverState(app, log);
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

  const runtime = app.get(RuntimeInfo);
  Object.assign(runtime, {
    grpcHost: config.server.listen.host,
    grpcPort: grpc.boundPort,
    metricsHost: config.server.metrics_host,
    metricsPort,
  });
  app.get(WorkersService).startBackgroundWork();
  app.get(RegistrationExpiryService).startBackgroundWork();
  app.get(MemoryTierService).startBackgroundWork();
  app.get(MemoryTierStatusesService).startBackgroundWork();
  app.get(ChunkDirectoryService).startBackgroundWork();
  app.get(TransportsService).startBackgroundWork();
  app.get(DatabaseMaintenance).start();
  serving.set('SERVING');
  app.get(DatabaseIntegrityCheck).start();
  log.log(
    `Global Store serving: gRPC on ${formatHost(config.server.listen.host)}:${grpc.boundPort}` +
      `${config.server.grpc.tls.enabled ? ' (TLS)' : ''}, metrics and health on ` +
      `http://${formatHost(config.server.metrics_host)}:${metricsPort}, database ` +
      `${config.database.db_file ?? 'in-memory (nothing survives a restart)'}`,
  );

  let closing: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    closing ??= (async () => {
      log.log(`shutting down (${reason}): draining in-flight RPCs`);
      serving.set('NOT_SERVING');
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
  return { app, grpcPort: grpc.boundPort, metricsPort, shutdown };
}
