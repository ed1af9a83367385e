import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { ChecksumReplica, EMPTY_STATE_CHECKSUM, Fnv1a64, stateChecksum } from './state-checksum';

/** Straightforward BigInt FNV-1a 64, the reference the fast version must match. */
function referenceFnv(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

const gpu: ChecksumReplica = {
  artifactId: 'mi2:a',
  viewId: '',
  nodeId: 'node-1',
  nodeAddress: '10.0.0.1',
  nodePort: 50052,
  deviceId: 3,
  memoryType: 'GPU',
  available: true,
};

test('no replicas hash to the FNV-1a offset basis', () => {
  assert.equal(stateChecksum([]), EMPTY_STATE_CHECKSUM);
  assert.equal(stateChecksum([]), 'cbf29ce484222325');
});

test('known FNV-1a 64 vectors', () => {
  assert.equal(new Fnv1a64().update('a').hex(), 'af63dc4c8601ec8c');
  assert.equal(new Fnv1a64().update('foobar').hex(), '85944171f73967e8');
});

test('fast FNV matches the BigInt reference on random UTF-8 text', () => {
  for (let i = 0; i < 200; i++) {
    const text = Array.from({ length: i }, () =>
      String.fromCodePoint(Math.floor(Math.random() * 0x2fff) + 1),
    ).join('');
    assert.equal(new Fnv1a64().update(text).hex(), referenceFnv(text), text);
  }
});

test('one GPU replica hashes its record exactly', () => {
  const record = 'mi2:a::node-1:10.0.0.1:50052:3:GPU:1;';
  assert.equal(stateChecksum([gpu]), referenceFnv(record));
});

test('device_id is forced to 0 unless GPU, and availability is 1/0', () => {
  const ram = { ...gpu, memoryType: 'RAM' as const, deviceId: 7, available: false };
  assert.equal(stateChecksum([ram]), referenceFnv('mi2:a::node-1:10.0.0.1:50052:0:RAM:0;'));
});

test('records are sorted by artifact, view, type, device before hashing', () => {
  const b = { ...gpu, artifactId: 'mi2:b' };
  const disk = { ...gpu, memoryType: 'DISK' as const, deviceId: 0 };
  const gpu0 = { ...gpu, deviceId: 0 };
  const view = { ...gpu, viewId: 'v1' };
  const expected = referenceFnv(
    [
      'mi2:a::node-1:10.0.0.1:50052:0:DISK:1;',
      'mi2:a::node-1:10.0.0.1:50052:0:GPU:1;',
      'mi2:a::node-1:10.0.0.1:50052:3:GPU:1;',
      'mi2:a:v1:node-1:10.0.0.1:50052:3:GPU:1;',
      'mi2:b::node-1:10.0.0.1:50052:3:GPU:1;',
    ].join(''),
  );
  assert.equal(stateChecksum([b, view, gpu, disk, gpu0]), expected);
  assert.equal(stateChecksum([gpu0, disk, gpu, view, b]), expected);
});

test('ASCII text, then other characters mid-string, hash as their UTF-8 bytes', () => {
  const texts = [
    'node-1',
    'mi2:é',
    'abc\u00ff',
    'x\u20acy',
    'a😀b',
    'lone \ud800 high',
    'lone \udc00 low',
    '\u007f\u0080',
    '',
  ];
  for (const text of texts) {
    assert.equal(new Fnv1a64().update(text).hex(), referenceFnv(text), JSON.stringify(text));
  }
});

test('a record with non-ASCII ids hashes the UTF-8 bytes of the concatenated text', () => {
  const replica = { ...gpu, artifactId: 'mi2:ärtifact', nodeId: 'nœud-😀', viewId: 'vue' };
  assert.equal(
    stateChecksum([replica]),
    referenceFnv('mi2:ärtifact:vue:nœud-😀:10.0.0.1:50052:3:GPU:1;'),
  );
});

test('many records hash exactly as their concatenated records', () => {
  const replicas: ChecksumReplica[] = [];
  const records: string[] = [];
  for (let i = 0; i < 300; i++) {
    const memoryType = (['GPU', 'RAM', 'DISK'] as const)[i % 3];
    const artifactId = `mi2:${String(i).padStart(4, '0')}`;
    replicas.push({ ...gpu, artifactId, memoryType, deviceId: i % 8, available: i % 2 === 0 });
    records.push(
      `${artifactId}::node-1:10.0.0.1:50052:${memoryType === 'GPU' ? i % 8 : 0}:${memoryType}:${i % 2 === 0 ? 1 : 0};`,
    );
  }
  assert.equal(stateChecksum(replicas.reverse()), referenceFnv(records.join('')));
});

test('ports and device ids hash as their decimal text', () => {
  for (const [nodePort, deviceId] of [
    [1, 0],
    [9, 7],
    [10, 10],
    [65535, 2 ** 31 - 1],
  ]) {
    assert.equal(
      stateChecksum([{ ...gpu, nodePort, deviceId }]),
      referenceFnv(`mi2:a::node-1:10.0.0.1:${nodePort}:${deviceId}:GPU:1;`),
    );
  }
});

test('a saved state resumes the hash exactly where it was saved', () => {
  const head = 'mi2:a::node-1:10.0.0.1:50052:3:GPU:1;';
  const tail = 'mi2:ü::node-1:10.0.0.1:50052:0:RAM:0;';
  const states = new Int32Array(4);
  new Fnv1a64().update(head).saveState(states, 2);
  assert.equal(new Fnv1a64().restoreState(states, 2).update(tail).hex(), referenceFnv(head + tail));
});

test('the two-word FNV matches the BigInt reference over long ASCII records', () => {
  let text = '';
  for (let i = 0; i < 500; i++)
    text += `mi2:${(i * 104729).toString(36)}::n:10.0.0.${i % 250}:${i}:0:GPU:1;`;
  assert.equal(new Fnv1a64().update(text).hex(), referenceFnv(text));
  const bytes = new Fnv1a64();
  for (const byte of Buffer.from(text)) bytes.byte(byte);
  assert.equal(bytes.hex(), referenceFnv(text));
});
