import { MigrationInterface, QueryRunner } from 'typeorm';
import { dropOutboxPublishedAtSql } from '@countersign/kafka';

/** The outbox's published_at is gone: the relay deletes what it publishes, in the batch's transaction. */
export class DropOutboxPublishedAt1764800000000 implements MigrationInterface {
  name = 'DropOutboxPublishedAt1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of dropOutboxPublishedAtSql('audit')) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "audit".outbox ADD COLUMN published_at timestamptz');
  }
}
