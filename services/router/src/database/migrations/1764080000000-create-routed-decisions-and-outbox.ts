import { createOutboxTableSql, dropOutboxTableSql } from '@countersign/kafka';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * routed_decisions: every decision id the router has routed (to recognise a producer's re-send), with the fields
 * policies read, so a proposed policy can be replayed against recent traffic. outbox: policy changes to publish.
 */
export class CreateRoutedDecisionsAndOutbox1764080000000 implements MigrationInterface {
  name = 'CreateRoutedDecisionsAndOutbox1764080000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE router.routed_decisions (
        decision_id    text        PRIMARY KEY,
        workflow       text        NOT NULL,
        route          text        NOT NULL CHECK (route IN ('autonomous', 'review')),
        policy_version integer     NOT NULL,
        facts          jsonb       NOT NULL,
        routed_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      'CREATE INDEX routed_decisions_recent ON router.routed_decisions (workflow, routed_at DESC)',
    );
    for (const statement of createOutboxTableSql('router')) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of dropOutboxTableSql('router')) await queryRunner.query(statement);
    await queryRunner.query('DROP TABLE router.routed_decisions');
  }
}
