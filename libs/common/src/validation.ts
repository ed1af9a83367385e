import { quoteClientValue } from './client-value';
import { InvalidArgumentError } from './domain-error';

/**
 * Request checks shared by every module. Each throws InvalidArgumentError naming the
 * field, so a daemon author sees exactly which field to fix.
 */

export function requireNonEmpty(field: string, value: string | null | undefined): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') throw new InvalidArgumentError(field, 'is required');
  if (trimmed.length > 512) throw new InvalidArgumentError(field, 'is longer than 512 characters');
  return trimmed;
}

export function optionalString(field: string, value: string | null | undefined): string {
  const trimmed = (value ?? '').trim();
  if (trimmed.length > 4096)
    throw new InvalidArgumentError(field, 'is longer than 4096 characters');
  return trimmed;
}

export function requirePort(field: string, value: number | null | undefined): number {
  const port = Number(value ?? 0);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError(
      field,
      `must be a port in 1..65535 (got ${quoteClientValue(value ?? 0)})`,
    );
  }
  return port;
}

/**
 * uint64 fields arrive as decimal strings (longs: String). Values are stored as JS numbers,
 * so anything beyond 2^53 is refused rather than silently rounded.
 */
export function parseUint64(field: string, value: string | number | null | undefined): number {
  if (value === null || value === undefined || value === '') return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new InvalidArgumentError(
      field,
      `must be an unsigned integer below 2^53 (got ${quoteClientValue(value)})`,
    );
  }
  return n;
}

export function requirePositive(field: string, value: number): number {
  if (!(value > 0))
    throw new InvalidArgumentError(
      field,
      `must be greater than 0 (got ${quoteClientValue(value)})`,
    );
  return value;
}

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** True for loopback and unspecified addresses, which other nodes cannot dial. */
export function isLocalOnlyAddress(address: string): boolean {
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return (
    LOOPBACK_V4.test(a) ||
    a === 'localhost' ||
    a === '::1' ||
    a === '0:0:0:0:0:0:0:1' ||
    a === '0.0.0.0' ||
    a === '::' ||
    a === '0:0:0:0:0:0:0:0' ||
    a === '::ffff:127.0.0.1'
  );
}
