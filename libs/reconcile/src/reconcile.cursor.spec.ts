import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { CursorVerdict, judgeCursor } from './reconcile.cursor';

const stored = { daemonId: 'daemon-1', generation: 5, requestSeq: 10 };

function kind(request: Partial<typeof stored>): CursorVerdict['kind'] {
  return judgeCursor(stored, { ...stored, requestSeq: stored.requestSeq + 1, ...request }).kind;
}

describe('judgeCursor: rules 2–7 in order', () => {
  test('rule 2: another daemon → REBASE_REQUIRED, before any sequence rule', () => {
    assert.equal(kind({ daemonId: 'daemon-2' }), 'REBASE_REQUIRED');
    assert.equal(kind({ daemonId: 'daemon-2', generation: 1 }), 'REBASE_REQUIRED');
    assert.equal(kind({ daemonId: 'daemon-2', requestSeq: 10 }), 'REBASE_REQUIRED');
    const verdict = judgeCursor(stored, { ...stored, daemonId: 'daemon-2' });
    assert.equal(
      verdict.kind === 'REBASE_REQUIRED' && verdict.conflict,
      'reconcile_daemon_mismatch',
    );
  });

  test('an empty daemon_id is not checked', () => {
    assert.equal(kind({ daemonId: '' }), 'APPLY');
  });

  test('rule 3: older generation → IGNORED_STALE, whatever the seq', () => {
    assert.equal(kind({ generation: 4, requestSeq: 10 }), 'IGNORED_STALE');
    assert.equal(kind({ generation: 4, requestSeq: 999 }), 'IGNORED_STALE');
    assert.equal(kind({ generation: 0, requestSeq: 0 }), 'IGNORED_STALE');
  });

  test('rule 4: same generation and seq → DUPLICATE (answered NOOP)', () => {
    assert.equal(kind({ requestSeq: 10 }), 'DUPLICATE');
  });

  test('rule 5: same generation, lower seq → IGNORED_STALE', () => {
    const verdict = judgeCursor(stored, { ...stored, requestSeq: 9 });
    assert.equal(verdict.kind, 'IGNORED_STALE');
    assert.equal(verdict.kind === 'IGNORED_STALE' && verdict.conflict, 'reconcile_stale_seq');
  });

  test('rule 6: newer generation → REBASE_REQUIRED, even with a seq that would fit', () => {
    assert.equal(kind({ generation: 6, requestSeq: 1 }), 'REBASE_REQUIRED');
    assert.equal(kind({ generation: 6, requestSeq: 11 }), 'REBASE_REQUIRED');
  });

  test('rule 7: a seq gap → RETRY_LATER; exactly the next seq → APPLY', () => {
    assert.equal(kind({ requestSeq: 12 }), 'RETRY_LATER');
    assert.equal(kind({ requestSeq: 11 }), 'APPLY');
  });

  test('right after RegisterWorker (seq 0) the first request is seq 1', () => {
    const fresh = { daemonId: 'daemon-123', generation: 1, requestSeq: 0 };
    assert.equal(judgeCursor(fresh, { ...fresh, requestSeq: 1 }).kind, 'APPLY');
    assert.equal(judgeCursor(fresh, { ...fresh, requestSeq: 0 }).kind, 'DUPLICATE');
    assert.equal(judgeCursor(fresh, { ...fresh, requestSeq: 2 }).kind, 'RETRY_LATER');
  });
});
