import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { DomainError } from '../../common/src';
import type { wire } from '../../grpc/src';
import { parseInventory, parseInventoryItem } from './reconcile.inventory';
import { transportKey } from './reconcile.plan';
import { wireItem } from './reconcile.spec-harness';

function rejects(item: wire.ReplicaInfo__Output, pattern: RegExp): void {
  assert.throws(
    () => parseInventoryItem(item, 3),
    (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, 'INVALID_ARGUMENT');
      assert.match(error.message, pattern);
      return true;
    },
  );
}

describe('parseInventoryItem', () => {
  test('a valid GPU item', () => {
    const replica = parseInventoryItem(
      wireItem({ stats: { registered_ts: { seconds: '1767225600', nanos: 5_000_000 } } }),
      0,
    );
    assert.equal(replica.artifactId, 'mi2:a');
    assert.equal(replica.memoryTier, 'GPU');
    assert.equal(replica.deviceId, 1);
    assert.equal(replica.memorySize, 1024);
    assert.equal(replica.available, true);
    assert.equal(replica.registeredAtMs, 1767225600_005);
    assert.equal(replica.transportKey, '');
  });

  test('device_id is forced to 0 off GPU; a VIEW byte space names the view', () => {
    const ram = parseInventoryItem(
      wireItem({
        memory_info: {
          memory_type: 'MEMORY_TYPE_RAM',
          device_id: 3,
          byte_space: { kind: 'BYTE_SPACE_KIND_VIEW', id: 'view-7' },
        },
      }),
      0,
    );
    assert.equal(ram.deviceId, 0);
    assert.equal(ram.viewId, 'view-7');
  });

  test('transport is kept for drift detection', () => {
    const transport = {
      export_state: 'EXPORT_STATE_EXPORTABLE' as const,
      export_generation: '2',
      remote_memory_keys: ['k'],
      buffer_sizes: ['1024'],
      verification_json: '',
    };
    const replica = parseInventoryItem(wireItem({ memory_info: { transport } }), 0);
    assert.equal(replica.transportKey, transportKey(transport));
  });

  test('every bad field is INVALID_ARGUMENT naming inventory[i] and the field', () => {
    rejects(
      wireItem({ ref: { artifact_id: ' ' } }),
      /^inventory\[3\]\.ref\.artifact_id: is required/,
    );
    rejects(wireItem({ memory_info: null }), /^inventory\[3\]\.memory_info: is required/);
    rejects(
      wireItem({ memory_info: { node_id: '' } }),
      /^inventory\[3\]\.memory_info\.node_id: is required/,
    );
    rejects(
      wireItem({ memory_info: { node_port: 0 } }),
      /^inventory\[3\]\.memory_info\.node_port: must be a port/,
    );
    rejects(
      wireItem({ memory_info: { node_port: 70000 } }),
      /^inventory\[3\]\.memory_info\.node_port: /,
    );
    rejects(
      wireItem({ memory_info: { memory_size: '0' } }),
      /^inventory\[3\]\.memory_info\.memory_size: must be greater than 0/,
    );
    rejects(
      wireItem({ memory_info: { memory_size: '18446744073709551615' } }),
      /^inventory\[3\]\.memory_info\.memory_size: must be an unsigned integer/,
    );
    rejects(
      wireItem({ memory_info: { memory_type: 'MEMORY_TYPE_UNSPECIFIED' } }),
      /^inventory\[3\]\.memory_info\.memory_type: must be MEMORY_TYPE_RAM, MEMORY_TYPE_GPU or MEMORY_TYPE_DISK/,
    );
    rejects(
      wireItem({ memory_info: { remote_memory_keys: ['a'], buffer_sizes: [] } }),
      /^inventory\[3\]\.memory_info\.buffer_sizes: has 0 entries but remote_memory_keys has 1/,
    );
    rejects(
      wireItem({ memory_info: { remote_memory_keys: ['a', 'b'], buffer_sizes: ['1', '2'] } }),
      /^inventory\[3\]\.memory_info\.buffer_sizes: sum to 3 but memory_size is 1024/,
    );
    rejects(
      wireItem({ memory_info: { byte_space: { kind: 'BYTE_SPACE_KIND_VIEW', id: '' } } }),
      /^inventory\[3\]\.memory_info\.byte_space\.id: is required/,
    );
    rejects(
      wireItem({
        memory_info: {
          transport: {
            export_state: 'EXPORT_STATE_EXPORTABLE',
            export_generation: '0',
            remote_memory_keys: ['k'],
            buffer_sizes: [],
            verification_json: '',
          },
        },
      }),
      /^inventory\[3\]\.memory_info\.transport\.buffer_sizes: has 0 entries/,
    );
    rejects(
      wireItem({ stats: null }),
      /^inventory\[3\]\.stats\.max_concurrency: must be greater than 0/,
    );
    rejects(
      wireItem({ stats: { max_concurrency: 0 } }),
      /^inventory\[3\]\.stats\.max_concurrency: /,
    );
    rejects(
      wireItem({ stats: { registered_ts: { seconds: '1', nanos: 1_000_000_000 } } }),
      /^inventory\[3\]\.stats\.registered_ts: is not a valid timestamp/,
    );
  });
});

describe('parseInventory', () => {
  test('two items for the same replica are refused, naming both', async () => {
    const items = [
      wireItem(),
      wireItem({ ref: { artifact_id: 'mi2:b' } }),
      // Same key as the first: address and port are not part of it.
      wireItem({ memory_info: { node_port: 7001 } }),
    ];
    await assert.rejects(
      parseInventory(items),
      /^InvalidArgumentError: inventory\[2\]: reports the same replica as inventory\[0\]/,
    );
  });

  test('large inventories are validated in chunks with the same result', async () => {
    const items = Array.from({ length: 1_234 }, (_, i) =>
      wireItem({ ref: { artifact_id: `mi2:${i}` } }),
    );
    const parsed = await parseInventory(items, 100);
    assert.equal(parsed.length, 1_234);
    assert.deepEqual(
      parsed.map((p) => p.index),
      items.map((_, i) => i),
    );
  });
});
