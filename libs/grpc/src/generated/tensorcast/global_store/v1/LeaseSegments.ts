// Original file: proto/tensorcast/global_store/v1/registration.proto

import type {
  LeaseSegment as _tensorcast_global_store_v1_LeaseSegment,
  LeaseSegment__Output as _tensorcast_global_store_v1_LeaseSegment__Output,
} from '../../../tensorcast/global_store/v1/LeaseSegment';

export interface LeaseSegments {
  segments?: _tensorcast_global_store_v1_LeaseSegment[];
}

export interface LeaseSegments__Output {
  segments: _tensorcast_global_store_v1_LeaseSegment__Output[];
}
