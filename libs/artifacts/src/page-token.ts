import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '../../common/src';

/**
 * ListReplicasV2 pages by key, not by offset: a token holds the (artifact_id, replica_id) of
 * the last row served, and the next page starts strictly after it. Rows inserted or deleted
 * between pages therefore never shift rows already passed into a duplicate or a gap. The
 * token also carries a digest of the filters, so a token is only honoured for the query
 * that issued it. To clients it is an opaque base64url string.
 */
export interface ReplicaPageKey {
  artifactId: string;
  replicaId: string;
}

export const PAGE_TOKEN_FIELD = 'pagination.page_token';
const TOKEN_VERSION = 1;

/** A short digest of the filters a token belongs to. */
export function filterDigest(filters: object): string {
  const text = JSON.stringify(
    Object.entries(filters)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return createHash('sha256').update(text).digest('base64url').slice(0, 12);
}

export function encodePageToken(key: ReplicaPageKey, filters: string): string {
  return Buffer.from(
    JSON.stringify([TOKEN_VERSION, key.artifactId, key.replicaId, filters]),
    'utf8',
  ).toString('base64url');
}

/** The key a token resumes after; INVALID_ARGUMENT naming pagination.page_token otherwise. */
export function decodePageToken(token: string, filters: string): ReplicaPageKey {
  const malformed = () =>
    new InvalidArgumentError(PAGE_TOKEN_FIELD, 'is not a page token issued by this server');
  if (!/^[A-Za-z0-9_-]+$/.test(token) || token.length > 4096) throw malformed();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    parsed[0] !== TOKEN_VERSION ||
    typeof parsed[1] !== 'string' ||
    typeof parsed[2] !== 'string' ||
    typeof parsed[3] !== 'string'
  ) {
    throw malformed();
  }
  if (parsed[3] !== filters) {
    throw new InvalidArgumentError(
      PAGE_TOKEN_FIELD,
      'was issued for different filters; start again without a token',
    );
  }
  return { artifactId: parsed[1], replicaId: parsed[2] };
}
