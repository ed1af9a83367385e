/**
 * Durations in the config file are strings: a non-negative decimal number and a unit.
 * TensorCast configs write seconds ("30s"); ms, m and h are accepted as well.
 */

const UNIT_MILLISECONDS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
type DurationUnit = keyof typeof UNIT_MILLISECONDS;

const DURATION_PATTERN = /^(\d+)(?:\.(\d+))?(ms|s|m|h)$/;

/** Largest unit first, so formatDuration picks the shortest exact spelling. */
const FORMAT_UNITS: readonly DurationUnit[] = ['h', 'm', 's'];

/**
 * Parses "30s", "0.5s", "1500ms", "5m", "1h" into milliseconds. Throws a RangeError for
 * anything else: bare numbers, other units, negative values, or a value that is not a whole
 * number of milliseconds (timers and gRPC options take integer milliseconds).
 */
export function parseDuration(text: string): number {
  const match = DURATION_PATTERN.exec(text);
  if (match === null) {
    throw new RangeError(
      `invalid duration ${JSON.stringify(text)}: expected a number and a unit (ms, s, m or h), like "30s"`,
    );
  }
  const [, whole, fraction = '', unit] = match;
  // BigInt keeps "1.1s" exactly 1100 ms; floating point would give 1100.0000000000002.
  const scaled = BigInt(whole + fraction) * BigInt(UNIT_MILLISECONDS[unit as DurationUnit]);
  const divisor = 10n ** BigInt(fraction.length);
  if (scaled % divisor !== 0n) {
    throw new RangeError(
      `invalid duration ${JSON.stringify(text)}: not a whole number of milliseconds`,
    );
  }
  const milliseconds = scaled / divisor;
  if (milliseconds > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`invalid duration ${JSON.stringify(text)}: too large`);
  }
  return Number(milliseconds);
}

/** The shortest exact spelling of a duration: 30000 → "30s", 1500 → "1500ms", 0 → "0s". */
export function formatDuration(milliseconds: number): string {
  if (!Number.isSafeInteger(milliseconds) || milliseconds < 0) {
    throw new RangeError(
      `cannot format ${milliseconds} as a duration: expected a non-negative integer of milliseconds`,
    );
  }
  if (milliseconds === 0) return '0s';
  for (const unit of FORMAT_UNITS) {
    const size = UNIT_MILLISECONDS[unit];
    if (milliseconds % size === 0) return `${milliseconds / size}${unit}`;
  }
  return `${milliseconds}ms`;
}
