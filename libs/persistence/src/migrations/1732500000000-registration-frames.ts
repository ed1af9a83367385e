import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feed frames of open registrations, one row each. Kept out of registrations.coverage_json
 * so that a Feed appends rows instead of rewriting a document that grows with every frame.
 */
export class RegistrationFrames1732500000000 implements MigrationInterface {
  name = 'RegistrationFrames1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE registration_frames (
      registration_id varchar(64) NOT NULL,
      artifact_offset bigint NOT NULL,
      length bigint NOT NULL,
      digest varchar(64) NOT NULL,
      storage_id varchar(512) NOT NULL DEFAULT '',
      storage_offset bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (registration_id, artifact_offset)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE registration_frames`);
  }
}
