import { createOutboxTableSql, dropOutboxTableSql } from '@countersign/kafka';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The full task lifecycle: the domain's task as a document (`doc`), with the columns queues filter and sort on kept
 * beside it; the history of every transition; and the outbox the outcomes are published from.
 */
export class TaskLifecycle1764095000000 implements MigrationInterface {
  name = 'TaskLifecycle1764095000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE review.tasks
        ADD COLUMN doc              jsonb,
        ADD COLUMN "group"          text        NOT NULL DEFAULT 'reviewers' CHECK ("group" IN ('reviewers', 'escalation')),
        ADD COLUMN due_at           timestamptz,
        ADD COLUMN error_cost       double precision,
        ADD COLUMN lease_holder     text,
        ADD COLUMN lease_expires_at timestamptz,
        ADD COLUMN judged_by        text[]      NOT NULL DEFAULT '{}',
        ADD COLUMN version          integer     NOT NULL DEFAULT 1,
        ADD COLUMN updated_at       timestamptz NOT NULL DEFAULT now()`);
    // Tasks stored by the walking skeleton become documents of the lifecycle's shape.
    await queryRunner.query(`
      UPDATE review.tasks SET
        due_at = requested_at + make_interval(secs => COALESCE((routing->>'slaSeconds')::int, 86400)),
        doc = jsonb_build_object(
          'id', id, 'decisionId', decision_id, 'kind', kind, 'workflow', workflow, 'state', state,
          'group', 'reviewers', 'requiredApprovals', COALESCE((routing->>'requiredApprovals')::int, 1),
          'judgments', '[]'::jsonb, 'errorCost', NULL, 'routing', routing, 'decision', decision, 'version', 1,
          'requestedAt', requested_at, 'createdAt', created_at,
          'dueAt', requested_at + make_interval(secs => COALESCE((routing->>'slaSeconds')::int, 86400)))`);
    await queryRunner.query('ALTER TABLE review.tasks ALTER COLUMN doc SET NOT NULL, ALTER COLUMN due_at SET NOT NULL');
    await queryRunner.query(`
      CREATE INDEX tasks_queue ON review.tasks (due_at, error_cost DESC NULLS LAST, created_at, id)
        WHERE state IN ('open', 'claimed', 'escalated')`);
    await queryRunner.query(`
      CREATE TABLE review.task_events (
        id       bigserial   PRIMARY KEY,
        task_id  uuid        NOT NULL REFERENCES review.tasks (id),
        event    text        NOT NULL,
        actor    text        NOT NULL,
        data     jsonb       NOT NULL DEFAULT '{}'::jsonb,
        at       timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX task_events_by_task ON review.task_events (task_id, id)');
    for (const statement of createOutboxTableSql('review')) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of dropOutboxTableSql('review')) await queryRunner.query(statement);
    await queryRunner.query('DROP TABLE review.task_events');
    await queryRunner.query('DROP INDEX review.tasks_queue');
    await queryRunner.query(`
      ALTER TABLE review.tasks DROP COLUMN doc, DROP COLUMN "group", DROP COLUMN due_at, DROP COLUMN error_cost,
        DROP COLUMN lease_holder, DROP COLUMN lease_expires_at, DROP COLUMN judged_by, DROP COLUMN version,
        DROP COLUMN updated_at`);
  }
}
