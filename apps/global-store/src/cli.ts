import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const EXAMPLE_CONFIG = 'examples/config/global_store_config.yaml';

export interface CliCommand {
  command: 'start' | 'check-config' | 'backup' | 'restore' | 'check-db' | 'help' | 'version';
  configPath: string;
  /** True when --config was not given and the example config is used. */
  usedExampleConfig: boolean;
  options: Record<string, string>;
}

export class CliUsageError extends Error {}

export const USAGE = `Usage: tensorcast global <command> [options]

Commands:
  start          Start the Global Store (gRPC + metrics/health HTTP).
  check-config   Validate a config file and print the effective configuration.
  backup         Write a consistent online backup of the database (--out=PATH).
  restore        Restore a stopped server's database from a backup (--from=PATH).
  check-db       Full integrity check of the database (read-only; safe while serving).

Options:
  --config=FILE  Config file (YAML or JSON). Default: ${EXAMPLE_CONFIG}
  --out=PATH     backup: where to write the snapshot.
  --from=PATH    restore: the backup to restore.
  --db=FILE      check-db: the database file to check (instead of --config's db_file).
  --help         Show this help.
  --version      Print the version.

Environment: LOG_LEVEL=DEBUG|INFO|WARNING|ERROR overrides observability.logging.level.
`;

/** Parses `[global] <command> [--key=value|--key value]...`. */
export function parseCli(argv: readonly string[], repoRoot: string): CliCommand {
  const args = [...argv];
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return helpCommand('help', repoRoot);
    if (arg === '--version' || arg === '-v') return helpCommand('version', repoRoot);
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) options[arg.slice(2, eq)] = arg.slice(eq + 1);
      else if (i + 1 < args.length && !args[i + 1].startsWith('--'))
        options[arg.slice(2)] = args[++i];
      else throw new CliUsageError(`option ${arg} needs a value`);
    } else positional.push(arg);
  }
  if (positional[0] === 'global') positional.shift();
  const name = positional[0] ?? 'start';
  if (!['start', 'check-config', 'backup', 'restore', 'check-db'].includes(name)) {
    throw new CliUsageError(`unknown command "${name}"`);
  }
  for (const key of Object.keys(options)) {
    if (!['config', 'out', 'from', 'db'].includes(key))
      throw new CliUsageError(`unknown option --${key}`);
  }
  if (options.db !== undefined && name !== 'check-db') {
    throw new CliUsageError('option --db is for check-db only (the server reads database.db_file)');
  }
  const usedExampleConfig = options.config === undefined;
  return {
    command: name as CliCommand['command'],
    configPath: usedExampleConfig ? join(repoRoot, EXAMPLE_CONFIG) : resolve(options.config),
    usedExampleConfig,
    options,
  };
}

function helpCommand(command: 'help' | 'version', repoRoot: string): CliCommand {
  return {
    command,
    configPath: join(repoRoot, EXAMPLE_CONFIG),
    usedExampleConfig: true,
    options: {},
  };
}

/** The repository (or image) root: the folder holding package.json above the compiled code. */
export function findRepoRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = resolve(dir, '..');
  }
  return process.cwd();
}
