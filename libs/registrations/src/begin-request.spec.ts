import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { InvalidArgumentError } from '../../common/src';
import { BeginInput, parseBeginRequest } from './begin-request';

const input = (overrides: Partial<BeginInput> = {}): BeginInput => ({
  workerId: ' worker-1 ',
  daemonId: 'daemon-1',
  ownerPid: 42,
  deviceId: 3,
  totalSize: 100,
  ttlMs: 0,
  plan: 'coalesced',
  planDetails: { remoteMemoryKey: 'rk' },
  tensorIndexKey: ` ${'AB'.repeat(32)} `,
  clientRequestId: 'req-1',
  ...overrides,
});

describe('parseBeginRequest (pure: no state, no clock)', () => {
  test('keeps what Begin needs, with ids trimmed and an index key normalised', () => {
    assert.deepEqual(parseBeginRequest(input()), {
      workerId: 'worker-1',
      daemonId: 'daemon-1',
      ownerPid: 42,
      deviceId: 3,
      totalSize: 100,
      ttlMs: 0,
      plan: 'coalesced',
      planDetails: { remoteMemoryKey: 'rk' },
      index: { key: 'ab'.repeat(32) },
    });
  });

  test('index bytes come with their encoding and schema version, cut to the column sizes', () => {
    const data = Buffer.from('{}');
    const parsed = parseBeginRequest(
      input({
        tensorIndexKey: undefined,
        tensorIndexData: data,
        encoding: 'e'.repeat(70),
        schemaVersion: 'v'.repeat(40),
      }),
    );
    assert.deepEqual(parsed.index, {
      data,
      encoding: 'e'.repeat(64),
      schemaVersion: 'v'.repeat(32),
    });
  });

  test('the first wrong field is named, in the order the fields are checked', () => {
    const cases: [Partial<BeginInput>, RegExp][] = [
      [{ workerId: ' ', ownerPid: 0 }, /^worker_id: /],
      [{ ownerPid: 1.5, totalSize: 0 }, /^owner_pid: must be a process id > 0/],
      [{ totalSize: 0, plan: undefined }, /^total_size: must be greater than 0 \(got 0\)/],
      [{ plan: undefined, tensorIndexKey: 'x' }, /^plan: one of coalesced, cpu or lease/],
      [{ tensorIndexData: Buffer.alloc(0) }, /^index: give tensor_index_key or tensor_index_data/],
      [
        { tensorIndexKey: undefined, tensorIndexData: Buffer.alloc(0) },
        /^tensor_index_data: is empty/,
      ],
    ];
    for (const [overrides, message] of cases) {
      assert.throws(
        () => parseBeginRequest(input(overrides)),
        (error: unknown) => error instanceof InvalidArgumentError && message.test(error.message),
        String(message),
      );
    }
  });
});
