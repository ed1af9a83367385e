import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * High availability (docs/high-availability.md): the one lease row that names the leader.
 * Times are milliseconds of the database's clock, so instances never compare their own
 * clocks. Created on every driver to keep one schema; only PostgreSQL instances use it.
 */
export class HaLease1765200000000 implements MigrationInterface {
  name = 'HaLease1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ha_lease (
      id integer PRIMARY KEY NOT NULL,
      holder varchar(255) NOT NULL,
      epoch bigint NOT NULL,
      leader_address varchar(512) NOT NULL,
      acquired_at_ms bigint NOT NULL,
      expires_at_ms bigint NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE ha_lease');
  }
}
