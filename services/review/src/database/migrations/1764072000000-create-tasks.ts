import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One review task per decision and kind: a decision routed to review and the same decision sampled for audit are two
 * tasks, a redelivered request is not. The states are spelled out here rather than imported from the domain so this
 * migration keeps meaning what it meant when it ran; a new state is a new migration.
 */
export class CreateTasks1764072000000 implements MigrationInterface {
  name = 'CreateTasks1764072000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE review.tasks (
        id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        decision_id   text        NOT NULL,
        kind          text        NOT NULL,
        workflow      text        NOT NULL,
        state         text        NOT NULL DEFAULT 'open'
                                  CHECK (state IN ('open', 'claimed', 'completed', 'escalated', 'cancelled')),
        routing       jsonb       NOT NULL,
        decision      jsonb       NOT NULL,
        requested_at  timestamptz NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tasks_decision_kind_key UNIQUE (decision_id, kind)
      )`);
    // Reviewers work one workflow's queue at a time: "the open tasks of contract-review".
    await queryRunner.query('CREATE INDEX tasks_workflow_state_idx ON review.tasks (workflow, state)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE review.tasks');
  }
}
