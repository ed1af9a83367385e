/** Conversions between wire values (proto-loader's JS shapes) and plain domain values. */

export interface TimestampValue {
  seconds: string;
  nanos: number;
}

export function timestampFromMs(ms: number): TimestampValue {
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

export function msFromTimestamp(
  ts: { seconds?: string | number | null; nanos?: number | null } | null | undefined,
): number | undefined {
  if (!ts) return undefined;
  return Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
}
