// Original file: proto/tcgs/admin/v1/admin.proto

import type {
  Registration as _tcgs_admin_v1_Registration,
  Registration__Output as _tcgs_admin_v1_Registration__Output,
} from '../../../tcgs/admin/v1/Registration';

export interface ListOpenRegistrationsResponse {
  registrations?: _tcgs_admin_v1_Registration[];
}

export interface ListOpenRegistrationsResponse__Output {
  registrations: _tcgs_admin_v1_Registration__Output[];
}
