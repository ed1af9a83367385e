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
