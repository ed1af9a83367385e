// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  KeyMapping as _tcgs_admin_v1_KeyMapping,
  KeyMapping__Output as _tcgs_admin_v1_KeyMapping__Output,
} from '../../../tcgs/admin/v1/KeyMapping';

export interface ResolveMappingResponse {
  found?: boolean;
  mapping?: _tcgs_admin_v1_KeyMapping | null;
}

export interface ResolveMappingResponse__Output {
  found: boolean;
  mapping: _tcgs_admin_v1_KeyMapping__Output | null;
}
