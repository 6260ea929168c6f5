import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who controls a workflow's oversight (#14): the stop switch as a property of each policy version (so every replica
 * applies it the way it applies any version), the per-workflow two-person rule, and proposals — changes that lower
 * oversight waiting for a second admin.
 */
export class CreatePolicyGovernance1764144000000 implements MigrationInterface {
  name = 'CreatePolicyGovernance1764144000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE router.policy_versions ADD COLUMN autonomy_stopped boolean NOT NULL DEFAULT false',
    );
    // No row means the two-person rule is on: switching it off is the explicit, audited act.
    await queryRunner.query(`
      CREATE TABLE router.workflow_governance (
        workflow         text        PRIMARY KEY,
        two_person_rule  boolean     NOT NULL,
        changed_by       text        NOT NULL,
        reason           text        NOT NULL,
        changed_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE router.policy_proposals (
        id               uuid        PRIMARY KEY,
        workflow         text        NOT NULL,
        kind             text        NOT NULL CHECK (kind IN ('policy', 'resume', 'two-person-rule-off')),
        base_version     integer     NOT NULL CHECK (base_version >= 0),
        policy           jsonb,
        lowers           jsonb       NOT NULL,
        reason           text        NOT NULL,
        proposed_by      text        NOT NULL,
        proposed_at      timestamptz NOT NULL DEFAULT now(),
        status           text        NOT NULL DEFAULT 'pending'
                                     CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
        decided_by       text,
        decided_at       timestamptz,
        applied_version  integer,
        CHECK ((kind = 'policy') = (policy IS NOT NULL))
      )`);
    await queryRunner.query(
      'CREATE INDEX policy_proposals_workflow_idx ON router.policy_proposals (workflow, proposed_at DESC)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE router.policy_proposals');
    await queryRunner.query('DROP TABLE router.workflow_governance');
    await queryRunner.query('ALTER TABLE router.policy_versions DROP COLUMN autonomy_stopped');
  }
}
