// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';

export interface GetServerInfoResponse {
  status?: _tensorcast_global_store_v1_Status;
  advertise_address?: string;
  advertise_host?: string;
  advertise_port?: number;
  listen_address?: string;
  listen_host?: string;
  listen_port?: number;
  metrics_port?: number;
  version?: string;
  /**
   * Empty when the store runs in memory.
   */
  db_file?: string;
  cluster_id?: string;
}

export interface GetServerInfoResponse__Output {
  status: _tensorcast_global_store_v1_Status__Output;
  advertise_address: string;
  advertise_host: string;
  advertise_port: number;
  listen_address: string;
  listen_host: string;
  listen_port: number;
  metrics_port: number;
  version: string;
  /**
   * Empty when the store runs in memory.
   */
  db_file: string;
  cluster_id: string;
}
