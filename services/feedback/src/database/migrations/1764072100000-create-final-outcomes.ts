import { MigrationInterface, QueryRunner } from 'typeorm';

/** The final outcome of every decision, once: the denominator for how often people overrule the AI. */
export class CreateFinalOutcomes1764072100000 implements MigrationInterface {
  name = 'CreateFinalOutcomes1764072100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE feedback.final_outcomes (
        decision_id  text        PRIMARY KEY,
        workflow     text        NOT NULL,
        outcome      text        NOT NULL,
        decided_at   timestamptz NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // Outcome counts are asked per workflow; this lets Postgres count from the index alone.
    await queryRunner.query(
      'CREATE INDEX final_outcomes_workflow_outcome_idx ON feedback.final_outcomes (workflow, outcome)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE feedback.final_outcomes');
  }
}
