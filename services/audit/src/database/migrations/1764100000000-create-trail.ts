import { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTableSql, dropOutboxTableSql } from '@countersign/kafka';

/**
 * The tamper-evident trail: append-only, hash-chained, one row per audit event (unique event id), with the head of
 * each chain kept beside it so appends serialise per chain and a truncated chain is noticed. UPDATE, DELETE and
 * TRUNCATE are refused by triggers for every role, the owner included; in production the service's role should also
 * hold only SELECT and INSERT on audit.trail (see docs/ARCHITECTURE.md, audit). Also: audit samples with their verdicts, audit plans,
 * signed checkpoints, and the outbox through which derived events are published.
 */
export class CreateTrail1764100000000 implements MigrationInterface {
  name = 'CreateTrail1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit.trail (
        chain        integer     NOT NULL,
        seq          bigint      NOT NULL,
        event_id     uuid        NOT NULL,
        type         text        NOT NULL,
        decision_id  text,
        workflow     text,
        occurred_at  timestamptz NOT NULL,
        event        jsonb       NOT NULL,
        prev_hash    text        NOT NULL,
        hash         text        NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chain, seq),
        CONSTRAINT trail_event_id_unique UNIQUE (event_id)
      )`);
    await queryRunner.query('CREATE INDEX trail_decision_idx ON audit.trail (decision_id)');
    await queryRunner.query('CREATE INDEX final_outcomes_decided_idx ON audit.final_outcomes (workflow, decided_at)');
    await queryRunner.query('CREATE INDEX trail_workflow_type_idx ON audit.trail (workflow, type, occurred_at)');
    await queryRunner.query(`
      CREATE FUNCTION audit.refuse_trail_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit.trail is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trail_append_only BEFORE UPDATE OR DELETE ON audit.trail
        FOR EACH ROW EXECUTE FUNCTION audit.refuse_trail_change()`);
    await queryRunner.query(`
      CREATE TRIGGER trail_no_truncate BEFORE TRUNCATE ON audit.trail
        FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_trail_change()`);
    await queryRunner.query(`
      CREATE TABLE audit.chain_heads (
        chain  integer PRIMARY KEY,
        seq    bigint  NOT NULL,
        hash   text    NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE audit.samples (
        decision_id    text        PRIMARY KEY,
        workflow       text        NOT NULL,
        period_start   timestamptz NOT NULL,
        bucket         integer     NOT NULL,
        bucket_label   text        NOT NULL,
        reason         text        NOT NULL,
        trust_level    integer     NOT NULL,
        confidence     double precision NOT NULL,
        sampled_at     timestamptz NOT NULL,
        task_id        text,
        verdict        text,
        judged_at      timestamptz
      )`);
    await queryRunner.query('CREATE INDEX samples_stratum_idx ON audit.samples (workflow, period_start, bucket)');
    await queryRunner.query(`
      CREATE TABLE audit.plans (
        workflow    text        PRIMARY KEY,
        plan        jsonb       NOT NULL,
        changed_by  text        NOT NULL,
        changed_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE audit.checkpoints (
        checkpoint_id  uuid        PRIMARY KEY,
        issued_at      timestamptz NOT NULL,
        body           jsonb       NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE audit.reports (
        workflow      text        NOT NULL,
        period_from   timestamptz NOT NULL,
        period_to     timestamptz NOT NULL,
        report        jsonb       NOT NULL,
        generated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workflow, period_from, period_to)
      )`);
    await queryRunner.query(
      'ALTER TABLE audit.final_outcomes ADD COLUMN confidence double precision, ADD COLUMN trust_level integer',
    );
    for (const sql of createOutboxTableSql('audit')) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of dropOutboxTableSql('audit')) await queryRunner.query(sql);
    await queryRunner.query('ALTER TABLE audit.final_outcomes DROP COLUMN confidence, DROP COLUMN trust_level');
    await queryRunner.query(
      'DROP TABLE audit.reports, audit.checkpoints, audit.plans, audit.samples, audit.chain_heads',
    );
    await queryRunner.query('DROP TABLE audit.trail');
    await queryRunner.query('DROP FUNCTION audit.refuse_trail_change()');
  }
}
