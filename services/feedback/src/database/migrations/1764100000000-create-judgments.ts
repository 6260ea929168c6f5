import { createOutboxTableSql, dropOutboxTableSql } from '@countersign/kafka';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every human judgment, once per (decision, task): the training data and the evidence behind every statistic. Also the
 * gold answers leads seed, per-workflow targets, the recommendations issued, and the outbox that publishes them.
 */
export class CreateJudgments1764100000000 implements MigrationInterface {
  name = 'CreateJudgments1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE feedback.judgments (
        decision_id      text             NOT NULL,
        task_id          text             NOT NULL,
        -- Arrival order: the export's resumable cursor. Unique, never reused.
        seq              bigint           GENERATED ALWAYS AS IDENTITY UNIQUE,
        kind             text             NOT NULL,
        workflow         text             NOT NULL,
        model_name       text             NOT NULL,
        model_version    text             NOT NULL,
        confidence       double precision NOT NULL,
        verdict          text             NOT NULL,
        reason_code      text,
        comment          text,
        reviewers        text[]           NOT NULL,
        time_on_task_ms  bigint           NOT NULL,
        random_sample    boolean          NOT NULL,
        -- Random samples cover all decisions, audit samples the released ones: the only rows statistics may use.
        unbiased_sample  boolean          GENERATED ALWAYS AS (kind = 'audit' OR random_sample) STORED,
        trust_level      smallint         NOT NULL,
        threshold        double precision NOT NULL,
        routing          jsonb            NOT NULL,
        input            jsonb,
        ai_output        jsonb            NOT NULL,
        final_output     jsonb,
        diff             jsonb            NOT NULL,
        -- The human's answer in canonical form (verdict, or a digest of the corrected output): agreement is equality.
        answer           text             NOT NULL,
        completed_at     timestamptz      NOT NULL,
        received_at      timestamptz      NOT NULL DEFAULT now(),
        PRIMARY KEY (decision_id, task_id)
      )`);
    // Metrics and exports ask per workflow and model version over a time window.
    await queryRunner.query(
      'CREATE INDEX judgments_scope_idx ON feedback.judgments (workflow, model_version, completed_at)',
    );
    await queryRunner.query(`
      CREATE TABLE feedback.gold_answers (
        decision_id   text        PRIMARY KEY,
        workflow      text        NOT NULL,
        verdict       text        NOT NULL,
        final_output  jsonb,
        answer        text        NOT NULL,
        created_by    text        NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE feedback.workflow_targets (
        workflow        text             PRIMARY KEY,
        max_error_rate  double precision NOT NULL,
        -- Opt-in: apply this workflow's recommendations through the router's policy API. Off unless a workflow asks.
        auto_apply      boolean          NOT NULL DEFAULT false,
        updated_by      text             NOT NULL,
        updated_at      timestamptz      NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE feedback.recommendations (
        recommendation_id  uuid             PRIMARY KEY,
        workflow           text             NOT NULL,
        model_version      text,
        kind               text             NOT NULL,
        current            double precision NOT NULL,
        recommended        double precision NOT NULL,
        evidence           jsonb            NOT NULL,
        issued_at          timestamptz      NOT NULL,
        -- For a workflow that opted in: when the recommendation was settled, the router policy version it became, or
        -- (version null) why it was not applied, e.g. the policy had changed since the recommendation was computed.
        settled_at         timestamptz,
        applied_version    integer,
        settled_note       text
      )`);
    await queryRunner.query(
      'CREATE INDEX recommendations_latest_idx ON feedback.recommendations (workflow, kind, issued_at DESC)',
    );
    for (const sql of createOutboxTableSql('feedback')) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of dropOutboxTableSql('feedback')) await queryRunner.query(sql);
    await queryRunner.query('DROP TABLE feedback.recommendations');
    await queryRunner.query('DROP TABLE feedback.workflow_targets');
    await queryRunner.query('DROP TABLE feedback.gold_answers');
    await queryRunner.query('DROP TABLE feedback.judgments');
  }
}
