// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  Worker as _tcgs_admin_v1_Worker,
  Worker__Output as _tcgs_admin_v1_Worker__Output,
} from '../../../tcgs/admin/v1/Worker';
import type {
  Replica as _tcgs_admin_v1_Replica,
  Replica__Output as _tcgs_admin_v1_Replica__Output,
} from '../../../tcgs/admin/v1/Replica';
import type {
  Registration as _tcgs_admin_v1_Registration,
  Registration__Output as _tcgs_admin_v1_Registration__Output,
} from '../../../tcgs/admin/v1/Registration';

export interface GetWorkerResponse {
  worker?: _tcgs_admin_v1_Worker | null;
  replicas?: _tcgs_admin_v1_Replica[];
  open_registrations?: _tcgs_admin_v1_Registration[];
}

export interface GetWorkerResponse__Output {
  worker: _tcgs_admin_v1_Worker__Output | null;
  replicas: _tcgs_admin_v1_Replica__Output[];
  open_registrations: _tcgs_admin_v1_Registration__Output[];
}
