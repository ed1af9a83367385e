import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import {
  base32Lower,
  decodeBase32Lower,
  digestOfMultihash,
  mi2ArtifactId,
  parseMi2ArtifactId,
  sha256,
  sha256Multihash,
} from './multihash';

test('base32 matches RFC 4648 test vectors (lower case, no padding)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'my'],
    ['fo', 'mzxq'],
    ['foo', 'mzxw6'],
    ['foob', 'mzxw6yq'],
    ['fooba', 'mzxw6ytb'],
    ['foobar', 'mzxw6ytboi'],
  ];
  for (const [input, expected] of vectors) {
    assert.equal(base32Lower(Buffer.from(input)), expected);
    assert.equal(decodeBase32Lower(expected)?.toString(), input);
  }
});

test('sha256 multihash of empty input is the well-known CIDv1-style string', () => {
  // Computed independently: python3 base64.b32encode(b'\x12\x20' + sha256(b'')).lower().
  assert.equal(
    sha256Multihash(Buffer.alloc(0)),
    'bciqohmgeikmpyhautl57jsezn64sij5oihsgjg4tjssjlgi3pbjlqvi',
  );
});

test('digestOfMultihash round-trips and rejects malformed ids', () => {
  const data = Buffer.from('tensor index');
  const mh = sha256Multihash(data);
  assert.deepEqual(digestOfMultihash(mh), sha256(data));
  assert.equal(digestOfMultihash(mh.toUpperCase()), undefined);
  assert.equal(digestOfMultihash(mh.slice(1)), undefined, 'needs the b prefix');
  assert.equal(digestOfMultihash(`${mh}a`), undefined);
  assert.equal(digestOfMultihash('bafy'), undefined);
});

test('mi2 ids', () => {
  const id = mi2ArtifactId('bindex', 'bdata');
  assert.equal(id, 'mi2:bindex:bdata');
  assert.deepEqual(parseMi2ArtifactId(id), { indexMultihash: 'bindex', dataMultihash: 'bdata' });
  assert.equal(parseMi2ArtifactId('cgid:x'), undefined);
});
