import 'reflect-metadata';
import { Logger } from '@nestjs/common';
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
import { startupConfigProblems } from './startup-checks';

/**
 * Exit codes: 0 ok, 1 runtime failure (database, bind, unreachable), 2 bad usage or config,
 * 3 a leader that lost its lease (high availability).
 */
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

  let server;
  try {
    // Loaded only to serve: backup, restore and check-config start without Nest.
    const { startServer } = await import('./server');
    server = await startServer(loaded, logger);
  } catch (error) {
    log.error(`startup failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const running = server;
  return new Promise<number>((resolveExit) => {
    const stop = (reason: string, code: number) => {
      running
        .shutdown(reason)
        .then(() => resolveExit(code))
        .catch((error: unknown) => {
          log.error(`shutdown failed: ${String(error)}`);
          resolveExit(1);
        });
    };
    stopRequested = (signal: string) => stop(signal, 0);
    if (pendingSignal) stopRequested(pendingSignal);
    void running.deposed?.then(() => {
      // A deposed leader's memory may be behind what the next leader commits: it never leads
      // again in this process. It keeps answering NOT_SERVING (naming the new leader) for one
      // lease_ttl, so probes and daemons see why, then exits for its supervisor to restart it
      // as a fresh standby.
      const linger = loaded.config.ha.lease_ttl;
      log.warn(
        `exiting with code ${EXIT_DEPOSED} in ${linger} ms; restarted, this instance rejoins as a standby`,
      );
      setTimeout(() => stop('stepped down as leader', EXIT_DEPOSED), linger);
    });
  });
}

/** A leader that lost its lease ends with this code (docs/high-availability.md). */
const EXIT_DEPOSED = 3;

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
