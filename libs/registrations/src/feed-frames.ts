import { InvalidArgumentError, parseUint64, requireNonEmpty } from '../../common/src';
import type { wire } from '../../grpc/src';
import { CoverageFrame } from './coverage';
import { DIGEST_BYTES } from './merkle';

/**
 * One FeedRegistration frame as the feed service sees it: the fields as sent, and its
 * pieces parsed from the wire on demand. Parsing waits until the service asks because a
 * frame for an unknown, ended or stale registration answers with that (NOT_FOUND, ABORTED,
 * stale epoch, wrong plan) before anything about its chunk or segments is judged.
 */
export interface FeedFrame {
  registrationId: string;
  epoch: string;
  kind: 'chunk' | 'lease_segments' | undefined;
  pieces(): CoverageFrame[];
}

export function toFeedFrame(frame: wire.FeedRegistrationRequest__Output): FeedFrame {
  return {
    registrationId: frame.registration_id,
    epoch: frame.epoch,
    kind: frame.feed,
    pieces: () =>
      frame.feed === 'chunk'
        ? [parseChunk(frame.chunk)]
        : parseSegments(frame.lease_segments?.segments ?? []),
  };
}

function parseChunk(chunk: wire.FeedChunk__Output | null | undefined): CoverageFrame {
  if (!chunk) throw new InvalidArgumentError('chunk', 'is required');
  return {
    offset: parseUint64('chunk.offset', chunk.offset),
    length: requireLength('chunk.length', chunk.length),
    digest: requireDigest('chunk.digest', chunk.digest),
  };
}

function parseSegments(segments: readonly wire.LeaseSegment__Output[]): CoverageFrame[] {
  if (segments.length === 0) throw new InvalidArgumentError('lease_segments.segments', 'is empty');
  return segments.map((segment, i) => {
    const field = `lease_segments.segments[${i}]`;
    return {
      storageId: requireNonEmpty(`${field}.storage_id`, segment.storage_id),
      storageOffset: parseUint64(`${field}.storage_offset`, segment.storage_offset),
      offset: parseUint64(`${field}.artifact_offset`, segment.artifact_offset),
      length: requireLength(`${field}.length`, segment.length),
      digest: requireDigest(`${field}.digest`, segment.digest),
    };
  });
}

function requireLength(field: string, value: string | undefined): number {
  const length = parseUint64(field, value);
  if (length <= 0) throw new InvalidArgumentError(field, 'must be greater than 0');
  return length;
}

function requireDigest(field: string, value: Buffer | undefined): Buffer {
  const digest = value ?? Buffer.alloc(0);
  if (digest.length !== DIGEST_BYTES) {
    throw new InvalidArgumentError(
      field,
      `must be a ${DIGEST_BYTES}-byte sha256 (got ${digest.length} bytes)`,
    );
  }
  return Buffer.from(digest);
}
