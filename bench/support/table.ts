export type Cell = string | number;
export type Row = Record<string, Cell>;

/**
 * A plain-text table with columns in the order of the first row's keys (later rows may add
 * keys). The first column is left-aligned, the rest right-aligned: benches put a label first
 * and figures after it. Numbers are printed as given, so callers choose the precision.
 */
export function formatTable(rows: readonly Row[]): string {
  const columns: string[] = [];
  for (const row of rows)
    for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const cells = rows.map((row) => columns.map((c) => (row[c] === undefined ? '' : String(row[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function printTable(rows: readonly Row[]): void {
  process.stdout.write(`${formatTable(rows)}\n`);
}

/** Milliseconds with enough digits for sub-millisecond latencies. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value < 10 ? value.toFixed(3) : value.toFixed(1);
}

/** A rate or count with thousands separators and no decimals. */
export function count(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '-';
}

/** "0.42x" */
export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : '-';
}
