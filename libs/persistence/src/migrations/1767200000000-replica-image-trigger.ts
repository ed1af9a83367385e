import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The restart image (libs/artifacts/src/replica-image.ts) is only valid while the replica
 * rows are exactly those it was written from; server_meta's `replica_image` row says so.
 * These triggers remove that row in the same transaction as any change to the rows, whoever
 * makes it (this server, a tool, the sqlite3 shell), so no start ever takes a stale image
 * for the table. SQLite only: the image is written next to an SQLite file and nowhere else.
 */
export class ReplicaImageTrigger1767200000000 implements MigrationInterface {
  name = 'ReplicaImageTrigger1767200000000';

  async up(q: QueryRunner): Promise<void> {
    if (!isSqlite(q)) return;
    for (const [suffix, event] of EVENTS) {
      await q.query(`CREATE TRIGGER replicas_forget_image_${suffix} AFTER ${event} ON replicas
        BEGIN DELETE FROM server_meta WHERE meta_key = 'replica_image'; END`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (!isSqlite(q)) return;
    for (const [suffix] of EVENTS) await q.query(`DROP TRIGGER replicas_forget_image_${suffix}`);
  }
}

const EVENTS = [
  ['insert', 'INSERT'],
  ['update', 'UPDATE'],
  ['delete', 'DELETE'],
] as const;

/** The schema-shape check runs migrations on a bare SQLite connection (no `connection`). */
function isSqlite(q: QueryRunner): boolean {
  const connection = (q as Partial<QueryRunner>).connection;
  return connection === undefined || connection.options.type === 'sqlite';
}
