import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A target change that accepts more released error waits here for a second admin of the workflow (the two-person
 * rule, ADR 0006). `base_target` is the target in force when it was proposed: approving after the target changed is
 * refused (superseded). Every step is also on the audit trail; this table is where a pending proposal is found and
 * locked.
 */
export class CreateTargetProposals1765300000000 implements MigrationInterface {
  name = 'CreateTargetProposals1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE feedback.target_proposals (
        id           uuid        PRIMARY KEY,
        workflow     text        NOT NULL,
        target       jsonb       NOT NULL,
        base_target  jsonb       NOT NULL,
        lowers       jsonb       NOT NULL,
        proposed_by  text        NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        status       text        NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
        decided_by   text,
        decided_at   timestamptz,
        note         text
      )`);
    await queryRunner.query(
      'CREATE INDEX target_proposals_workflow_idx ON feedback.target_proposals (workflow, created_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE feedback.target_proposals');
  }
}
