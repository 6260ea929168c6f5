import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every decision ends (#13): a task that nobody finishes expires at `expires_at` (its SLA plus the policy's expiry
 * window) into the final state `expired`. Tasks stored before get the review service's default window, a day after
 * their due time, as openTask gives a request without one. The states are spelled out, as in the first migration.
 */
export class TaskExpiry1764950013200 implements MigrationInterface {
  name = 'TaskExpiry1764950013200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE review.tasks ADD COLUMN expires_at timestamptz');
    await queryRunner.query(`UPDATE review.tasks SET expires_at = due_at + interval '1 day'`);
    await queryRunner.query('ALTER TABLE review.tasks ALTER COLUMN expires_at SET NOT NULL');
    await queryRunner.query('ALTER TABLE review.tasks DROP CONSTRAINT tasks_state_check');
    await queryRunner.query(`
      ALTER TABLE review.tasks ADD CONSTRAINT tasks_state_check
        CHECK (state IN ('open', 'claimed', 'completed', 'escalated', 'cancelled', 'expired'))`);
    // The expiry sweep's question: which unfinished tasks' time is up.
    await queryRunner.query(`
      CREATE INDEX tasks_expiry ON review.tasks (expires_at) WHERE state IN ('open', 'claimed', 'escalated')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX review.tasks_expiry');
    await queryRunner.query(`UPDATE review.tasks SET state = 'cancelled' WHERE state = 'expired'`);
    await queryRunner.query('ALTER TABLE review.tasks DROP CONSTRAINT tasks_state_check');
    await queryRunner.query(`
      ALTER TABLE review.tasks ADD CONSTRAINT tasks_state_check
        CHECK (state IN ('open', 'claimed', 'completed', 'escalated', 'cancelled'))`);
    await queryRunner.query('ALTER TABLE review.tasks DROP COLUMN expires_at');
  }
}
