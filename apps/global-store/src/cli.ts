import { Command, CommanderError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OUTPUT_FORMATS, OutputFormat } from './admin-cli/render';

export const EXAMPLE_CONFIG = 'examples/config/global_store_config.yaml';

/** A command that runs from a config file (the server and its offline database tools). */
export interface ConfigCommand {
  command: 'start' | 'check-config' | 'backup' | 'restore' | 'check-db';
  configPath: string;
  /** True when --config was not given and the example config is used. */
  usedExampleConfig: boolean;
  options: Record<string, string>;
}

export type AdminAction =
  | 'status'
  | 'workers list'
  | 'workers show'
  | 'workers remove'
  | 'replicas list'
  | 'artifacts list'
  | 'artifacts show'
  | 'registrations list'
  | 'mappings resolve'
  | 'inspect';

/** An admin command: talks to a running server over gRPC, or (inspect) reads a file. */
export interface AdminCommand {
  command: 'admin';
  action: AdminAction;
  /** Positional arguments (an id or key). */
  args: string[];
  /** --config when given; the example config otherwise (address and TLS material). */
  configPath: string;
  usedExampleConfig: boolean;
  output: OutputFormat;
  options: Record<string, string | boolean | undefined>;
}

/** Help, version and usage errors: printed as they are, then exit with code. */
export interface PrintCommand {
  command: 'print';
  stdout: string;
  stderr: string;
  code: number;
}

export type CliCommand = ConfigCommand | AdminCommand | PrintCommand;

const GLOBAL_COMMANDS = [
  'start',
  'check-config',
  'backup',
  'restore',
  'check-db',
  'status',
  'workers',
  'replicas',
  'artifacts',
  'registrations',
  'mappings',
  'inspect',
];

const EPILOG = `
Environment: LOG_LEVEL=DEBUG|INFO|WARNING|ERROR overrides observability.logging.level.
Exit codes: 0 ok, 1 runtime failure (unreachable server, not found, database), 2 bad usage or config.`;

/**
 * Parses the command line with commander (help for every command and subcommand, unknown
 * options and commands are errors naming them). Nothing runs here: the parsed command is
 * returned for main.ts to dispatch, so handlers stay small and separate.
 */
