import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger of routed ids is written for every decision on the hot path, so it keeps only what deduplication needs.
 * The fields a policy dry-run replays move to decision_samples, written for a bounded share of each batch.
 */
export class SplitDecisionSamples1764090000000 implements MigrationInterface {
  name = 'SplitDecisionSamples1764090000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE router.decision_samples (
        decision_id text        PRIMARY KEY,
        workflow    text        NOT NULL,
        facts       jsonb       NOT NULL,
        routed_at   timestamptz NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX decision_samples_recent ON router.decision_samples (workflow, routed_at DESC)',
    );
    await queryRunner.query(`
      INSERT INTO router.decision_samples (decision_id, workflow, facts, routed_at)
      SELECT decision_id, workflow, facts, routed_at FROM router.routed_decisions`);
    await queryRunner.query('DROP INDEX router.routed_decisions_recent');
    await queryRunner.query('ALTER TABLE router.routed_decisions DROP COLUMN facts');
    await queryRunner.query('CREATE INDEX routed_decisions_age ON router.routed_decisions (routed_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX router.routed_decisions_age');
    await queryRunner.query(`ALTER TABLE router.routed_decisions ADD COLUMN facts jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await queryRunner.query(
      'CREATE INDEX routed_decisions_recent ON router.routed_decisions (workflow, routed_at DESC)',
    );
    await queryRunner.query('DROP TABLE router.decision_samples');
  }
}
