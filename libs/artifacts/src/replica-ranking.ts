import { MEMORY_TIER_OF, MemoryTier, ReplicaEntity } from './replica.entity';

/** Faster tiers first: a reader should fetch from GPU memory before host RAM before disk. */
const TIER_RANK: Record<MemoryTier, number> = { GPU: 0, RAM: 1, DISK: 2 };

export type RankedReplica = Pick<
  ReplicaEntity,
  'replicaId' | 'memoryType' | 'currentRequests' | 'maxConcurrency' | 'registeredAt'
>;

function tierRank(memoryType: number): number {
  const tier = MEMORY_TIER_OF[memoryType];
  return tier === undefined ? Number.MAX_SAFE_INTEGER : TIER_RANK[tier];
}

/** Share of the replica's concurrency in use; a replica that takes no requests is the worst. */
export function replicaLoad(replica: RankedReplica): number {
  return replica.maxConcurrency > 0 ? replica.currentRequests / replica.maxConcurrency : Infinity;
}

function byAgeThenId(a: RankedReplica, b: RankedReplica): number {
  return (
    a.registeredAt - b.registeredAt ||
    (a.replicaId < b.replicaId ? -1 : a.replicaId > b.replicaId ? 1 : 0)
  );
}

/** GetArtifactInfoById: GPU > RAM > DISK, then least loaded; ties by age so the order is stable. */
export function compareForReads(a: RankedReplica, b: RankedReplica): number {
  return (
    tierRank(a.memoryType) - tierRank(b.memoryType) ||
    replicaLoad(a) - replicaLoad(b) ||
    byAgeThenId(a, b)
  );
}

/** UnregisterReplicaByWorker picks the first: GPU before RAM before DISK, then the oldest. */
export function compareForUnregister(a: RankedReplica, b: RankedReplica): number {
  return tierRank(a.memoryType) - tierRank(b.memoryType) || byAgeThenId(a, b);
}
