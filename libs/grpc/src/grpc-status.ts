import { Logger } from '@nestjs/common';
import { Metadata, status as GrpcCode } from '@grpc/grpc-js';
import { DomainError, ERROR_STATUS, GrpcStatusName } from '../../common/src';
import {
  WriteQueueClosedError,
  databaseUnavailableReason,
  isConstraintViolation,
  sqliteErrorCode,
} from '../../persistence/src';

export interface GrpcErrorStatus {
  code: GrpcCode;
  details: string;
  metadata: Metadata;
}

/**
 * Upper bound on status details. Messages quote client values through quoteClientValue;
 * this is the backstop for any other text (a library's message, an unexpected error), since
 * C-core clients refuse trailers over 8 KiB and would report RESOURCE_EXHAUSTED instead.
 */
export const MAX_STATUS_DETAILS_CHARS = 1024;

export function boundStatusDetails(details: string): string {
  if (details.length <= MAX_STATUS_DETAILS_CHARS) return details;
  return `${details.slice(0, MAX_STATUS_DETAILS_CHARS)}… (details cut, ${details.length} chars)`;
}

/** Every domain error also carries the message-level status daemons read on success paths. */
const STATUS_TRAILER = 'x-tensorcast-status';

export function grpcCodeOf(name: GrpcStatusName): GrpcCode {
  return GrpcCode[name];
}

/**
 * The one mapping from anything a handler can throw to the status a client sees. Domain
 * errors map by code; storage faults become UNAVAILABLE / RESOURCE_EXHAUSTED with a message;
 * anything else is INTERNAL and logged. Nothing becomes UNKNOWN.
 */
export function toGrpcStatus(error: unknown, logger?: Logger): GrpcErrorStatus {
  const metadata = new Metadata();
  metadata.set(STATUS_TRAILER, 'STATUS_ERROR');
  if (error instanceof DomainError) {
    return { code: grpcCodeOf(ERROR_STATUS[error.code]), details: error.message, metadata };
  }
  if (error instanceof WriteQueueClosedError) {
    return { code: GrpcCode.UNAVAILABLE, details: error.message, metadata };
  }
  if (isConstraintViolation(error)) {
    // The raw text names tables and columns: it goes to the log, not to the client.
    logger?.warn(
      `write refused by a constraint: ${error instanceof Error ? error.message : String(error)}`,
    );
    return {
      code: grpcCodeOf(ERROR_STATUS.WRITE_CONFLICT),
      details: 'the write conflicted with a concurrent change and was not applied; retry',
      metadata,
    };
  }
  const storage = storageFault(error);
  if (storage) return { ...storage, metadata };
  if (isGrpcStatusLike(error)) {
    return { code: error.code, details: error.details ?? error.message ?? '', metadata };
  }
  const message = error instanceof Error ? error.message : String(error);
  logger?.error(`unexpected error: ${message}`, error instanceof Error ? error.stack : undefined);
  return { code: GrpcCode.INTERNAL, details: `internal error: ${message}`, metadata };
}

function storageFault(error: unknown): { code: GrpcCode; details: string } | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const unavailable = databaseUnavailableReason(error);
  if (unavailable !== undefined) {
    return {
      code: GrpcCode.UNAVAILABLE,
      details: `${unavailable}, retry: ${message}`,
    };
  }
  switch (sqliteErrorCode(error) ?? '') {
    case 'SQLITE_FULL':
      return {
        code: GrpcCode.RESOURCE_EXHAUSTED,
        details: `storage full, the write was not applied: ${message}`,
      };
    case 'SQLITE_READONLY':
    case 'SQLITE_IOERR':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return {
        code: GrpcCode.UNAVAILABLE,
        details: `storage unavailable, the write was not applied: ${message}`,
      };
    default:
      return undefined;
  }
}

function isGrpcStatusLike(
  error: unknown,
): error is { code: GrpcCode; details?: string; message?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && code > 0 && code <= 16 && code !== Number(GrpcCode.UNKNOWN);
}