export function parseCli(argv: readonly string[], repoRoot: string, version = '0.0.0'): CliCommand {
  let parsed: CliCommand | undefined;
  let stdout = '';
  let stderr = '';
  const exampleConfig = join(repoRoot, EXAMPLE_CONFIG);
  const configOf = (options: { config?: string }) => ({
    configPath: options.config === undefined ? exampleConfig : resolve(options.config),
    usedExampleConfig: options.config === undefined,
  });

  const program = new Command('tensorcast')
    .usage('global <command> [options]')
    .description('TensorCast Global Store: the server and its operator commands.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => (stdout += text),
      writeErr: (text) => (stderr += text),
    })
    .showHelpAfterError('(add --help for usage)')
    .helpOption('-h, --help', 'Show help.')
    .version(`tensorcast-global-store ${version}`, '-v, --version', 'Print the version.')
    .addHelpText('after', EPILOG);

  const global = program
    .command('global')
    .description('Run or operate the Global Store.')
    .usage('<command> [options]');

  const configOption = () =>
    new Option('--config <file>', `Config file (YAML or JSON; default ${EXAMPLE_CONFIG}).`);
  const serverCommand = (name: ConfigCommand['command'], description: string) =>
    global.command(name).description(description).addOption(configOption());

  serverCommand('start', 'Start the Global Store (gRPC + metrics/health HTTP).').action(
    (options: { config?: string }) => {
      parsed = { command: 'start', ...configOf(options), options: {} };
    },
  );
  serverCommand(
    'check-config',
    'Validate a config file and print the effective configuration.',
  ).action((options: { config?: string }) => {
    parsed = { command: 'check-config', ...configOf(options), options: {} };
  });
  serverCommand('backup', 'Write a consistent online backup of the database.')
    .option('--out <path>', 'Where to write the snapshot (must not exist).')
    .action((options: { config?: string; out?: string }) => {
      parsed = { command: 'backup', ...configOf(options), options: defined({ out: options.out }) };
    });
  serverCommand('restore', "Restore a stopped server's database from a backup.")
    .option('--from <path>', 'The backup to restore.')
    .action((options: { config?: string; from?: string }) => {
      parsed = {
        command: 'restore',
        ...configOf(options),
        options: defined({ from: options.from }),
      };
    });

  serverCommand(
    'check-db',
    'Full integrity check of the database (read-only; safe while the server runs).',
  )
    .option('--db <file>', "The database file to check (instead of --config's db_file).")
    .action((options: { config?: string; db?: string }) => {
      parsed = { command: 'check-db', ...configOf(options), options: defined({ db: options.db }) };
    });

  /** Connection and output options shared by every command that talks to a server. */
  const adminCommand = (parent: Command, name: string, description: string) =>
    parent
      .command(name)
      .description(description)
      .addOption(outputOption())
      .addOption(configOption().helpGroup(CONNECTION))
      .addOption(connection('--endpoint <host:port>', 'Server address (default: from the config).'))
      .addOption(connection('--tls', 'Use TLS (implied by the --tls-* flags and a TLS config).'))
      .addOption(connection('--tls-ca <file>', 'CA certificate (PEM) to verify the server with.'))
      .addOption(connection('--tls-cert <file>', 'Client certificate (PEM) for mutual TLS.'))
      .addOption(connection('--tls-key <file>', 'Private key (PEM) of --tls-cert.'))
      .addOption(
        connection('--tls-server-name <name>', 'Name to verify in the server certificate.'),
      );

  const adminAction =
    (action: AdminAction) =>
    (...params: unknown[]): void => {
      const command = params[params.length - 1] as Command;
      const options = command.opts<
        Record<string, string | boolean | undefined> & { output: OutputFormat }
      >();
      const { output, config, ...rest } = options;
      parsed = {
        command: 'admin',
        action,
        args: params.slice(0, -2).map(String),
        ...configOf({ config: config as string | undefined }),
        output,
        options: rest,
      };
    };

  adminCommand(global, 'status', 'Cluster status: serving state, counts, database.')
    .option('-w, --watch [seconds]', 'Refresh every few seconds (default 2) until interrupted.')
    .action(adminAction('status'));

  const workers = global
    .command('workers')
    .description('List, show and remove workers.')
    .usage('<command> [options]');
  adminCommand(workers, 'list', 'Workers in every state, with last heartbeat and replicas.')
    .addOption(stateOption())
    .option('--node <node-id>', 'Only workers of this node.')
    .addOption(limitOption())
    .action(adminAction('workers list'));
  adminCommand(workers, 'show', 'One worker with its replicas and open registrations.')
    .argument('<worker-id>')
    .action(adminAction('workers show'));
  adminCommand(
    workers,
    'remove',
    'Force-leave: delete a worker, its replicas and open registrations (needs cluster_token).',
  )
    .argument('<worker-id>')
    .requiredOption('--reason <text>', 'Why (recorded in the server log and on revoked leases).')
    .option('--force', 'Also remove a worker that is still heartbeating.')
    .option('--token <token>', 'The cluster token (default: meta.cluster_token of --config).')
    .action(adminAction('workers remove'));

  const replicas = global
    .command('replicas')
    .description('List replicas.')
    .usage('<command> [options]');
  adminCommand(replicas, 'list', 'Replicas with id, worker and availability.')
    .option('--artifact <artifact-id>', 'Only replicas of this artifact.')
    .option('--worker <worker-id>', 'Only replicas held by this worker.')
    .option('--node <node-id>', 'Only replicas on this node.')
    .addOption(
      new Option('--tier <tier>', 'Only this memory tier.').choices(['GPU', 'RAM', 'DISK']),
    )
    .addOption(new Option('--available', 'Only available replicas.').conflicts('unavailable'))
    .option('--unavailable', 'Only unavailable replicas.')
    .addOption(limitOption())
    .action(adminAction('replicas list'));

  const artifacts = global
    .command('artifacts')
    .description('List and show artifacts.')
    .usage('<command> [options]');
  adminCommand(artifacts, 'list', 'Artifacts with size and replica counts.')
    .addOption(limitOption())
    .action(adminAction('artifacts list'));
  adminCommand(artifacts, 'show', 'One artifact: descriptor and replicas.')
    .argument('<artifact-id>')
    .action(adminAction('artifacts show'));

  const registrations = global
    .command('registrations')
    .description('List open registration leases.')
    .usage('<command> [options]');
  adminCommand(registrations, 'list', 'Open registrations, oldest first.')
    .option('--worker <worker-id>', 'Only registrations of this worker.')
    .option('--daemon <daemon-id>', 'Only registrations of this daemon.')
    .action(adminAction('registrations list'));

  const mappings = global
    .command('mappings')
    .description('Resolve key mappings.')
    .usage('<command> [options]');
  adminCommand(mappings, 'resolve', 'The artifact a key maps to.')
    .argument('<key>')
    .action(adminAction('mappings resolve'));

  global
    .command('inspect')
    .description(
      'Print the status and lists from a database file, read-only (e.g. a backup before a restore).',
    )
    .argument(
      '[view]',
      'status, workers, replicas, artifacts, registrations or all (default all)',
      'all',
    )
    .option('--db <file>', 'The database file.')
    .option('--from <backup>', 'A backup file (same as --db).')
    .option('--config <file>', 'Read its database.db_file (when neither --db nor --from is given).')
    .addOption(outputOption())
    .action(
      (view: string, options: Record<string, string | undefined> & { output: OutputFormat }) => {
        const { output, config, ...rest } = options;
        parsed = {
          command: 'admin',
          action: 'inspect',
          args: [view],
          ...configOf({ config }),
          output,
          options: rest,
        };
      },
    );

  const args = [...argv];
  // A bare `tensorcast` (or `tensorcast global`) explains itself instead of starting a server.
  if (args.length === 0 || (args.length === 1 && args[0] === 'global')) {
    (args.length === 0 ? program : global).outputHelp();
    return print(stdout, '', 0);
  }
  if (GLOBAL_COMMANDS.includes(args[0])) {
    return print(
      '',
      `error: "${args[0]}" is a subcommand of "global": run \`tensorcast global ${args.join(' ')}\`\n`,
      2,
    );
  }
  try {
    program.parse(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    const informational = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
    if (informational.includes(error.code) && error.exitCode === 0) return print(stdout, stderr, 0);
    // A group without its subcommand (`tensorcast global workers`) shows that group's help.
    if (error.code === 'commander.help') return print(stderr, '', 0);
    return print(stdout, stderr, 2);
  }
  if (!parsed) return print(stdout, stderr || 'error: no command given\n', 2);
  return parsed;
}

function print(stdout: string, stderr: string, code: number): PrintCommand {
  return { command: 'print', stdout, stderr, code };
}

const CONNECTION = 'Connection options:';

function connection(flags: string, description: string): Option {
  return new Option(flags, description).helpGroup(CONNECTION);
}

function outputOption(): Option {
  return new Option('-o, --output <format>', 'Output format.')
    .choices([...OUTPUT_FORMATS])
    .default('table');
}

function stateOption(): Option {
  return new Option('--state <state>', 'Only workers in this state.').choices([
    'ACTIVE',
    'NOT_ACCEPTING',
    'RECOVERING',
    'TIMED_OUT',
    'INACTIVE',
  ]);
}

function limitOption(): Option {
  return new Option('--limit <n>', 'Print at most n rows (default: all, fetched in pages).');
}

function defined(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
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
