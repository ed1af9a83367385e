/** Characters of a client value quoted in an error message or log line. */
// Long enough for a whole mi2 artifact id (about 120 characters), short enough that a
// message quoting a few values stays far below the 8 KiB trailer limit.
export const QUOTED_PREFIX_CHARS = 128;

/**
 * A client-supplied value as it may appear in an error message: a short prefix, escaped
 * (JSON string syntax, so control characters and quotes cannot forge a log line or break a
 * status trailer), with the full length when it was cut. Error details travel as trailers,
 * and C-core clients refuse trailers over 8 KiB with RESOURCE_EXHAUSTED instead of the real
 * status, so no message may echo a value in full.
 */
export function quoteClientValue(value: unknown, maxChars = QUOTED_PREFIX_CHARS): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = typeof value === 'string' ? value : String(value);
  if (text.length <= maxChars) return JSON.stringify(text);
  // Never cut a surrogate pair in half: the escaped prefix must stay valid UTF-16.
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${JSON.stringify(text.slice(0, end))}… (${text.length} chars)`;
}
