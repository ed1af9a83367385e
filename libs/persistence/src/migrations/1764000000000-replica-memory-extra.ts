import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rows read and rewritten per statement while moving existing databases forward. */
const PAGE = 2000;
/** Rows per CASE UPDATE: two parameters each plus the IN list stays under 999. */
const UPDATE_CHUNK = 300;

const HELD_IN_COLUMNS = [
  'node_id',
  'node_address',
  'node_port',
  'memory_size',
  'memory_type',
  'device_id',
];

/**
 * Replica rows stored the whole MemoryInfo as JSON next to the columns holding the same
 * values (about 320 bytes a row). They now keep only what the columns do not: memory_extra,
 * NULL when nothing is left. The stripping rule is memoryInfoExtra's (libs/artifacts), copied
 * here because a migration must keep doing what it did when it was written.
 */
export class ReplicaMemoryExtra1764000000000 implements MigrationInterface {
  name = 'ReplicaMemoryExtra1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE replicas ADD COLUMN memory_extra text NULL`);
    await rewritePaged(q, 'memory_info', 'memory_extra', (row) => {
      const extra = stripToExtra(parseObject(row.memory_info));
      return Object.keys(extra).length === 0 ? null : JSON.stringify(extra);
    });
    await q.query(`ALTER TABLE replicas DROP COLUMN memory_info`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE replicas ADD COLUMN memory_info text NOT NULL DEFAULT '{}'`);
    await rewritePaged(q, 'memory_extra', 'memory_info', (row) =>
      JSON.stringify({
        ...parseObject(row.memory_extra),
        node_id: row.node_id,
        node_address: row.node_address,
        node_port: Number(row.node_port),
        memory_size: String(row.memory_size),
        memory_type: ['', 'MEMORY_TYPE_RAM', 'MEMORY_TYPE_GPU', 'MEMORY_TYPE_DISK'][
          Number(row.memory_type)
        ],
        device_id: Number(row.device_id),
        ...(row.view_id ? { byte_space: { kind: 'BYTE_SPACE_KIND_VIEW', id: row.view_id } } : {}),
      }),
    );
    await q.query(`ALTER TABLE replicas DROP COLUMN memory_extra`);
  }
}

type Row = Record<string, string | number | null>;

/** Pages through replicas by replica_id and writes `to` from each row with CASE UPDATEs. */
async function rewritePaged(
  q: QueryRunner,
  from: string,
  to: string,
  convert: (row: Row) => string | null,
): Promise<void> {
  const driver = q.connection.driver;
  const columns = ['replica_id', from, ...HELD_IN_COLUMNS, 'view_id'].join(', ');
  let after = '';
  for (;;) {
    const rows = (await q.query(
      `SELECT ${columns} FROM replicas WHERE replica_id > ${driver.createParameter('after', 0)}
        ORDER BY replica_id LIMIT ${PAGE}`,
      [after],
    )) as Row[];
    const changed = rows
      .map((row) => [String(row.replica_id), convert(row)] as const)
      .filter(([, value]) => value !== null);
    for (let i = 0; i < changed.length; i += UPDATE_CHUNK) {
      const chunk = changed.slice(i, i + UPDATE_CHUNK);
      const parameters: unknown[] = [];
      const mark = (value: unknown) => {
        parameters.push(value);
        return driver.createParameter(`p${parameters.length - 1}`, parameters.length - 1);
      };
      const arms = chunk.map(([id, value]) => `WHEN ${mark(id)} THEN ${mark(value)}`).join(' ');
      const ids = chunk.map(([id]) => mark(id)).join(', ');
      await q.query(
        `UPDATE replicas SET ${to} = CASE replica_id ${arms} END WHERE replica_id IN (${ids})`,
        parameters,
      );
    }
    if (rows.length < PAGE) return;
    after = String(rows[rows.length - 1].replica_id);
  }
}

function parseObject(text: string | number | null): Record<string, unknown> {
  if (typeof text !== 'string' || text === '') return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function stripToExtra(stored: Record<string, unknown>): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (HELD_IN_COLUMNS.includes(key)) continue;
    if (value === null || value === '' || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    const kind = kindOf(value);
    if (key === 'byte_space' && (kind === 'BYTE_SPACE_KIND_VIEW' || kind === '2')) continue;
    extra[key] = value;
  }
  return extra;
}

function kindOf(value: unknown): string {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' || typeof kind === 'number' ? String(kind) : '';
}
