import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hasStandingReason, WeightedJudgment } from '../domain/weighted-judgment';
import { scopeCondition } from '../statistics/judgment-scope';
import { ScopedQuery } from '../statistics/statistics-store';

/** The judged history in a scope, split into what weighted estimates can use and what they cannot. */
export interface JudgedHistory {
  judgments: WeightedJudgment[];
  /**
   * Judged decisions without a usable propensity: from routers older than issue #15, or released at level 4 (audit
   * samples are drawn at a rate the routing facts do not carry). Reported, never guessed.
   */
  withoutPropensity: number;
}

interface HistoryRow {
  workflow: string;
  model_version: string;
  confidence: number;
  wrong: boolean;
  random_sample: boolean;
  propensity: number | null;
  reasons: string[] | null;
}

/** Reads the routing facts each judgment keeps (feedback.judgments.routing) for inverse-propensity estimates. */
@Injectable()
export class JudgedHistoryStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async judgedHistory(scope: ScopedQuery): Promise<JudgedHistory> {
    const where = scopeCondition(scope);
    // One judgment per decision (the first completed): a decision is one unit of the population however many
    // tasks looked at it. Audits are left out: their sampling rate is not among the routing facts.
    const rows: HistoryRow[] = await this.dataSource.query(
      `SELECT DISTINCT ON (decision_id) workflow, model_version, confidence, verdict <> 'approve' AS wrong,
              random_sample, (routing ->> 'reviewPropensity')::float8 AS propensity, routing -> 'reasons' AS reasons
       FROM feedback.judgments WHERE kind = 'review' AND ${where.sql}
       ORDER BY decision_id, completed_at`,
      where.params,
    );
    const judgments: WeightedJudgment[] = [];
    for (const row of rows) {
      if (row.propensity === null || !(row.propensity > 0 && row.propensity <= 1)) continue;
      judgments.push({
        workflow: row.workflow,
        modelVersion: row.model_version,
        confidence: row.confidence,
        wrong: row.wrong,
        randomSample: row.random_sample,
        propensity: row.propensity,
        standingReview: hasStandingReason(row.reasons ?? []),
      });
    }
    return { judgments, withoutPropensity: rows.length - judgments.length };
  }
}
