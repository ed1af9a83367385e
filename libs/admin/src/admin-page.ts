import { InvalidArgumentError } from '../../common/src';
import { filterDigest } from '../../artifacts/src';
import { PageRequest } from './admin.types';

export const DEFAULT_ADMIN_PAGE_SIZE = 100;
export const MAX_ADMIN_PAGE_SIZE = 1000;
const TOKEN_VERSION = 1;

/**
 * Admin listings page by key, like ListReplicasV2: a token names the last row served (its
 * sort key) and the listing it came from, with a digest of the filters, so rows added or
 * removed between pages never shift into a duplicate or a gap, and a token is honoured only
 * for the query that issued it.
 */
export interface PageCursor {
  pageSize: number;
  /** The sort key of the last row already served; undefined on the first page. */
  after: string[] | undefined;
  digest: string;
  listing: string;
}

export function pageCursor(listing: string, filters: object, page: PageRequest = {}): PageCursor {
  const size = page.pageSize ?? 0;
  if (!Number.isInteger(size) || size < 0) {
    throw new InvalidArgumentError('page_size', `must be a non-negative integer (got ${size})`);
  }
  const pageSize = Math.min(size || DEFAULT_ADMIN_PAGE_SIZE, MAX_ADMIN_PAGE_SIZE);
  const digest = filterDigest(filters);
  const token = (page.pageToken ?? '').trim();
  return {
    pageSize,
    digest,
    listing,
    after: token === '' ? undefined : decodeToken(token, listing, digest),
  };
}

export function encodePageToken(cursor: PageCursor, key: readonly string[]): string {
  return Buffer.from(
    JSON.stringify([TOKEN_VERSION, cursor.listing, cursor.digest, ...key]),
    'utf8',
  ).toString('base64url');
}

function decodeToken(token: string, listing: string, digest: string): string[] {
  const malformed = () =>
    new InvalidArgumentError('page_token', 'is not a page token issued by this listing');
  if (!/^[A-Za-z0-9_-]+$/.test(token) || token.length > 8192) throw malformed();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length < 4 ||
    parsed[0] !== TOKEN_VERSION ||
    parsed[1] !== listing ||
    !parsed.every((part, i) => i === 0 || typeof part === 'string')
  ) {
    throw malformed();
  }
  if (parsed[2] !== digest) {
    throw new InvalidArgumentError(
      'page_token',
      'was issued for different filters; start again without a token',
    );
  }
  return parsed.slice(3) as string[];
}

/** Serves one page of rows already sorted by key (in-memory listings such as workers). */
export function pageOf<T>(
  sorted: readonly T[],
  cursor: PageCursor,
  keyOf: (item: T) => string,
): { items: T[]; nextPageToken: string; totalSize: number } {
  const after = cursor.after?.[0];
  const start = after === undefined ? 0 : sorted.findIndex((item) => keyOf(item) > after);
  const from = start < 0 ? sorted.length : start;
  const items = sorted.slice(from, from + cursor.pageSize);
  const more = from + cursor.pageSize < sorted.length;
  const last = items[items.length - 1];
  return {
    items,
    totalSize: sorted.length,
    nextPageToken: more && last !== undefined ? encodePageToken(cursor, [keyOf(last)]) : '',
  };
}
