// First: every module loaded after this one may come from Node's compile cache.
import { flushCompileCache } from './compile-cache';
import 'reflect-metadata';
import { bundleCodeCacheStatus, writeBundleCodeCache } from './code-cache';
import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { dump } from 'js-yaml';
import {
  ConfigError,
  LoadedConfig,
  effectiveConfigToDocument,
  loadConfigFile,
} from '../../../libs/config/src';
import { GlobalStoreLogger, VERSION } from '../../../libs/observability/src';
import { CommandOutcome, runDatabaseCommand } from './backup.command';
import { runCheckDbCommand } from './check-db.command';
import { findRepoRoot, parseCli } from './cli';
import type { RunningServer } from './server';
import { startupConfigProblems } from './startup-checks';

/** Exit codes: 0 ok, 1 runtime failure (database, bind, unreachable), 2 bad usage or config. */
async function main(argv: readonly string[]): Promise<number> {
  const cli = parseCli(argv, findRepoRoot(__dirname), VERSION);
  if (cli.command === 'print') {
    process.stdout.write(cli.stdout);
    process.stderr.write(cli.stderr);
    return cli.code;
  }
  if (cli.command === 'admin') {
    // Loaded only for admin commands: the server and its file tools never need the client.
    const { runAdminCommand } = await import('./admin-cli/admin-commands');
    return runAdminCommand(cli);
  }
  if (cli.command === 'check-db' && cli.options.db !== undefined) {
    return printOutcome(await runCheckDbCommand(undefined, cli.options));
  }

  let loaded: LoadedConfig;
  try {
    loaded = loadConfigFile(cli.configPath);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (cli.command === 'check-config' || cli.command === 'start') {
    const problems = startupConfigProblems(loaded.config);
    if (problems.length > 0) {
      const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
      process.stderr.write(
        `invalid config file ${loaded.source} (${count}):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
      );
      return 2;
    }
  }
  const logger = new GlobalStoreLogger(loaded.config.observability.logging);
  Logger.overrideLogger(logger);
  const log = new Logger('GlobalStore');
  if (cli.usedExampleConfig)
    log.log(`no --config given: using the example config ${cli.configPath}`);

  switch (cli.command) {
    case 'check-config':
      for (const warning of loaded.warnings) log.warn(warning);
      process.stdout.write(
        `# effective configuration of ${loaded.source}\n${dump(effectiveConfigToDocument(loaded.config))}`,
      );
      return 0;
    case 'backup':
    case 'restore':
      return runDatabaseCommand(cli.command, loaded.config, cli.options);
    case 'check-db':
      return printOutcome(await runCheckDbCommand(loaded.config, cli.options));
    case 'start':
      return runServer(loaded, logger, log);
  }
}

function printOutcome(outcome: CommandOutcome): number {
  process.stdout.write(outcome.stdout);
  process.stderr.write(outcome.stderr);
  return outcome.code;
}

async function runServer(
  loaded: LoadedConfig,
  logger: GlobalStoreLogger,
  log: Logger,
): Promise<number> {
  // Listen for signals before starting, so a SIGTERM during startup still ends in an orderly
  // shutdown (and exit 0) once the server is up, instead of killing the process mid-way.
  let stopRequested: ((signal: string) => void) | undefined;
  let pendingSignal: string | undefined;
  const onSignal = (signal: string) => {
    if (stopRequested) stopRequested(signal);
    else pendingSignal ??= signal;
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  // Node's default for SIGHUP is to exit at once (129, no drain). Daemons treat it as
  // "reopen logs, re-read the log settings": every log line opens the file anew, so
  // re-reading observability.logging is all a log rotation needs.
  process.on('SIGHUP', () => reloadLogging(loaded.source, logger, log));

  let server: RunningServer;
  const { database } = loaded.config;
  if (database.driver !== 'postgres' && database.db_file !== null) {
    // The file's quick_check runs on SQLite's threads while the server's modules load.
    const { startDatabasePreflight } =
      await import('../../../libs/persistence/src/database-preflight');
    startDatabasePreflight(database.db_file);
  }
  // Loaded only to serve: backup, restore and check-config start without Nest.
  const { startServer } = await import('./server');
  try {
    server = await startServer(loaded, logger);
    flushCompileCache();
    logCodeCache(log);
  } catch (error) {
    log.error(`startup failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  return new Promise<number>((resolveExit) => {
    let current = server;
    let stopping = false;
    stopRequested = (signal: string) => {
      stopping = true;
      current
        .shutdown(signal)
        .then(() => resolveExit(0))
        .catch((error: unknown) => {
          log.error(`shutdown failed: ${String(error)}`);
          resolveExit(1);
        });
    };
    if (pendingSignal) stopRequested(pendingSignal);
    // A deposed leader's memory may be behind what the next leader commits, so it is never
    // reused: the whole application is closed and built afresh as a standby (on the same
    // ports), which recovers from the database if it is elected again.
    const rejoinWhenDeposed = (running: RunningServer) =>
      void running.deposed?.then(async () => {
        if (stopping) return;
        try {
          await running.shutdown('stepped down as leader; rejoining as a standby');
        } catch (error) {
          log.error(`shutdown of the deposed leader failed: ${String(error)}`);
        }
        // The database may be what deposed it: keep trying until it answers again.
        for (let attempt = 1; !stopping; attempt += 1) {
          try {
            const next = await startServer(onSamePorts(loaded, running), logger);
            current = next;
            if (stopping) await next.shutdown('stop requested while rejoining');
            else rejoinWhenDeposed(next);
            return;
          } catch (error) {
            const waitMs = Math.min(attempt * 1000, 10_000);
            log.error(
              `could not rejoin as a standby (attempt ${attempt}; retrying in ${waitMs} ms): ` +
                `${error instanceof Error ? error.message : String(error)}`,
            );
            await sleep(waitMs);
          }
        }
      });
    rejoinWhenDeposed(server);
  });
}

/** Once serving, when run from the bundle: the code cache it used, or the one it wrote. */
function logCodeCache(log: Logger): void {
  const status = bundleCodeCacheStatus();
  if (status === undefined) return;
  const wrote = writeBundleCodeCache();
  log.debug(`code cache of the bundle: ${status}${wrote ? '; written for the next start' : ''}`);
}

/** The same config with the ports the first start bound (port 0 = ephemeral in tests). */
function onSamePorts(loaded: LoadedConfig, running: RunningServer): LoadedConfig {
  const { server } = loaded.config;
  return {
    ...loaded,
    warnings: [],
    config: {
      ...loaded.config,
      server: {
        ...server,
        listen: { ...server.listen, port: running.grpcPort },
        metrics_port: running.metricsPort,
      },
    },
  };
}

/** SIGHUP: apply the config file's observability.logging again; a broken file changes nothing. */
function reloadLogging(source: string, logger: GlobalStoreLogger, log: Logger): void {
  try {
    const { logging } = loadConfigFile(source).config.observability;
    logger.configure(logging);
    log.log(
      `SIGHUP: logging reloaded from ${source} (level ${logging.level}` +
        `${logging.file ? `, file ${logging.file} reopened` : ''})`,
    );
  } catch (error) {
    log.warn(
      `SIGHUP: kept the current logging settings, ${source} could not be used: ` +
        `${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
