// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Duration as _google_protobuf_Duration,
  Duration__Output as _google_protobuf_Duration__Output,
} from '../../../google/protobuf/Duration';

export interface UpsertKeyMappingRequest {
  key?: string;
  artifact_id?: string;
  replica_uuid?: string;
  daemon_address?: string;
  ttl?: _google_protobuf_Duration | null;
}

export interface UpsertKeyMappingRequest__Output {
  key: string;
  artifact_id: string;
  replica_uuid: string;
  daemon_address: string;
  ttl: _google_protobuf_Duration__Output | null;
}
