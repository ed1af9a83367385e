import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { DomainError } from '../../common/src';
import { PAGE_TOKEN_FIELD, decodePageToken, encodePageToken, filterDigest } from './page-token';

const key = { artifactId: 'mi2:bindex:bdata', replicaId: '6f1c2a4e-8d3b-4c1a-9e2f-0a1b2c3d4e5f' };

function expectInvalidToken(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.equal(error.field, PAGE_TOKEN_FIELD);
    assert.match(error.message, pattern);
    return true;
  });
}

test('a token round-trips its key and is opaque base64url', () => {
  const filters = filterDigest({ nodeId: 'n1' });
  const token = encodePageToken(key, filters);
  assert.match(token, /^[A-Za-z0-9_-]+$/);
  assert.ok(!token.includes(key.artifactId), 'the key is not readable as is');
  assert.deepEqual(decodePageToken(token, filters), key);
});

test('the filter digest ignores key order and absent filters but not values', () => {
  assert.equal(
    filterDigest({ nodeId: 'n', memoryTier: 'GPU', artifactId: undefined }),
    filterDigest({ memoryTier: 'GPU', nodeId: 'n' }),
  );
  assert.notEqual(filterDigest({ nodeId: 'n' }), filterDigest({ nodeId: 'm' }));
  assert.notEqual(filterDigest({ deviceId: 0 }), filterDigest({}));
});

test('malformed tokens are INVALID_ARGUMENT naming pagination.page_token', () => {
  const filters = filterDigest({});
  const wrongShape = Buffer.from(JSON.stringify({ a: 1 })).toString('base64url');
  const wrongVersion = Buffer.from(JSON.stringify([2, 'a', 'r', filters])).toString('base64url');
  for (const token of ['not a token!', 'abc', wrongShape, wrongVersion, 'x'.repeat(5000)]) {
    expectInvalidToken(
      () => decodePageToken(token, filters),
      /^pagination\.page_token: is not a page token/,
    );
  }
});

test('a token is refused for other filters', () => {
  const token = encodePageToken(key, filterDigest({ nodeId: 'a' }));
  expectInvalidToken(
    () => decodePageToken(token, filterDigest({ nodeId: 'b' })),
    /^pagination\.page_token: was issued for different filters/,
  );
});
