// Original file: proto/tensorcast/common/v1/common.proto

/**
 * Cursor paging: an absent page_size means the server default; page_token is opaque and
 * must be passed back exactly as received.
 */
export interface Pagination {
  page_size?: number;
  page_token?: string;
  _page_size?: 'page_size';
  _page_token?: 'page_token';
}

/**
 * Cursor paging: an absent page_size means the server default; page_token is opaque and
 * must be passed back exactly as received.
 */
export interface Pagination__Output {
  page_size?: number;
  page_token?: string;
  _page_size?: 'page_size';
  _page_token?: 'page_token';
}
