// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  Artifact as _tcgs_admin_v1_Artifact,
  Artifact__Output as _tcgs_admin_v1_Artifact__Output,
} from '../../../tcgs/admin/v1/Artifact';
import type { Long } from '@grpc/proto-loader';

export interface ListArtifactsResponse {
  artifacts?: _tcgs_admin_v1_Artifact[];
  next_page_token?: string;
  total_size?: number | string | Long;
}

export interface ListArtifactsResponse__Output {
  artifacts: _tcgs_admin_v1_Artifact__Output[];
  next_page_token: string;
  total_size: string;
}
