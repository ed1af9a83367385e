/**
 * The leader lease on PostgreSQL: one row (id 1) naming the holder, its epoch and when the
 * lease ends. Every time is the database's clock (clock_timestamp(), in milliseconds), so
 * no two instances ever compare their own clocks. The epoch only grows: each takeover adds
 * one, and it is the fencing token every write transaction of the leader checks.
 */

/** Anything that runs a parameterised query and returns its rows (pg.Client, EntityManager). */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface LeaseRow {
  holder: string;
  epoch: number;
  leaderAddress: string;
  /** Database-clock milliseconds. */
  expiresAtMs: number;
  /** The database's clock when the row was read. */
  nowMs: number;
}

export interface HeldLease {
  epoch: number;
  expiresAtMs: number;
}

const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/**
 * Takes the lease if nobody holds it or it has expired, or ($4) if this same instance id
 * holds it: a restart of the instance (its old process is gone) need not wait out its own
 * lease; the new epoch fences anything the old process might still try. Two standbys racing
 * both reach the row lock; the second re-checks the row the first wrote and gets nothing.
 */
const ACQUIRE_SQL = `
INSERT INTO ha_lease (id, holder, epoch, leader_address, acquired_at_ms, expires_at_ms)
VALUES (1, $1, 1, $2, ${NOW_MS}, ${NOW_MS} + $3::bigint)
ON CONFLICT (id) DO UPDATE SET
  holder = EXCLUDED.holder,
  epoch = ha_lease.epoch + 1,
  leader_address = EXCLUDED.leader_address,
  acquired_at_ms = EXCLUDED.acquired_at_ms,
  expires_at_ms = EXCLUDED.expires_at_ms
WHERE ha_lease.expires_at_ms <= ${NOW_MS} OR ($4::boolean AND ha_lease.holder = $1)
RETURNING epoch, expires_at_ms`;

/** Extends the lease only while it is still ours and not yet expired. */
const RENEW_SQL = `
UPDATE ha_lease SET expires_at_ms = ${NOW_MS} + $3::bigint
WHERE id = 1 AND holder = $1 AND epoch = $2 AND expires_at_ms > ${NOW_MS}
RETURNING epoch, expires_at_ms`;

/** Ends our lease now, so a standby takes over without waiting out the TTL. */
const RELEASE_SQL = `
UPDATE ha_lease SET expires_at_ms = ${NOW_MS} - 1
WHERE id = 1 AND holder = $1 AND epoch = $2`;

const READ_SQL = `
SELECT holder, epoch, leader_address, expires_at_ms, ${NOW_MS} AS now_ms FROM ha_lease WHERE id = 1`;

/**
 * Runs inside every write group transaction of the leader, just before COMMIT. FOR SHARE
 * holds the row until COMMIT, so a takeover (an UPDATE of that row) waits for this group:
 * either the group commits while the lease is still ours, or the takeover came first and
 * the group finds no row and rolls back. set_config gives this pooled connection an
 * idle-in-transaction timeout, so a leader paused (SIGSTOP, GC) with a transaction open
 * has its session ended by the database and cannot block the takeover past it.
 */
export const FENCE_SQL = `
SELECT epoch, set_config('idle_in_transaction_session_timeout', $3, false) AS timeout
FROM ha_lease
WHERE id = 1 AND holder = $1 AND epoch = $2 AND expires_at_ms > ${NOW_MS}
FOR SHARE`;

interface RawLeaseRow {
  holder?: string;
  epoch?: string | number;
  leader_address?: string;
  expires_at_ms?: string | number;
  now_ms?: string | number;
}

/** pg returns a Result with rows; TypeORM's EntityManager.query returns the rows. */
function rowsOf(result: unknown): RawLeaseRow[] {
  if (Array.isArray(result)) return result as RawLeaseRow[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? (rows as RawLeaseRow[]) : [];
}

function held(result: unknown): HeldLease | undefined {
  const [row] = rowsOf(result);
  if (row === undefined) return undefined;
  return { epoch: Number(row.epoch), expiresAtMs: Number(row.expires_at_ms) };
}

export async function tryAcquireLease(
  db: Queryable,
  holder: string,
  leaderAddress: string,
  ttlMs: number,
  reclaimOwn = false,
): Promise<HeldLease | undefined> {
  return held(await db.query(ACQUIRE_SQL, [holder, leaderAddress, ttlMs, reclaimOwn]));
}

export async function renewLease(
  db: Queryable,
  holder: string,
  epoch: number,
  ttlMs: number,
): Promise<HeldLease | undefined> {
  return held(await db.query(RENEW_SQL, [holder, epoch, ttlMs]));
}

export async function releaseLease(db: Queryable, holder: string, epoch: number): Promise<void> {
  await db.query(RELEASE_SQL, [holder, epoch]);
}

export async function readLease(db: Queryable): Promise<LeaseRow | undefined> {
  const [row] = rowsOf(await db.query(READ_SQL));
  if (row === undefined) return undefined;
  return {
    holder: String(row.holder),
    epoch: Number(row.epoch),
    leaderAddress: String(row.leader_address),
    expiresAtMs: Number(row.expires_at_ms),
    nowMs: Number(row.now_ms),
  };
}

/** True when the lease is still ours inside the caller's transaction (see FENCE_SQL). */
export async function proveLease(
  db: Queryable,
  holder: string,
  epoch: number,
  idleInTransactionTimeoutMs: number,
): Promise<boolean> {
  const rows = rowsOf(
    await db.query(FENCE_SQL, [holder, epoch, String(Math.round(idleInTransactionTimeoutMs))]),
  );
  return rows.length > 0;
}
