// Original file: proto/tcgs/admin/v1/admin.proto

export interface RemoveWorkerRequest {
  worker_id?: string;
  /**
   * Required; recorded in the log and in the end_reason of the revoked registrations.
   */
  reason?: string;
  /**
   * Must equal the server's meta.cluster_token (removal is refused when none is configured).
   */
  cluster_token?: string;
  /**
   * Also remove a worker that is still heartbeating (ACTIVE, NOT_ACCEPTING, RECOVERING).
   */
  allow_active?: boolean;
}

export interface RemoveWorkerRequest__Output {
  worker_id: string;
  /**
   * Required; recorded in the log and in the end_reason of the revoked registrations.
   */
  reason: string;
  /**
   * Must equal the server's meta.cluster_token (removal is refused when none is configured).
   */
  cluster_token: string;
  /**
   * Also remove a worker that is still heartbeating (ACTIVE, NOT_ACCEPTING, RECOVERING).
   */
  allow_active: boolean;
}
