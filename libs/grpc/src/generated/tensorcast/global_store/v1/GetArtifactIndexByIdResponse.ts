// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';

export interface GetArtifactIndexByIdResponse {
  status?: _tensorcast_global_store_v1_Status;
  tensor_index_data?: Buffer | Uint8Array | string;
  encoding?: string;
  schema_version?: string;
}

export interface GetArtifactIndexByIdResponse__Output {
  status: _tensorcast_global_store_v1_Status__Output;
  tensor_index_data: Buffer;
  encoding: string;
  schema_version: string;
}
