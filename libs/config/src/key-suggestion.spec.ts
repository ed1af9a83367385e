import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editDistance, suggestKey } from './key-suggestion';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions as one edit', () => {
    assert.equal(editDistance('host', 'host'), 0);
    assert.equal(editDistance('hots', 'host'), 1);
    assert.equal(editDistance('hst', 'host'), 1);
    assert.equal(editDistance('hoost', 'host'), 1);
    assert.equal(editDistance('post', 'host'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });
});

describe('suggestKey', () => {
  const worker = ['heartbeat_timeout', 'cleanup_interval', 'default_heartbeat_interval'];

  it('suggests the sibling a typo most likely meant', () => {
    assert.equal(suggestKey('hots', ['host', 'port']), 'host');
    assert.equal(suggestKey('prot', ['host', 'port']), 'port');
    assert.equal(suggestKey('heartbeat_timout', worker), 'heartbeat_timeout');
    assert.equal(suggestKey('cleanup_intervall', worker), 'cleanup_interval');
  });

  it('treats case, dashes and camelCase as the same key', () => {
    assert.equal(suggestKey('heartbeatTimeout', worker), 'heartbeat_timeout');
    assert.equal(suggestKey('cleanup-interval', worker), 'cleanup_interval');
  });

  it('stays quiet when nothing is close', () => {
    assert.equal(suggestKey('database', ['host', 'port']), undefined);
    assert.equal(suggestKey('db_path', ['db_file', 'synchronous']), undefined);
    assert.equal(suggestKey('x', []), undefined);
  });
});
