/**
 * Domain errors carry a code; one table maps each code to the gRPC status a client sees.
 * Services throw these and never transport errors, so the rules stay testable without gRPC
 * and a client never sees UNKNOWN.
 */
export const ERROR_STATUS = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  WORKER_NOT_FOUND: 'NOT_FOUND',
  WORKER_INACTIVE: 'NOT_FOUND',
  WORKER_ADDRESS_CONFLICT: 'FAILED_PRECONDITION',
  WORKER_OWNED_BY_OTHER_DAEMON: 'PERMISSION_DENIED',
  ARTIFACT_NOT_FOUND: 'NOT_FOUND',
  INDEX_NOT_FOUND: 'NOT_FOUND',
  INDEX_MISMATCH: 'FAILED_PRECONDITION',
  ARTIFACT_NOT_INDEX_READY: 'FAILED_PRECONDITION',
  IDEMPOTENCY_KEY_REUSED: 'FAILED_PRECONDITION',
  PRECONDITION_FAILED: 'FAILED_PRECONDITION',
  REGISTRATION_NOT_FOUND: 'NOT_FOUND',
  REGISTRATION_ABORTED: 'ABORTED',
  REGISTRATION_EXPIRED: 'DEADLINE_EXCEEDED',
  REGISTRATION_STALE_EPOCH: 'FAILED_PRECONDITION',
  REGISTRATION_INCOMPLETE: 'FAILED_PRECONDITION',
  REGISTRATION_NOT_OWNER: 'PERMISSION_DENIED',
  MEMORY_TIER_LEASE_NOT_FOUND: 'NOT_FOUND',
  TOO_MANY_PENDING: 'RESOURCE_EXHAUSTED',
  WRITE_CONFLICT: 'ABORTED',
  STORAGE_FULL: 'RESOURCE_EXHAUSTED',
  STORAGE_UNAVAILABLE: 'UNAVAILABLE',
  SHUTTING_DOWN: 'UNAVAILABLE',
  NOT_LEADER: 'UNAVAILABLE',
  CLUSTER_TOKEN_REJECTED: 'PERMISSION_DENIED',
} as const;

export type DomainErrorCode = keyof typeof ERROR_STATUS;
export type GrpcStatusName = (typeof ERROR_STATUS)[DomainErrorCode];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The request field at fault, for INVALID_ARGUMENT-style errors. */
    readonly field?: string,
    /** What the storage reported, for STORAGE_* and WRITE_CONFLICT: logged, never sent. */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'DomainError';
  }
}

/** A request field failed validation; the message always starts with the field path. */
export class InvalidArgumentError extends DomainError {
  constructor(field: string, problem: string) {
    super('INVALID_ARGUMENT', `${field}: ${problem}`, field);
    this.name = 'InvalidArgumentError';
  }
}
