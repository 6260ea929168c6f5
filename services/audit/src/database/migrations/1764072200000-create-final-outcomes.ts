import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The final outcome of every decision, once: what compliance reads back, and the population the post-release audit
 * sample is drawn from.
 */
export class CreateFinalOutcomes1764072200000 implements MigrationInterface {
  name = 'CreateFinalOutcomes1764072200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit.final_outcomes (
        decision_id  text        PRIMARY KEY,
        workflow     text        NOT NULL,
        outcome      text        NOT NULL,
        decided_at   timestamptz NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // Outcome counts are asked per workflow; this lets Postgres count from the index alone.
    await queryRunner.query(
      'CREATE INDEX final_outcomes_workflow_outcome_idx ON audit.final_outcomes (workflow, outcome)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit.final_outcomes');
  }
}
