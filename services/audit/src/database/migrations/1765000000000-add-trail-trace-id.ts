import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace id of the work that produced each audit event (W3C trace context from the record's headers), so an
 * operator can open the decision's trace from its trail. Outside the hashed content: it is where an event was seen,
 * not what was decided, and records stored before it keep their hashes (their trace_id stays NULL).
 */
export class AddTrailTraceId1765000000000 implements MigrationInterface {
  name = 'AddTrailTraceId1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit.trail ADD COLUMN trace_id text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit.trail DROP COLUMN trace_id');
  }
}
