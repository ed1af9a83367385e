// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type { Long } from '@grpc/proto-loader';

export interface ViewTransportMetadata {
  view_id?: string;
  view_size_bytes?: number | string | Long;
  view_data_hash?: string;
  _view_data_hash?: 'view_data_hash';
}

export interface ViewTransportMetadata__Output {
  view_id: string;
  view_size_bytes: string;
  view_data_hash?: string;
  _view_data_hash?: 'view_data_hash';
}
