import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RiskMode, riskRuleKey, RoutedDecisionV1 } from '@countersign/contracts';
import { RiskEvidence } from '../domain/risk-observation';

interface ObservationRow {
  model_version: string;
  segment: string | null;
  safety: number;
  error_cost: number | null;
  cut: number | null;
  sample_rate: number;
  propensity: number;
  to_review: boolean;
  judged: boolean;
  wrong: boolean | null;
  closed_unjudged: boolean;
}

/** SQL for risk control's evidence: the governed routed decisions, and what humans said of them. */
@Injectable()
export class RiskObservationStore {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** Stores the governed decisions of `events` not stored yet; returns how many were new. */
  async insert(events: readonly RoutedDecisionV1[]): Promise<number> {
    const rows = events.filter((event) => event.routing.riskControl?.governed);
    if (rows.length === 0) return 0;
    const column = <T>(pick: (event: RoutedDecisionV1) => T) => rows.map(pick);
    const result: unknown = await this.dataSource.query(
      `INSERT INTO feedback.risk_observations (decision_id, workflow, model_version, mode, safety, error_cost, cut,
                                               sample_rate, propensity, to_review, routed_at, segment_by, segment)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[],
                            $8::float8[], $9::float8[], $10::boolean[], $11::timestamptz[], $12::text[], $13::text[])
       ON CONFLICT (decision_id) DO NOTHING`,
      [
        column((e) => e.decisionId),
        column((e) => e.decision.workflow),
        column((e) => e.decision.model.version),
        column((e) => e.routing.riskControl?.mode),
        column((e) => e.routing.riskControl?.safety),
        column((e) => e.routing.riskControl?.errorCost ?? null),
        column((e) => e.routing.riskControl?.cut ?? null),
        column((e) => e.routing.riskControl?.sampleRate),
        column((e) => e.routing.reviewPropensity ?? 1),
        column((e) => e.routing.route === 'review'),
        column((e) => e.routedAt),
        // Both or neither: a governed decision under segmentBy always has its segment (else segment_unknown).
        column((e) => (e.routing.riskControl?.segment === undefined ? null : e.routing.riskControl.segmentBy)),
        column((e) => (e.routing.riskControl?.segmentBy === undefined ? null : e.routing.riskControl.segment)),
      ],
    );
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : rows.length;
  }

  /** The workflows with evidence in `mode`-independent terms: every workflow that routed under a risk budget. */
  async workflows(): Promise<string[]> {
    const rows: Array<{ workflow: string }> = await this.dataSource.query(
      'SELECT DISTINCT workflow FROM feedback.risk_observations ORDER BY workflow',
    );
    return rows.map((row) => row.workflow);
  }

  /**
   * The workflow's governed decisions in `mode` routed under the segmentation `segmentBy` (undefined: none), in routing
   * order (decision id breaks ties, so a replay is the same sequence every time), each with its judgment if any: wrong
   * when any judgment of it did not approve the AI's answer. A review closed without a verdict (expired, withdrawn)
   * is `closedUnjudged`. Grouped by model version (× segment), the groups in the order of their first decision.
   */
  async observations(workflow: string, mode: RiskMode, segmentBy?: string): Promise<RiskEvidence[]> {
    const rows: ObservationRow[] = await this.dataSource.query(
      `SELECT o.model_version, o.segment, o.safety, o.error_cost, o.cut, o.sample_rate, o.propensity, o.to_review,
              j.decision_id IS NOT NULL AS judged, j.wrong,
              (j.decision_id IS NULL AND f.outcome IN ('expired', 'withdrawn')) AS closed_unjudged
       FROM feedback.risk_observations o
       LEFT JOIN (SELECT decision_id, bool_or(verdict <> 'approve') AS wrong
                  FROM feedback.judgments WHERE workflow = $1 AND kind = 'review' GROUP BY decision_id) j
              ON j.decision_id = o.decision_id
       LEFT JOIN feedback.final_outcomes f ON f.decision_id = o.decision_id
       WHERE o.workflow = $1 AND o.mode = $2 AND o.segment_by IS NOT DISTINCT FROM $3
       ORDER BY o.routed_at, o.decision_id`,
      [workflow, mode, segmentBy ?? null],
    );
    const groups = new Map<string, RiskEvidence>();
    for (const row of rows) {
      const scope = {
        modelVersion: row.model_version,
        ...(row.segment === null ? {} : { segmentBy, segment: row.segment }),
      };
      const key = riskRuleKey(scope);
      const group = groups.get(key) ?? { ...scope, observations: [] };
      group.observations.push({
        safety: row.safety,
        errorCost: row.error_cost ?? 0,
        cutInForce: row.cut ?? Number.POSITIVE_INFINITY,
        sampleRate: row.sample_rate,
        propensity: row.propensity,
        toReview: row.to_review,
        judged: row.judged,
        wrong: row.wrong === true,
        closedUnjudged: row.closed_unjudged,
      });
      groups.set(key, group);
    }
    return [...groups.values()];
  }
}
