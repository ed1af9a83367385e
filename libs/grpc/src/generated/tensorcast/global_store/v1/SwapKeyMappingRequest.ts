// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Compare-and-set: applies only if the key still maps to expected_artifact_id (and, when
 * given, expected_generation).
 */
export interface SwapKeyMappingRequest {
  key?: string;
  new_artifact_id?: string;
  expected_artifact_id?: string;
  expected_generation?: number | string | Long;
  operation_id?: string;
  _expected_generation?: 'expected_generation';
}

/**
 * Compare-and-set: applies only if the key still maps to expected_artifact_id (and, when
 * given, expected_generation).
 */
export interface SwapKeyMappingRequest__Output {
  key: string;
  new_artifact_id: string;
  expected_artifact_id: string;
  expected_generation?: string;
  operation_id: string;
  _expected_generation?: 'expected_generation';
}
