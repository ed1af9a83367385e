/**
 * Byte sizes in the config file: a non-negative integer of bytes (16777216) or a string with
 * a unit ("16MiB", "64KiB", "1MB", "512B"). Binary units are powers of 1024, decimal units
 * powers of 1000, as their names say.
 */

const UNIT_BYTES = {
  B: 1,
  KB: 1_000,
  MB: 1_000_000,
  GB: 1_000_000_000,
  KiB: 1_024,
  MiB: 1_048_576,
  GiB: 1_073_741_824,
} as const;
type ByteUnit = keyof typeof UNIT_BYTES;

const SIZE_PATTERN = /^(\d+) ?(B|KB|MB|GB|KiB|MiB|GiB)$/;

/** Binary units only: a formatted size should read back as the same number of bytes. */
const FORMAT_UNITS: readonly ByteUnit[] = ['GiB', 'MiB', 'KiB'];

/** Parses 16777216 or "16MiB" into bytes. Throws a RangeError for anything else. */
export function parseByteSize(value: number | string): number {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`invalid size ${value}: expected a non-negative integer of bytes`);
    }
    return value;
  }
  const match = SIZE_PATTERN.exec(value);
  if (match === null) {
    throw new RangeError(
      `invalid size ${JSON.stringify(value)}: expected bytes or a number and a unit (B, KB, MB, GB, KiB, MiB, GiB), like "16MiB"`,
    );
  }
  const bytes = Number(match[1]) * UNIT_BYTES[match[2] as ByteUnit];
  if (!Number.isSafeInteger(bytes)) {
    throw new RangeError(`invalid size ${JSON.stringify(value)}: too large`);
  }
  return bytes;
}

/** 16777216 → "16MiB", 65536 → "64KiB"; sizes without a whole binary unit stay a number. */
export function formatByteSize(bytes: number): string | number {
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    throw new RangeError(`cannot format ${bytes} as a size: expected a non-negative integer`);
  }
  for (const unit of FORMAT_UNITS) {
    const size = UNIT_BYTES[unit];
    if (bytes > 0 && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return bytes;
}
