import { MigrationInterface, QueryRunner } from 'typeorm';

/** Append-only policy history: one row per version of a workflow's policy, with who changed it, when and why. */
export class CreatePolicyVersions1764070000000 implements MigrationInterface {
  name = 'CreatePolicyVersions1764070000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE router.policy_versions (
        workflow    text        NOT NULL,
        version     integer     NOT NULL CHECK (version > 0),
        policy      jsonb       NOT NULL,
        changed_by  text        NOT NULL,
        reason      text        NOT NULL,
        changed_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workflow, version)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE router.policy_versions');
  }
}
