import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What risk control learns from (issue #15): every decision a workflow's risk rule governed, as routed — released or
 * not, judged or not — because a released decision nobody looked at is evidence too (it counts −α in every test). And
 * the risk rule updates feedback sent to the router, with their evidence and what became of them.
 */
export class CreateRiskObservations1765000000000 implements MigrationInterface {
  name = 'CreateRiskObservations1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE feedback.risk_observations (
        decision_id    text             PRIMARY KEY,
        workflow       text             NOT NULL,
        model_version  text             NOT NULL,
        mode           text             NOT NULL,
        safety         double precision NOT NULL,
        error_cost     double precision,
        -- The cut in force when routed (null: none certified, all reviewed) and the budget's sample rate then.
        cut            double precision,
        sample_rate    double precision NOT NULL,
        propensity     double precision NOT NULL,
        to_review      boolean          NOT NULL,
        routed_at      timestamptz      NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX risk_observations_scope_idx ON feedback.risk_observations (workflow, model_version, routed_at)',
    );
    await queryRunner.query(`
      CREATE TABLE feedback.risk_rule_updates (
        id               bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        workflow         text         NOT NULL,
        direction        text         NOT NULL,
        rules            jsonb        NOT NULL,
        -- applied (router policy version), proposed (router proposal id), or advice (workflow did not opt in).
        outcome          text         NOT NULL,
        policy_version   integer,
        proposal_id      text,
        note             text         NOT NULL,
        created_at       timestamptz  NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      'CREATE INDEX risk_rule_updates_latest_idx ON feedback.risk_rule_updates (workflow, created_at DESC)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE feedback.risk_rule_updates');
    await queryRunner.query('DROP TABLE feedback.risk_observations');
  }
}
