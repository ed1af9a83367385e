// Original file: proto/tcgs/admin/v1/admin.proto

export interface ListArtifactsRequest {
  page_size?: number;
  page_token?: string;
}

export interface ListArtifactsRequest__Output {
  page_size: number;
  page_token: string;
}
