import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A workflow's sampling-key rotations: the random salt mixed into its key (with the configured secret, which is not
 * stored here), who rotated it and when. Read only by the router; never returned by its API.
 */
export class CreateSamplingRotations1764100000000 implements MigrationInterface {
  name = 'CreateSamplingRotations1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE router.sampling_rotations (
        workflow   text        PRIMARY KEY,
        salt       text        NOT NULL,
        rotations  integer     NOT NULL,
        rotated_by text        NOT NULL,
        rotated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE router.sampling_rotations');
  }
}
