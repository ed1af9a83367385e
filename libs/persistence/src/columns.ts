import { ColumnOptions } from 'typeorm';

/**
 * bigint columns come back as numbers on SQLite but as strings on PostgreSQL; entities
 * always see numbers. Values are bounded to 2^53 at the API edge.
 */
export function bigintColumn(name: string, extra: Partial<ColumnOptions> = {}): ColumnOptions {
  return {
    name,
    type: 'bigint',
    transformer: {
      to: (value: number | null | undefined) => value,
      from: (value: string | number | null) => (value === null ? null : Number(value)),
    },
    ...extra,
  };
}

/** JSON stored as portable text. */
export function jsonTextColumn(name: string): ColumnOptions {
  return {
    name,
    type: 'text',
    transformer: {
      to: (value: unknown) => JSON.stringify(value ?? null),
      from: (value: string | null) => (value === null ? null : (JSON.parse(value) as unknown)),
    },
  };
}

/** A JSON object stored as portable text, NULL when it has no keys (read back as {}). */
export function jsonObjectColumn(name: string): ColumnOptions {
  return {
    name,
    type: 'text',
    nullable: true,
    transformer: {
      to: (value: Record<string, unknown> | null | undefined) =>
        value && Object.keys(value).length > 0 ? JSON.stringify(value) : null,
      from: (value: string | null) =>
        value === null ? {} : (JSON.parse(value) as Record<string, unknown>),
    },
  };
}
