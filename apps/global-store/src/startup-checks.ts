import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, GlobalStoreConfig, readDatabasePassword } from '../../../libs/config/src';
import { grpcServerCredentials } from '../../../libs/grpc/src';

/**
 * Checks of the config that need the filesystem (TLS files, the log file's folder), run by
 * both `check-config` and `start` so the first never passes what the second refuses. Each
 * problem names its config key; the caller exits 2 like for any other config error.
 */
export function startupConfigProblems(config: GlobalStoreConfig): string[] {
  const problems: string[] = [];
  try {
    grpcServerCredentials(config);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  const logFile = config.observability.logging.file;
  if (logFile) {
    const folder = dirname(resolve(logFile));
    if (!existsSync(folder)) {
      problems.push(
        `observability.logging.file: the folder ${folder} does not exist (create it, or point the key elsewhere)`,
      );
    } else if (!statSync(folder).isDirectory()) {
      problems.push(`observability.logging.file: ${folder} is not a folder`);
    }
  }
  problems.push(...postgresFileProblems(config));
  return problems;
}

/** The password and CA files of database.postgres, when the postgres driver is chosen. */
function postgresFileProblems(config: GlobalStoreConfig): string[] {
  if (config.database.driver !== 'postgres') return [];
  const problems: string[] = [];
  try {
    readDatabasePassword(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.issues.map((issue) => `${issue.path}: ${issue.message}`));
  }
  const { tls } = config.database.postgres;
  if (tls.enabled && tls.ca_file !== null) {
    try {
      accessSync(tls.ca_file, constants.R_OK);
    } catch (error) {
      problems.push(
        `database.postgres.tls.ca_file: cannot read ${tls.ca_file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
  }
  return problems;
}
