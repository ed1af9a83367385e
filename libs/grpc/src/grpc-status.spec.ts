import { Metadata, status as GrpcCode } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { DomainError, DomainErrorCode, ERROR_STATUS, InvalidArgumentError } from '../../common/src';
import { WriteQueueClosedError } from '../../persistence/src';
import { toGrpcStatus } from './grpc-status';

/** Written out by hand so the mapping cannot grade itself. */
const EXPECTED: Record<DomainErrorCode, GrpcCode> = {
  INVALID_ARGUMENT: GrpcCode.INVALID_ARGUMENT,
  WORKER_NOT_FOUND: GrpcCode.NOT_FOUND,
  WORKER_INACTIVE: GrpcCode.NOT_FOUND,
  WORKER_ADDRESS_CONFLICT: GrpcCode.FAILED_PRECONDITION,
  WORKER_OWNED_BY_OTHER_DAEMON: GrpcCode.PERMISSION_DENIED,
  ARTIFACT_NOT_FOUND: GrpcCode.NOT_FOUND,
  INDEX_NOT_FOUND: GrpcCode.NOT_FOUND,
  INDEX_MISMATCH: GrpcCode.FAILED_PRECONDITION,
  ARTIFACT_NOT_INDEX_READY: GrpcCode.FAILED_PRECONDITION,
  IDEMPOTENCY_KEY_REUSED: GrpcCode.FAILED_PRECONDITION,
  PRECONDITION_FAILED: GrpcCode.FAILED_PRECONDITION,
  CLUSTER_TOKEN_REJECTED: GrpcCode.PERMISSION_DENIED,
  REGISTRATION_NOT_FOUND: GrpcCode.NOT_FOUND,
  REGISTRATION_ABORTED: GrpcCode.ABORTED,
  REGISTRATION_EXPIRED: GrpcCode.DEADLINE_EXCEEDED,
  REGISTRATION_STALE_EPOCH: GrpcCode.FAILED_PRECONDITION,
  REGISTRATION_INCOMPLETE: GrpcCode.FAILED_PRECONDITION,
  REGISTRATION_NOT_OWNER: GrpcCode.PERMISSION_DENIED,
  MEMORY_TIER_LEASE_NOT_FOUND: GrpcCode.NOT_FOUND,
  TOO_MANY_PENDING: GrpcCode.RESOURCE_EXHAUSTED,
  WRITE_CONFLICT: GrpcCode.ABORTED,
  STORAGE_FULL: GrpcCode.RESOURCE_EXHAUSTED,
  STORAGE_UNAVAILABLE: GrpcCode.UNAVAILABLE,
  SHUTTING_DOWN: GrpcCode.UNAVAILABLE,
  NOT_LEADER: GrpcCode.UNAVAILABLE,
};

test('every domain error code maps to its gRPC status, with the message as details', () => {
  for (const code of Object.keys(ERROR_STATUS) as DomainErrorCode[]) {
    const status = toGrpcStatus(new DomainError(code, `boom ${code}`));
    assert.equal(
      GrpcCode[status.code],
      GrpcCode[EXPECTED[code] ?? GrpcCode.UNKNOWN],
      `code ${code} has no expected status in this table`,
    );
    assert.equal(status.details, `boom ${code}`);
    assert.deepEqual(status.metadata.get('x-tensorcast-status'), ['STATUS_ERROR']);
  }
});

test('the expectation table covers exactly the codes that exist', () => {
  assert.deepEqual(Object.keys(EXPECTED).sort(), Object.keys(ERROR_STATUS).sort());
});

test('invalid arguments name the field first', () => {
  const status = toGrpcStatus(new InvalidArgumentError('mem_info.node_port', 'must be a port'));
  assert.equal(status.code, GrpcCode.INVALID_ARGUMENT);
  assert.equal(status.details, 'mem_info.node_port: must be a port');
});

test('storage faults become RESOURCE_EXHAUSTED or UNAVAILABLE, never UNKNOWN', () => {
  const full = Object.assign(new Error('SQLITE_FULL: database or disk is full'), {
    code: 'SQLITE_FULL',
  });
  assert.equal(toGrpcStatus(full).code, GrpcCode.RESOURCE_EXHAUSTED);
  const readonly = Object.assign(new Error('QueryFailedError'), {
    driverError: { code: 'SQLITE_READONLY' },
  });
  assert.equal(toGrpcStatus(readonly).code, GrpcCode.UNAVAILABLE);
  assert.equal(toGrpcStatus(new WriteQueueClosedError()).code, GrpcCode.UNAVAILABLE);
});

test('an unreachable or failing PostgreSQL is UNAVAILABLE with a message, never INTERNAL', () => {
  const cases: unknown[] = [
    // pg_terminate_backend, server shutdown
    Object.assign(new Error('terminating connection due to administrator command'), {
      driverError: { code: '57P01' },
    }),
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    new Error('Query runner already released. Cannot run queries anymore.'),
    Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
    Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
    Object.assign(new Error('terminating connection due to idle-in-transaction timeout'), {
      code: '25P03',
    }),
  ];
  for (const error of cases) {
    const status = toGrpcStatus(error);
    assert.equal(status.code, GrpcCode.UNAVAILABLE, String(error));
    assert.match(status.details, /database.*retry: /);
  }
  const timeout = toGrpcStatus(
    Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
  );
  assert.equal(timeout.code, GrpcCode.UNAVAILABLE);
  assert.match(timeout.details, /statement_timeout/);
  // A syntax error is our bug, not the database's state.
  const bug = Object.assign(new Error('syntax error at or near "x"'), { code: '42601' });
  assert.equal(toGrpcStatus(bug).code, GrpcCode.INTERNAL);
});

test('anything unexpected is INTERNAL; an UNKNOWN-coded error is not passed through', () => {
  assert.equal(toGrpcStatus(new TypeError('x is undefined')).code, GrpcCode.INTERNAL);
  assert.equal(toGrpcStatus('a string').code, GrpcCode.INTERNAL);
  assert.equal(toGrpcStatus({ code: GrpcCode.UNKNOWN, message: 'm' }).code, GrpcCode.INTERNAL);
  const passthrough = toGrpcStatus({
    code: GrpcCode.NOT_FOUND,
    details: 'gone',
    metadata: new Metadata(),
  });
  assert.equal(passthrough.code, GrpcCode.NOT_FOUND);
  assert.equal(passthrough.details, 'gone');
});

test('a constraint failure is ABORTED without the raw SQL text', () => {
  const raw = Object.assign(
    new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: workers.daemon_id'),
    { driverError: { code: 'SQLITE_CONSTRAINT' } },
  );
  for (const error of [raw, Object.assign(new Error('duplicate key'), { code: '23505' })]) {
    const status = toGrpcStatus(error);
    assert.equal(GrpcCode[status.code], 'ABORTED');
    assert.doesNotMatch(status.details, /SQLITE|constraint failed|duplicate key/);
  }
});
