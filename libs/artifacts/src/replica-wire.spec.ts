import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { DomainError } from '../../common/src';
import type { wire } from '../../grpc/src';
import { ReplicaEntity } from './replica.entity';
import {
  deviceFilterFor,
  parseMemoryTierFilter,
  parseReplicaId,
  toMemoryInfoWire,
  toReplicaUpsert,
  validateMemoryInfo,
} from './replica-wire';

function memoryInfo(overrides: Partial<wire.MemoryInfo__Output> = {}): wire.MemoryInfo__Output {
  return {
    node_id: 'node-1',
    node_address: '10.0.0.1',
    node_port: 7000,
    memory_size: '1024',
    memory_type: 'MEMORY_TYPE_RAM',
    device_id: 3,
    remote_memory_keys: ['k0', 'k1'],
    buffer_sizes: ['1000', '24'],
    is_memory_replica: true,
    tensor_index_key: '',
    creation_ts: null,
    source_process_id: 'pid-1',
    verification_json: '',
    expires_at: null,
    byte_space: null,
    ...overrides,
  };
}

function expectInvalid(run: () => unknown, field: string, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.equal(error.field, field);
    assert.match(error.message, pattern);
    return true;
  });
}

test('a valid MemoryInfo: device forced to 0 off GPU, virtual oneof keys dropped', () => {
  const info = { ...memoryInfo(), _transport: 'transport' } as wire.MemoryInfo__Output;
  const validated = validateMemoryInfo(info);
  assert.equal(validated.memoryTier, 'RAM');
  assert.equal(validated.deviceId, 0);
  assert.equal(validated.memorySize, 1024);
  assert.equal(validated.viewId, '');
  assert.equal(validated.stored.device_id, 0);
  assert.ok(!('_transport' in validated.stored));
  assert.equal(validated.stored.source_process_id, 'pid-1');
  assert.equal(validateMemoryInfo(memoryInfo({ memory_type: 'MEMORY_TYPE_GPU' })).deviceId, 3);
});

test('each MemoryInfo rule names its field', () => {
  const cases: [Partial<wire.MemoryInfo__Output>, string, RegExp][] = [
    [{ node_id: ' ' }, 'mem_info.node_id', /is required/],
    [{ node_port: 0 }, 'mem_info.node_port', /1\.\.65535/],
    [{ node_port: 65536 }, 'mem_info.node_port', /1\.\.65535/],
    [{ memory_size: '0' }, 'mem_info.memory_size', /greater than 0/],
    [
      { memory_type: 'MEMORY_TYPE_UNSPECIFIED' },
      'mem_info.memory_type',
      /MEMORY_TYPE_RAM, MEMORY_TYPE_GPU or MEMORY_TYPE_DISK/,
    ],
    [
      { remote_memory_keys: ['k0'] },
      'mem_info.buffer_sizes',
      /2 entries but remote_memory_keys has 1/,
    ],
    [
      { buffer_sizes: ['1000', '25'] },
      'mem_info.buffer_sizes',
      /sum to 1025 but memory_size is 1024/,
    ],
    [{ buffer_sizes: ['1000', '-1'] }, 'mem_info.buffer_sizes[1]', /unsigned integer/],
    [
      { byte_space: { kind: 'BYTE_SPACE_KIND_VIEW', id: '' } },
      'mem_info.byte_space.id',
      /is required/,
    ],
  ];
  for (const [override, field, pattern] of cases) {
    expectInvalid(() => validateMemoryInfo(memoryInfo(override)), field, pattern);
  }
  expectInvalid(() => validateMemoryInfo(null), 'mem_info', /is required/);
});

test('no remote keys and no buffer sizes is consistent (e.g. DISK replicas)', () => {
  const validated = validateMemoryInfo(
    memoryInfo({ memory_type: 'MEMORY_TYPE_DISK', remote_memory_keys: [], buffer_sizes: [] }),
  );
  assert.equal(validated.memoryTier, 'DISK');
});

test('VIEW byte spaces give the view id; CANONICAL ignores any id', () => {
  assert.equal(
    validateMemoryInfo(memoryInfo({ byte_space: { kind: 'BYTE_SPACE_KIND_VIEW', id: 'v1' } }))
      .viewId,
    'v1',
  );
  assert.equal(
    validateMemoryInfo(memoryInfo({ byte_space: { kind: 'BYTE_SPACE_KIND_CANONICAL', id: 'x' } }))
      .viewId,
    '',
  );
});

test('toMemoryInfoWire: stored fields round-trip, columns win where they overlap', () => {
  const validated = validateMemoryInfo(
    memoryInfo({ byte_space: { kind: 'BYTE_SPACE_KIND_VIEW', id: 'v1' } }),
  );
  const upsert = toReplicaUpsert(validated, { artifactId: 'a', workerId: 'w', maxConcurrency: 2 });
  const row = Object.assign(new ReplicaEntity(), {
    replicaId: '6f1c2a4e-8d3b-4c1a-9e2f-0a1b2c3d4e5f',
    artifactId: 'a',
    workerId: 'w',
    viewId: upsert.viewId,
    nodeId: upsert.nodeId,
    nodeAddress: upsert.nodeAddress,
    nodePort: upsert.nodePort,
    memoryType: 1,
    deviceId: 0,
    memorySize: 2048,
    maxConcurrency: 2,
    currentRequests: 0,
    available: true,
    memoryInfo: upsert.memoryInfo,
    registeredAt: 1_700_000_000_500,
    updatedAt: 1_700_000_000_500,
  });
  const out = toMemoryInfoWire(row);
  assert.equal(out.memory_size, '2048', 'the column is the authority');
  assert.equal(out.memory_type, 'MEMORY_TYPE_RAM');
  assert.equal(out.is_memory_replica, true);
  assert.equal(out.source_process_id, 'pid-1');
  assert.deepEqual(out.remote_memory_keys, ['k0', 'k1']);
  assert.deepEqual(out.byte_space, { kind: 'BYTE_SPACE_KIND_VIEW', id: 'v1' });
  assert.deepEqual(
    out.creation_ts,
    { seconds: '1700000000', nanos: 500_000_000 },
    'registration time when none was sent',
  );
});

test('replica ids must be UUIDs; memory type filters; device filters only narrow GPU', () => {
  assert.equal(
    parseReplicaId('replica_id', '6F1C2A4E-8D3B-4C1A-9E2F-0A1B2C3D4E5F'),
    '6f1c2a4e-8d3b-4c1a-9e2f-0a1b2c3d4e5f',
  );
  expectInvalid(() => parseReplicaId('replica_id', 'replica-1'), 'replica_id', /is not a UUID/);
  expectInvalid(() => parseReplicaId('replica_id', ''), 'replica_id', /is required/);
  assert.equal(parseMemoryTierFilter('memory_type', undefined), undefined);
  assert.equal(parseMemoryTierFilter('memory_type', 'MEMORY_TYPE_UNSPECIFIED'), undefined);
  assert.equal(parseMemoryTierFilter('memory_type', 'MEMORY_TYPE_DISK'), 'DISK');
  expectInvalid(() => parseMemoryTierFilter('memory_type', 9), 'memory_type', /got 9/);
  assert.equal(deviceFilterFor('GPU', 2), 2);
  assert.equal(deviceFilterFor(undefined, 2), 2);
  assert.equal(deviceFilterFor('RAM', 2), undefined);
  assert.equal(deviceFilterFor('GPU', undefined), undefined);
});
