import { strict as assert } from 'node:assert';
import { mi2ArtifactId, sha256Multihash } from '../../../libs/artifacts/src';
import { GlobalStoreProcess } from './global-store.process';
import { GlobalStoreClients, Message, call, workerRequest } from './grpc-clients';

/** Requests and helpers shared by the replica e2e files. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const EMPTY_CHECKSUM = 'cbf29ce484222325';

let artifactCounter = 0;
/** A content-addressed artifact with its canonical index bytes. */
export function mi2Artifact(): { artifactId: string; indexData: Buffer; indexMultihash: string } {
  artifactCounter += 1;
  const indexData = Buffer.from(`{"tensors":["t${artifactCounter}-${process.pid}"]}`);
  const indexMultihash = sha256Multihash(indexData);
  const dataMultihash = sha256Multihash(Buffer.from(`data ${artifactCounter} ${process.pid}`));
  return { artifactId: mi2ArtifactId(indexMultihash, dataMultihash), indexData, indexMultihash };
}

export function memInfo(overrides: Message = {}): Message {
  return {
    node_id: 'node-a',
    node_address: '127.0.0.1',
    node_port: 7001,
    memory_size: '4096',
    memory_type: 'MEMORY_TYPE_GPU',
    device_id: 0,
    remote_memory_keys: ['rk0', 'rk1'],
    buffer_sizes: ['4000', '96'],
    is_memory_replica: true,
    source_process_id: 'pid-7',
    ...overrides,
  };
}

export function replicaRequest(
  workerId: string,
  artifactId: string,
  mem: Message = {},
  extra: Message = {},
): Message {
  return {
    artifact_id: artifactId,
    worker_id: workerId,
    max_concurrency: 8,
    mem_info: memInfo(mem),
    ...extra,
  };
}

export async function registerWorker(
  clients: GlobalStoreClients,
  overrides: Message = {},
): Promise<Message> {
  const request = workerRequest(overrides);
  const response = await call(clients.runtime, 'RegisterWorker', request);
  assert.equal(response.status, 'STATUS_OK');
  return { ...request, worker_id: response.worker_id };
}

export async function registerReplica(
  clients: GlobalStoreClients,
  request: Message,
): Promise<string> {
  const response = await call(clients.runtime, 'RegisterReplica', request);
  assert.equal(response.status, 'STATUS_OK');
  assert.match(response.replica_id, UUID_V4);
  return response.replica_id as string;
}

/** MemoryInfo without remote buffers: what a RAM or DISK replica of these tests reports. */
export const NO_BUFFERS: Message = { remote_memory_keys: [], buffer_sizes: [] };

/**
 * Registers one replica of the artifact on the worker per MemoryInfo change, one after the
 * other (registration order decides "the oldest"), and returns their replica_ids.
 */
export async function registerReplicasOf(
  clients: GlobalStoreClients,
  workerId: string,
  artifactId: string,
  mems: readonly Message[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const mem of mems) {
    ids.push(await registerReplica(clients, replicaRequest(workerId, artifactId, mem)));
  }
  return ids;
}

export async function listAll(
  clients: GlobalStoreClients,
  filters: Message,
  pageSize = 1000,
): Promise<Message[]> {
  const rows: Message[] = [];
  let token: string | undefined;
  do {
    const page = await call(clients.runtime, 'ListReplicasV2', {
      ...filters,
      pagination: { page_size: pageSize, ...(token ? { page_token: token } : {}) },
    });
    rows.push(...page.replicas);
    token = page.page_info?.next_page_token;
  } while (token);
  return rows;
}

export async function metricValue(server: GlobalStoreProcess, series: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** Runs fn over items with at most `limit` calls in flight. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(lanes);
  return results;
}
