// Original file: proto/tcgs/admin/v1/admin.proto

export interface GetArtifactRequest {
  artifact_id?: string;
}

export interface GetArtifactRequest__Output {
  artifact_id: string;
}
