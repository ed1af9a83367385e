// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  Artifact as _tcgs_admin_v1_Artifact,
  Artifact__Output as _tcgs_admin_v1_Artifact__Output,
} from '../../../tcgs/admin/v1/Artifact';
import type {
  Replica as _tcgs_admin_v1_Replica,
  Replica__Output as _tcgs_admin_v1_Replica__Output,
} from '../../../tcgs/admin/v1/Replica';

export interface GetArtifactResponse {
  artifact?: _tcgs_admin_v1_Artifact | null;
  replicas?: _tcgs_admin_v1_Replica[];
}

export interface GetArtifactResponse__Output {
  artifact: _tcgs_admin_v1_Artifact__Output | null;
  replicas: _tcgs_admin_v1_Replica__Output[];
}
