import { strict as assert } from 'node:assert';
import { GlobalStoreClients, Message, call } from './grpc-clients';
import { memInfo, registerReplica, registerWorker } from './replicas';

/** Helpers for the chunk directory, drain and transport e2e files. */

export interface TestWorker extends Message {
  worker_id: string;
  node_id: string;
  p2p_port: number;
  grpc_port: number;
}

export async function newWorker(c: GlobalStoreClients): Promise<TestWorker> {
  return (await registerWorker(c)) as TestWorker;
}

export function heartbeat(
  c: GlobalStoreClients,
  workerId: string,
  accepting = true,
): Promise<Message> {
  return call(c.runtime, 'WorkerHeartbeat', {
    worker_id: workerId,
    state_version: '1',
    accepting_new_requests: accepting,
    mem_pool_available_size: '1024',
  });
}

/** Heartbeats every worker in the set until stopped (the server's timeout is short here). */
export function keepAlive(c: GlobalStoreClients, workers: Set<string>, everyMs = 400): () => void {
  const timer = setInterval(() => {
    for (const id of workers) void heartbeat(c, id).catch(() => undefined);
  }, everyMs);
  return () => clearInterval(timer);
}

let portCounter = 0;
const ports = new Map<string, number>();

/** A peer-exportable replica of the worker (transport block EXPORTABLE, keys consistent). */
export async function exportableReplica(
  c: GlobalStoreClients,
  worker: TestWorker,
  artifactId: string,
  options: {
    tier?: string;
    maxConcurrency?: number;
    exportable?: boolean;
    viewId?: string;
    /** Distinguishes two replicas of one worker in the same tier. */
    slot?: number;
  } = {},
): Promise<string> {
  // The same (worker, artifact, tier, view, slot) always gets the same node_port, so a
  // re-registration is the same replica identity (and keeps its replica_id).
  const key = [worker.worker_id, artifactId, options.tier, options.viewId, options.slot].join('|');
  if (!ports.has(key)) ports.set(key, 20000 + (portCounter += 1));
  const nodePort = ports.get(key);
  return registerReplica(c, {
    artifact_id: artifactId,
    worker_id: worker.worker_id,
    max_concurrency: options.maxConcurrency ?? 2,
    mem_info: memInfo({
      node_id: worker.node_id,
      node_port: nodePort,
      memory_type: options.tier ?? 'MEMORY_TYPE_GPU',
      byte_space: options.viewId ? { kind: 'BYTE_SPACE_KIND_VIEW', id: options.viewId } : null,
      transport: {
        export_state:
          options.exportable === false ? 'EXPORT_STATE_PRESENCE_ONLY' : 'EXPORT_STATE_EXPORTABLE',
        export_generation: '1',
        remote_memory_keys: ['rk0', 'rk1'],
        buffer_sizes: ['4000', '96'],
      },
    }),
  });
}

export function transportRequest(
  requester: TestWorker,
  artifactId: string,
  extra: Message = {},
): Message {
  return {
    artifact_id: artifactId,
    source_node_id: requester.node_id,
    source_address: '127.0.0.1',
    source_port: requester.p2p_port,
    requester_worker_id: requester.worker_id,
    wait_timeout_dur: { seconds: '0', nanos: 0 },
    ...extra,
  };
}

export async function requestTransport(c: GlobalStoreClients, request: Message): Promise<Message> {
  return call(c.runtime, 'RequestReplicaTransport', request);
}

export async function grant(c: GlobalStoreClients, request: Message): Promise<Message> {
  const response = await requestTransport(c, request);
  assert.equal(response.status, 'STATUS_OK', JSON.stringify(response));
  return response;
}

export async function complete(
  c: GlobalStoreClients,
  transportId: string,
  outcome = 'TRANSPORT_COMPLETION_OUTCOME_SUCCESS',
  detail = '',
): Promise<Message> {
  return call(c.runtime, 'CompleteReplicaTransport', {
    transport_id: transportId,
    outcome,
    outcome_detail: detail,
  });
}

export async function drainLook(
  c: GlobalStoreClients,
  replicaId: string,
  timeoutMs = 0,
): Promise<Message> {
  return call(
    c.runtime,
    'WaitReplicaDrain',
    { replica_id: replicaId, timeout_ms: timeoutMs },
    timeoutMs + 5000,
  );
}

export function chunkUpdate(
  artifactId: string,
  chunkIdx: number,
  state: string,
  extra: Message = {},
): Message {
  return {
    artifact_id: artifactId,
    chunk_idx: chunkIdx,
    state,
    device_uuid: 'GPU-0',
    replica: 0,
    ...extra,
  };
}

export async function reportChunks(
  c: GlobalStoreClients,
  worker: TestWorker,
  updates: Message[],
): Promise<Message> {
  return call(c.runtime, 'BatchUpdateChunkStates', {
    worker_id: worker.worker_id,
    node_id: worker.node_id,
    updates,
  });
}

export async function locations(
  c: GlobalStoreClients,
  artifactId: string,
  chunks: number[] = [],
): Promise<Message[]> {
  const response = await call(c.runtime, 'QueryChunkLocations', {
    artifact_id: artifactId,
    chunk_indices: chunks,
  });
  assert.equal(response.status, 'STATUS_OK');
  return response.locations as Message[];
}

export async function windowRows(c: GlobalStoreClients): Promise<Message[]> {
  const response = await call(c.runtime, 'QueryTransportWindow', {
    created_at_start: { seconds: '0', nanos: 0 },
    created_at_end: { seconds: String(Math.floor(Date.now() / 1000) + 3600), nanos: 0 },
  });
  return response.rows as Message[];
}

export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 8000,
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
