// Original file: proto/tensorcast/global_store/v1/global_store.proto

import type {
  TransportCompletionOutcome as _tensorcast_global_store_v1_TransportCompletionOutcome,
  TransportCompletionOutcome__Output as _tensorcast_global_store_v1_TransportCompletionOutcome__Output,
} from '../../../tensorcast/global_store/v1/TransportCompletionOutcome';

export interface CompleteReplicaTransportRequest {
  transport_id?: string;
  outcome?: _tensorcast_global_store_v1_TransportCompletionOutcome;
  outcome_detail?: string;
}

export interface CompleteReplicaTransportRequest__Output {
  transport_id: string;
  outcome: _tensorcast_global_store_v1_TransportCompletionOutcome__Output;
  outcome_detail: string;
}
