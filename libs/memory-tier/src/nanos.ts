import { ColumnOptions } from 'typeorm';
import { InvalidArgumentError } from '../../common/src';

/**
 * Nanosecond times (epoch_ns, issued_at_ns, …) are beyond 2^53, so they are bigint in memory
 * and never JS numbers. The database gets them as 20-digit zero-padded decimal text: exact on
 * every driver (node-sqlite3 reads INTEGER as a double) and ordered correctly by plain string
 * comparison, which the snapshot pruning relies on.
 */
export const MAX_NS = (1n << 63n) - 1n;
const NS_DIGITS = 20;
const DECIMAL = /^\d{1,20}$/;

export const NS_PER_MS = 1_000_000n;

export function nsFromMs(ms: number): bigint {
  return BigInt(Math.trunc(ms)) * NS_PER_MS;
}

/** Whole milliseconds at or after the nanosecond time (for the ms-based deadline heaps). */
export function msCeil(ns: bigint): number {
  return Number((ns + NS_PER_MS - 1n) / NS_PER_MS);
}

/** A uint64 wire value (decimal string from proto-loader) that must fit a signed 64-bit column. */
export function parseNanos(field: string, value: string | number | null | undefined): bigint {
  const parsed = parseUint64Exact(field, value);
  if (parsed > MAX_NS) {
    throw new InvalidArgumentError(field, `must be at most 2^63-1 nanoseconds (got ${value})`);
  }
  return parsed;
}

/** Any uint64 wire value, exactly, as canonical decimal text. */
export function uint64Text(field: string, value: string | number | null | undefined): string {
  return parseUint64Exact(field, value).toString();
}

function parseUint64Exact(field: string, value: string | number | null | undefined): bigint {
  if (value === null || value === undefined || value === '') return 0n;
  const text = String(value);
  if (!DECIMAL.test(text) || BigInt(text) > 0xffff_ffff_ffff_ffffn) {
    throw new InvalidArgumentError(field, `must be an unsigned 64-bit integer (got ${text})`);
  }
  return BigInt(text);
}

export function padNanos(ns: bigint): string {
  return ns.toString().padStart(NS_DIGITS, '0');
}

export function nanosColumn(name: string): ColumnOptions {
  return {
    name,
    type: 'varchar',
    length: NS_DIGITS,
    transformer: {
      to: (value: bigint | null | undefined) =>
        value === null || value === undefined ? value : padNanos(value),
      from: (value: string | null) => (value === null ? null : BigInt(value)),
    },
  };
}
