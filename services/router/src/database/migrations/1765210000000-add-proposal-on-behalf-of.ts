import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin a service's proposal follows (feedback files promotions on the strength of the target an admin set). That
 * admin may not approve it either; null for proposals a person filed, and for those stored before.
 */
export class AddProposalOnBehalfOf1765210000000 implements MigrationInterface {
  name = 'AddProposalOnBehalfOf1765210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE router.policy_proposals ADD COLUMN on_behalf_of text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE router.policy_proposals DROP COLUMN on_behalf_of');
  }
}
