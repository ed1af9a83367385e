import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GlobalStoreConfig } from '../../../libs/config/src';
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
  return problems;
}
