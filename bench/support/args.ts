import { parseArgs } from 'node:util';

/** Bad command-line arguments: benches print the message and usage and exit 2. */
export class UsageError extends Error {}

/** An integer option, given as a decimal string (util.parseArgs values), at least `min`. */
export function intArg(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new UsageError(`--${name} must be an integer >= ${min} (got "${value}")`);
  }
  return parsed;
}

/** A number option (seconds may be fractional), at least `min`. */
export function numberArg(
  name: string,
  value: string | undefined,
  fallback: number,
  min = 0,
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min) {
    throw new UsageError(`--${name} must be a number >= ${min} (got "${value}")`);
  }
  return parsed;
}

/**
 * Strict util.parseArgs over string-valued options (`--name=value`): an unknown option or a
 * missing value is a UsageError naming it. Values are then read with intArg / numberArg.
 */
export function parseStringOptions<Name extends string>(
  argv: readonly string[],
  names: readonly Name[],
): Partial<Record<Name, string>> {
  const options = Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));
  try {
    return parseArgs({ args: [...argv], strict: true, options }).values as Partial<
      Record<Name, string>
    >;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * A bench's entry point: runs main with the command line when the file is run directly and
 * exits with its code (1 and the stack on a throw). Ctrl-C or a timeout's SIGTERM still run
 * the exit hooks that kill the servers the bench started.
 */
export function runBenchMain(
  entry: NodeJS.Module,
  name: string,
  main: (argv: readonly string[]) => Promise<number>,
): void {
  if (require.main !== entry) return;
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
