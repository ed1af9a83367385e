// Original file: proto/tensorcast/global_store/v1/registration.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The daemon's contiguous GPU buffer. Both fields may be left empty.
 */
export interface CoalescedPlan {
  /**
   * Daemon-local device address of the buffer; recorded for diagnostics only.
   */
  buffer_address?: number | string | Long;
  /**
   * Exported key of the buffer; when set, the committed replica advertises it as its single
   * remote_memory_key with buffer_sizes = [total_size].
   */
  remote_memory_key?: string;
}

/**
 * The daemon's contiguous GPU buffer. Both fields may be left empty.
 */
export interface CoalescedPlan__Output {
  /**
   * Daemon-local device address of the buffer; recorded for diagnostics only.
   */
  buffer_address: string;
  /**
   * Exported key of the buffer; when set, the committed replica advertises it as its single
   * remote_memory_key with buffer_sizes = [total_size].
   */
  remote_memory_key: string;
}
