// Original file: proto/tcgs/admin/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

export interface DatabaseStatus {
  /**
   * Absolute path of database.db_file; empty for an in-memory database.
   */
  file?: string;
  bytes?: number | string | Long;
  wal_bytes?: number | string | Long;
  /**
   * Writes waiting for the single write queue: a stalled disk shows up here.
   */
  write_queue_depth?: number | string | Long;
}

export interface DatabaseStatus__Output {
  /**
   * Absolute path of database.db_file; empty for an in-memory database.
   */
  file: string;
  bytes: string;
  wal_bytes: string;
  /**
   * Writes waiting for the single write queue: a stalled disk shows up here.
   */
  write_queue_depth: string;
}
