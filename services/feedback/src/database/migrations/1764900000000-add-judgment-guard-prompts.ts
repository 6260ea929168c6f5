import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which reviewers the rubber-stamp guard prompted before their verdict (#20), as the review event carries it: the
 * prompt's effect on approve rate and gold agreement is measured from it. NULL for judgments recorded before, and for
 * verdicts nobody was prompted for.
 */
export class AddJudgmentGuardPrompts1764900000000 implements MigrationInterface {
  name = 'AddJudgmentGuardPrompts1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE feedback.judgments ADD COLUMN guard_prompts jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE feedback.judgments DROP COLUMN guard_prompts');
  }
}
