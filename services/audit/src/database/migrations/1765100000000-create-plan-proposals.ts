import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit-plan changes that lower post-release oversight wait here for a second admin of the workflow (the two-person
 * rule, ADR 0006). `base_plan` is the plan in force when it was proposed: approving after the plan changed is refused
 * (superseded). Every step is also on the trail; this table is where a pending proposal is found and locked.
 */
export class CreatePlanProposals1765100000000 implements MigrationInterface {
  name = 'CreatePlanProposals1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit.plan_proposals (
        id           uuid        PRIMARY KEY,
        workflow     text        NOT NULL,
        plan         jsonb       NOT NULL,
        base_plan    jsonb       NOT NULL,
        lowers       jsonb       NOT NULL,
        proposed_by  text        NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        status       text        NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
        decided_by   text,
        decided_at   timestamptz,
        note         text
      )`);
    await queryRunner.query('CREATE INDEX plan_proposals_workflow_idx ON audit.plan_proposals (workflow, created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit.plan_proposals');
  }
}
