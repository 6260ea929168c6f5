import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ReviewKind, VerdictKind } from '@countersign/contracts';
import { DataSource } from 'typeorm';
import { CatchRateInputs } from '../domain/catch-rate';
import { AnsweredJudgment } from '../domain/reviewer-quality';
import { JudgmentScope, scopeCondition } from './judgment-scope';

export type ScopedQuery = JudgmentScope & { workflows?: readonly string[] };

interface JudgmentRow {
  decision_id: string;
  task_id: string;
  workflow: string;
  model_name: string;
  model_version: string;
  confidence: number;
  kind: ReviewKind;
  verdict: VerdictKind;
  random_sample: boolean;
  reviewers: string[];
  time_on_task_ms: string;
  completed_at: Date;
  answer: string;
  guard_prompts: Array<{ reviewer: string; reconsidered: boolean }> | null;
}

const JUDGMENT_COLUMNS = `decision_id, task_id, workflow, model_name, model_version, confidence, kind, verdict,
  random_sample, reviewers, time_on_task_ms, completed_at, answer, guard_prompts`;

/** The reads behind the statistics: only the columns the domain needs, never the payloads. */
@Injectable()
export class StatisticsStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Random and audit samples in scope: the only judgments accuracy, calibration and thresholds may be judged on. */
  async unbiasedSamples(scope: ScopedQuery): Promise<AnsweredJudgment[]> {
    const where = scopeCondition(scope);
    const rows: JudgmentRow[] = await this.dataSource.query(
      `SELECT ${JUDGMENT_COLUMNS} FROM feedback.judgments WHERE unbiased_sample AND ${where.sql}`,
      where.params,
    );
    return rows.map(judgmentOf);
  }

  async allJudgments(scope: ScopedQuery): Promise<AnsweredJudgment[]> {
    const where = scopeCondition(scope);
    const rows: JudgmentRow[] = await this.dataSource.query(
      `SELECT ${JUDGMENT_COLUMNS} FROM feedback.judgments WHERE ${where.sql}`,
      where.params,
    );
    return rows.map(judgmentOf);
  }

  /** Judgments of every kind per workflow × model version, keyed by JSON [workflow, model version]. */
  async judgedCounts(scope: ScopedQuery): Promise<Map<string, number>> {
    const where = scopeCondition(scope);
    const rows: Array<{ workflow: string; model_version: string; judged: number }> = await this.dataSource.query(
      `SELECT workflow, model_version, count(*)::int AS judged FROM feedback.judgments WHERE ${where.sql}
       GROUP BY workflow, model_version`,
      where.params,
    );
    return new Map(rows.map((row) => [JSON.stringify([row.workflow, row.model_version]), row.judged]));
  }

  /**
   * Per workflow: errors caught by review, audits and audit errors, and the decisions released autonomously in the
   * same window. Per workflow only: a released decision's outcome does not carry its model version.
   */
  async catchRateInputs(scope: ScopedQuery): Promise<Map<string, CatchRateInputs>> {
    const judged = scopeCondition({ ...scope, modelVersion: undefined });
    const rows: Array<{ workflow: string; caught: number; audited: number; audit_errors: number }> =
      await this.dataSource.query(
        `SELECT workflow,
                count(*) FILTER (WHERE kind = 'review' AND verdict <> 'approve')::int AS caught,
                count(*) FILTER (WHERE kind = 'audit')::int AS audited,
                count(*) FILTER (WHERE kind = 'audit' AND verdict <> 'approve')::int AS audit_errors
         FROM feedback.judgments WHERE ${judged.sql} GROUP BY workflow`,
        judged.params,
      );
    const released = scopeCondition({ ...scope, modelVersion: undefined }, 1, 'decided_at');
    const releasedRows: Array<{ workflow: string; released: number }> = await this.dataSource.query(
      `SELECT workflow, count(*)::int AS released FROM feedback.final_outcomes
       WHERE outcome = 'autonomous' AND ${released.sql} GROUP BY workflow`,
      released.params,
    );
    const inputs = new Map<string, CatchRateInputs>();
    for (const row of rows) {
      inputs.set(row.workflow, {
        caught: row.caught,
        released: 0,
        audited: row.audited,
        auditErrors: row.audit_errors,
      });
    }
    for (const row of releasedRows) {
      const entry = inputs.get(row.workflow) ?? { caught: 0, released: 0, audited: 0, auditErrors: 0 };
      inputs.set(row.workflow, { ...entry, released: row.released });
    }
    return inputs;
  }

  /** Known answers of gold tasks, by decision id, in canonical form. */
  async goldAnswers(workflow: string): Promise<Map<string, string>> {
    const rows: Array<{ decision_id: string; answer: string }> = await this.dataSource.query(
      'SELECT decision_id, answer FROM feedback.gold_answers WHERE workflow = $1',
      [workflow],
    );
    return new Map(rows.map((row) => [row.decision_id, row.answer]));
  }

  async saveGoldAnswer(gold: {
    decisionId: string;
    workflow: string;
    verdict: VerdictKind;
    finalOutput: unknown;
    answer: string;
    createdBy: string;
  }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO feedback.gold_answers (decision_id, workflow, verdict, final_output, answer, created_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (decision_id) DO UPDATE SET workflow = $2, verdict = $3, final_output = $4, answer = $5,
                                               created_by = $6, created_at = now()`,
      [
        gold.decisionId,
        gold.workflow,
        gold.verdict,
        gold.finalOutput === null ? null : JSON.stringify(gold.finalOutput),
        gold.answer,
        gold.createdBy,
      ],
    );
  }
}

function judgmentOf(row: JudgmentRow): AnsweredJudgment {
  return {
    decisionId: row.decision_id,
    taskId: row.task_id,
    workflow: row.workflow,
    modelName: row.model_name,
    modelVersion: row.model_version,
    confidence: row.confidence,
    kind: row.kind,
    verdict: row.verdict,
    randomSample: row.random_sample,
    reviewers: row.reviewers,
    timeOnTaskMs: Number(row.time_on_task_ms),
    completedAt: row.completed_at,
    answer: row.answer,
    ...(row.guard_prompts === null ? {} : { guardPrompts: row.guard_prompts }),
  };
}
