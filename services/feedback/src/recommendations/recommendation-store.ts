import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEventV1, PolicyRecommendationV1, Topics, TRUST_LEVELS, TrustLevel } from '@countersign/contracts';
import { Outbox, outboundEvent } from '@countersign/kafka';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppliedPolicy } from '../domain/policy-recommendations';
import { WorkflowTarget } from '../domain/target-change';

export type { WorkflowTarget };

/** A stored target, with the admin who set it last: changes feedback files on its strength are filed for them. */
export interface StoredTarget extends WorkflowTarget {
  setBy: string;
}

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

  async targets(): Promise<Map<string, StoredTarget>> {
    const rows: TargetRow[] = await this.dataSource.query(
      'SELECT workflow, max_error_rate, auto_apply, updated_by FROM feedback.workflow_targets',
    );
    return new Map(rows.map((row) => [row.workflow, storedTargetOf(row)]));
  }

  /** One workflow's stored target (none until an admin sets one), read in the caller's transaction. */
  async targetOf(workflow: string, manager: EntityManager = this.dataSource.manager): Promise<StoredTarget | null> {
    const [row] = (await manager.query(
      'SELECT workflow, max_error_rate, auto_apply, updated_by FROM feedback.workflow_targets WHERE workflow = $1',
      [workflow],
    )) as TargetRow[];
    return row ? storedTargetOf(row) : null;
  }

  /** Serialises changes to one workflow's target (a row may not exist yet to lock) until the transaction ends. */
  async lockTarget(manager: EntityManager, workflow: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('feedback.workflow_targets:' || $1))`, [workflow]);
  }

  async setTarget(
    workflow: string,
    target: WorkflowTarget,
    updatedBy: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO feedback.workflow_targets (workflow, max_error_rate, auto_apply, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workflow) DO UPDATE SET max_error_rate = $2, auto_apply = $3, updated_by = $4, updated_at = now()`,
      [workflow, target.maxErrorRate, target.autoApply, updatedBy],
    );
  }

  /** The newest recommendation of each kind for the workflows that opted in to auto-apply, not settled yet. */
  async unsettled(): Promise<PolicyRecommendationV1[]> {
    const rows: RecommendationRow[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (r.workflow, r.kind) r.* FROM feedback.recommendations r
         JOIN feedback.workflow_targets t ON t.workflow = r.workflow AND t.auto_apply
         ORDER BY r.workflow, r.kind, r.issued_at DESC
       ) latest WHERE settled_at IS NULL ORDER BY issued_at`,
    );
    return rows.map(eventOf);
  }

  /**
   * Settles a recommendation: applied as router policy `version` (with a recommendation.applied audit event, in the
   * same transaction), or, with a null version, closed unapplied for the reason in `note`.
   */
  async settle(recommendation: PolicyRecommendationV1, version: number | null, note: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE feedback.recommendations SET settled_at = now(), applied_version = $2, settled_note = $3
         WHERE recommendation_id = $1`,
        [recommendation.recommendationId, version, note],
      );
      if (version === null) return;
      const audit: AuditEventV1 = {
        schemaVersion: 1,
        eventId: randomUUID(),
        type: 'recommendation.applied',
        workflow: recommendation.workflow,
        actor: 'service:feedback',
        source: 'feedback',
        data: {
          recommendationId: recommendation.recommendationId,
          kind: recommendation.kind,
          from: recommendation.current,
          to: recommendation.recommended,
          policyVersion: version,
        },
        occurredAt: new Date().toISOString(),
      };
      await this.outbox.add(manager, [outboundEvent(Topics.auditEvents, recommendation.workflow, audit)]);
    });
  }
}

interface TargetRow {
  workflow: string;
  max_error_rate: number;
  auto_apply: boolean;
  updated_by: string;
}

function storedTargetOf(row: TargetRow): StoredTarget {
  return { maxErrorRate: row.max_error_rate, autoApply: row.auto_apply, setBy: row.updated_by };
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
