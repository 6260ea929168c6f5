import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rules per segment (issue #15, opt-in riskBudget.segmentBy): each governed decision keeps the segmentation it was
 * routed under and its segment, so risk control replays each model version × segment on its own. Rows stored before
 * have neither: they were routed without segments, and stay the evidence of the version-wide rules. Adding nullable
 * columns rewrites no row, and feedback replicas still running the previous release go on inserting without them.
 */
export class AddRiskObservationSegments1765100000000 implements MigrationInterface {
  name = 'AddRiskObservationSegments1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE feedback.risk_observations
        ADD COLUMN segment_by text,
        ADD COLUMN segment    text,
        ADD CONSTRAINT risk_observations_segment_check CHECK ((segment_by IS NULL) = (segment IS NULL)) NOT VALID`);
    // Checked apart, under a lock that lets inserts go on while the old rows (all without a segment) are read.
    await queryRunner.query(
      'ALTER TABLE feedback.risk_observations VALIDATE CONSTRAINT risk_observations_segment_check',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE feedback.risk_observations
        DROP CONSTRAINT risk_observations_segment_check,
        DROP COLUMN segment,
        DROP COLUMN segment_by`);
  }
}
