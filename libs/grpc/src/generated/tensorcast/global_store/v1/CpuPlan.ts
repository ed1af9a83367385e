// Original file: proto/tensorcast/global_store/v1/registration.proto

/**
 * Host staging. May be left empty.
 */
export interface CpuPlan {
  /**
   * Same meaning as CoalescedPlan.remote_memory_key, for the host buffer.
   */
  remote_memory_key?: string;
}

/**
 * Host staging. May be left empty.
 */
export interface CpuPlan__Output {
  /**
   * Same meaning as CoalescedPlan.remote_memory_key, for the host buffer.
   */
  remote_memory_key: string;
}
