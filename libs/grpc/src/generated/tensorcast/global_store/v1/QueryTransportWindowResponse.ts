// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  Status as _tensorcast_global_store_v1_Status,
  Status__Output as _tensorcast_global_store_v1_Status__Output,
} from '../../../tensorcast/global_store/v1/Status';
import type {
  TransportWindowRow as _tensorcast_global_store_v1_TransportWindowRow,
  TransportWindowRow__Output as _tensorcast_global_store_v1_TransportWindowRow__Output,
} from '../../../tensorcast/global_store/v1/TransportWindowRow';

export interface QueryTransportWindowResponse {
  status?: _tensorcast_global_store_v1_Status;
  rows?: _tensorcast_global_store_v1_TransportWindowRow[];
}

export interface QueryTransportWindowResponse__Output {
  status: _tensorcast_global_store_v1_Status__Output;
  rows: _tensorcast_global_store_v1_TransportWindowRow__Output[];
}
