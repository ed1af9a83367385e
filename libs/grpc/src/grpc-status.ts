import { Logger } from '@nestjs/common';
import { Metadata, status as GrpcCode } from '@grpc/grpc-js';
import { DomainError, ERROR_STATUS, GrpcStatusName } from '../../common/src';
import { storageDomainError } from '../../persistence/src';

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
 * errors map by code through ERROR_STATUS (storage failures and shutdown are domain errors
 * too; a storage error that reached here without passing the write queue is classified by
 * persistence first); anything else is INTERNAL and logged. Nothing becomes UNKNOWN.
 */
export function toGrpcStatus(error: unknown, logger?: Logger): GrpcErrorStatus {
  const metadata = new Metadata();
  metadata.set(STATUS_TRAILER, 'STATUS_ERROR');
  const domain = error instanceof DomainError ? error : storageDomainError(error);
  if (domain) {
    if (domain.code === 'WRITE_CONFLICT' && domain.cause !== undefined) {
      // The raw text names tables and columns: it goes to the log, not to the client.
      const raw =
        domain.cause instanceof Error ? domain.cause.message : JSON.stringify(domain.cause);
      logger?.warn(`write refused by a constraint: ${raw}`);
    }
    return { code: grpcCodeOf(ERROR_STATUS[domain.code]), details: domain.message, metadata };
  }
  if (isGrpcStatusLike(error)) {
    return { code: error.code, details: error.details ?? error.message ?? '', metadata };
  }
  const message = error instanceof Error ? error.message : String(error);
  logger?.error(`unexpected error: ${message}`, error instanceof Error ? error.stack : undefined);
  return { code: GrpcCode.INTERNAL, details: `internal error: ${message}`, metadata };
}

function isGrpcStatusLike(
  error: unknown,
): error is { code: GrpcCode; details?: string; message?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && code > 0 && code <= 16 && code !== Number(GrpcCode.UNKNOWN);
}
