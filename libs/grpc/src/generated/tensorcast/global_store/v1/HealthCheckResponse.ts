// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';

export interface HealthCheckResponse {
  status?: _tensorcast_global_store_v1_Status;
  /**
   * meta.cluster_token from the config, so a daemon can tell it reached the right cluster.
   */
  cluster_token?: string;
}

export interface HealthCheckResponse__Output {
  status: _tensorcast_global_store_v1_Status__Output;
  /**
   * meta.cluster_token from the config, so a daemon can tell it reached the right cluster.
   */
  cluster_token: string;
}
