import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PolicyRecommendationV1, Topics, TRUST_LEVELS, TrustLevel } from '@countersign/contracts';
import { Outbox, outboundEvent } from '@countersign/kafka';
import { DataSource } from 'typeorm';
import { AppliedPolicy } from '../domain/policy-recommendations';

interface RecommendationRow {
  recommendation_id: string;
  workflow: string;
  model_version: string | null;
  kind: PolicyRecommendationV1['kind'];
  current: number;
  recommended: number;
  evidence: PolicyRecommendationV1['evidence'];
  issued_at: Date;
}

/** Issued recommendations, each stored and put in the outbox in one transaction: stored iff published. */
@Injectable()
export class RecommendationStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** The newest recommendation of each kind for each workflow (all workflows, or those listed). */
  async latest(workflows?: readonly string[]): Promise<PolicyRecommendationV1[]> {
    const rows: RecommendationRow[] = await this.dataSource.query(
      `SELECT DISTINCT ON (workflow, kind) * FROM feedback.recommendations
       WHERE $1::text[] IS NULL OR workflow = ANY($1::text[])
       ORDER BY workflow, kind, issued_at DESC`,
      [workflows ?? null],
    );
    return rows.map(eventOf);
  }

  async issue(recommendations: readonly PolicyRecommendationV1[]): Promise<void> {
    if (recommendations.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      for (const r of recommendations) {
        await manager.query(
          `INSERT INTO feedback.recommendations
             (recommendation_id, workflow, model_version, kind, current, recommended, evidence, issued_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            r.recommendationId,
            r.workflow,
            r.modelVersion ?? null,
            r.kind,
            r.current,
            r.recommended,
            JSON.stringify(r.evidence),
            r.issuedAt,
          ],
        );
      }
      await this.outbox.add(
        manager,
        recommendations.map((r) => outboundEvent(Topics.policyRecommendations, r.workflow, r)),
      );
    });
  }

  /**
   * The policy each workflow's most recent judgment (since `since`) was routed under, with the model version it
   * judged: what the recommendations compare against.
   */
  async appliedPolicies(since: Date): Promise<AppliedPolicy[]> {
    const rows: Array<{ workflow: string; model_version: string; threshold: number; trust_level: number }> =
      await this.dataSource.query(
        `SELECT DISTINCT ON (workflow) workflow, model_version, threshold, trust_level FROM feedback.judgments
         WHERE completed_at >= $1 ORDER BY workflow, completed_at DESC, seq DESC`,
        [since],
      );
    return rows.map((row) => ({
      workflow: row.workflow,
      modelVersion: row.model_version,
      threshold: row.threshold,
      trustLevel: (TRUST_LEVELS as readonly number[]).includes(row.trust_level) ? (row.trust_level as TrustLevel) : 1,
    }));
  }

  async targets(): Promise<Map<string, number>> {
    const rows: Array<{ workflow: string; max_error_rate: number }> = await this.dataSource.query(
      'SELECT workflow, max_error_rate FROM feedback.workflow_targets',
    );
    return new Map(rows.map((row) => [row.workflow, row.max_error_rate]));
  }

  async setTarget(workflow: string, maxErrorRate: number, updatedBy: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO feedback.workflow_targets (workflow, max_error_rate, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (workflow) DO UPDATE SET max_error_rate = $2, updated_by = $3, updated_at = now()`,
      [workflow, maxErrorRate, updatedBy],
    );
  }
}

function eventOf(row: RecommendationRow): PolicyRecommendationV1 {
  return {
    schemaVersion: 1,
    recommendationId: row.recommendation_id,
    workflow: row.workflow,
    ...(row.model_version === null ? {} : { modelVersion: row.model_version }),
    kind: row.kind,
    current: row.current,
    recommended: row.recommended,
    evidence: row.evidence,
    issuedAt: row.issued_at.toISOString(),
  };
}
