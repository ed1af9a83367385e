// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Transports of one group (the parts of one sharded load) are queued fairly against other
 * groups: starving groups first, then lagging ones, then priority, then age.
 */
export interface TransportSchedulingGroup {
  group_id?: string;
  group_kind?: string;
  total_parts?: number;
  part_id?: string;
  priority?: number;
  epoch?: number | string | Long;
}

/**
 * Transports of one group (the parts of one sharded load) are queued fairly against other
 * groups: starving groups first, then lagging ones, then priority, then age.
 */
export interface TransportSchedulingGroup__Output {
  group_id: string;
  group_kind: string;
  total_parts: number;
  part_id: string;
  priority: number;
  epoch: string;
}
