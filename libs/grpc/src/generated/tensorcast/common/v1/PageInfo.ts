// Original file: proto/tensorcast/common/v1/common.proto

/**
 * next_page_token is absent on the last page; total_size counts all matches, not the page.
 */
export interface PageInfo {
  next_page_token?: string;
  total_size?: number;
  _next_page_token?: 'next_page_token';
  _total_size?: 'total_size';
}

/**
 * next_page_token is absent on the last page; total_size counts all matches, not the page.
 */
export interface PageInfo__Output {
  next_page_token?: string;
  total_size?: number;
  _next_page_token?: 'next_page_token';
  _total_size?: 'total_size';
}
