import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { MethodDefinition } from '@grpc/proto-loader';
import { ReplicaRecord } from '../../artifacts/src';
import { GRPC_PACKAGE, loadPackageDefinition } from '../../grpc/src';
import { encodeReconcileResponse } from './reconcile.encoding';
import type { ReconcileOutcome } from './reconcile.service';
import { reconcileResponseOf } from './reconcile.wire';

const method = (
  loadPackageDefinition()[`${GRPC_PACKAGE}.ClusterRuntimeService`] as Record<
    string,
    MethodDefinition<unknown, unknown>
  >
).ReconcileWorkerState;

/** What proto-loader's serializer makes of the answer object (the encoding before). */
function serialized(outcome: ReconcileOutcome): Buffer {
  return method.responseSerialize(reconcileResponseOf(outcome));
}

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0, 123);

/** A GPU replica as the store keeps one; each case below changes what it is about. */
const GPU_REPLICA: ReplicaRecord = {
  replicaId: '8b0a6c7e-0000-4000-8000-000000000001',
  artifactId: 'mi2:a',
  workerId: 'w-1',
  viewId: '',
  nodeId: 'node-1',
  nodeAddress: '10.0.0.1',
  nodePort: 7001,
  memoryType: 2,
  deviceId: 3,
  memorySize: 1 << 20,
  maxConcurrency: 4,
  currentRequests: 0,
  available: true,
  memoryInfo: {},
  registeredAt: T0,
  updatedAt: T0 + 5,
};

const replica = (change: Partial<ReplicaRecord> = {}): ReplicaRecord => ({
  ...GPU_REPLICA,
  ...change,
});

function outcome(overrides: Partial<ReconcileOutcome> = {}): ReconcileOutcome {
  return {
    resultKind: 'APPLIED',
    retryAfterMs: 0,
    stateVersion: 7,
    stateChecksum: '0123456789abcdef',
    stateChanges: [],
    expectedReplicas: [],
    reason: 'why',
    ...overrides,
  };
}

describe('encodeReconcileResponse', () => {
  test('writes the bytes the proto-loader serializer writes for every kind of replica', () => {
    const replicas: ReplicaRecord[] = [
      replica(),
      replica({ memoryType: 1, deviceId: 0, available: false, currentRequests: 2 }),
      replica({ memoryType: 3, deviceId: 0, nodeAddress: '', nodePort: 0 }),
      // A type the wire does not know is answered as RAM, as toMemoryInfoWire does.
      replica({ memoryType: 9 }),
      replica({ viewId: 'view-7', memorySize: 2 ** 40 + 3, registeredAt: 999 }),
      replica({ registeredAt: -1_500, maxConcurrency: 0 }),
      // Extras the daemon sent go through the ReplicaInfo type, as before.
      replica({
        memoryInfo: {
          remote_memory_keys: ['k1', 'k2'],
          buffer_sizes: ['524288', '524288'],
          is_memory_replica: true,
          creation_ts: { seconds: '1700000000', nanos: 5 },
          transport: {
            export_state: 'EXPORT_STATE_EXPORTABLE',
            export_generation: '12',
            remote_memory_keys: ['t1'],
            buffer_sizes: ['1048576'],
            verification_json: '{}',
          },
          byte_space: { kind: 'BYTE_SPACE_KIND_CANONICAL', id: '' },
        },
      }),
    ];
    const changes = replicas.flatMap((r, i) => [
      { type: 'ADD' as const, replica: r, reason: `added ${i}` },
      { type: 'UPDATE' as const, replica: r, reason: 'availability true → false' },
      { type: 'REMOVE' as const, replica: r, reason: 'not in the daemon snapshot' },
    ]);
    const cases: ReconcileOutcome[] = [
      outcome({ stateChanges: changes }),
      outcome({ resultKind: 'NOOP', stateVersion: 0, stateChecksum: 'cbf29ce484222325' }),
      outcome({ resultKind: 'IGNORED_STALE' }),
      outcome({ resultKind: 'RETRY_LATER', retryAfterMs: 100 }),
      outcome({ resultKind: 'REBASE_REQUIRED', expectedReplicas: replicas }),
      outcome({ stateVersion: 2 ** 53 - 1, stateChanges: changes.slice(0, 1) }),
    ];
    for (const each of cases) {
      assert.deepEqual(encodeReconcileResponse(each), serialized(each), each.resultKind);
    }
  });

  test('decodes to the answer object a client reads', () => {
    const each = outcome({
      stateChanges: [{ type: 'ADD', replica: replica({ viewId: 'v' }), reason: 'added' }],
    });
    const decoded = method.responseDeserialize(encodeReconcileResponse(each)) as {
      result_kind: string;
      new_state_version: string;
      state_changes: { type: string; replica_info: { memory_info: { byte_space: unknown } } }[];
    };
    assert.equal(decoded.result_kind, 'RECONCILE_RESULT_KIND_APPLIED');
    assert.equal(decoded.new_state_version, '7');
    assert.equal(decoded.state_changes[0].type, 'CHANGE_TYPE_ADD_REPLICA');
    assert.deepEqual(decoded.state_changes[0].replica_info.memory_info.byte_space, {
      kind: 'BYTE_SPACE_KIND_VIEW',
      id: 'v',
    });
  });
});
