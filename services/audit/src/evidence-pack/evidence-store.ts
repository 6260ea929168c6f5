import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PolicyVersionRecord, ReviewerActivity } from '../domain/evidence-contents';

interface PolicyRow {
  at: Date;
  version: number;
  actor: string;
  reason: string | null;
  trust_level: number | null;
  threshold: number | null;
}

/** The trail's facts an evidence pack adds to the report: policy versions, escalations, expiries, reviewers. */
@Injectable()
export class EvidenceStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Policy versions stored before `to`, oldest first. A stored version carries both `version` and `policy`; a proposal
   * carries only the policy and an approval only the version: governance steps, not versions.
   */
  async policyVersions(workflow: string, to: Date): Promise<PolicyVersionRecord[]> {
    const rows: PolicyRow[] = await this.dataSource.query(
      `SELECT occurred_at AS at, (event->'data'->>'version')::int AS version, event->>'actor' AS actor,
              event->'data'->>'reason' AS reason, (event->'data'->'policy'->>'trustLevel')::int AS trust_level,
              (event->'data'->'policy'->>'threshold')::float8 AS threshold
         FROM audit.trail
        WHERE workflow = $1 AND type = 'policy.changed' AND occurred_at < $2 AND event->'data' ? 'version' AND event->'data' ? 'policy'
        ORDER BY occurred_at, seq`,
      [workflow, to],
    );
    return rows.map((row) => ({
      version: row.version,
      at: row.at.toISOString(),
      changedBy: row.actor,
      reason: row.reason,
      trustLevel: row.trust_level,
      threshold: row.threshold,
    }));
  }

  async escalations(workflow: string, from: Date, to: Date): Promise<Record<string, number>> {
    const rows: Array<{ reason: string; n: number }> = await this.dataSource.query(
      `SELECT coalesce(event->'data'->>'reason', 'unspecified') AS reason, count(*)::int AS n FROM audit.trail
        WHERE workflow = $1 AND type = 'task.escalated' AND occurred_at >= $2 AND occurred_at < $3
        GROUP BY 1 ORDER BY 1`,
      [workflow, from, to],
    );
    return Object.fromEntries(rows.map((row) => [row.reason, row.n]));
  }

  async expiredTasks(workflow: string, from: Date, to: Date): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM audit.trail
        WHERE workflow = $1 AND type = 'task.expired' AND occurred_at >= $2 AND occurred_at < $3`,
      [workflow, from, to],
    );
    return n as number;
  }

  /** Completed tasks per reviewer (a four-eyes task counts once for each of its reviewers), by verdict. */
  async reviewerActivity(workflow: string, from: Date, to: Date): Promise<ReviewerActivity[]> {
    const rows: Array<{ reviewer: string; verdict: string; n: number }> = await this.dataSource.query(
      `SELECT reviewer, coalesce(event->'data'->>'verdict', 'unknown') AS verdict, count(*)::int AS n
         FROM audit.trail, jsonb_array_elements_text(coalesce(event->'data'->'reviewers', '[]'::jsonb)) AS reviewer
        WHERE workflow = $1 AND type = 'task.completed' AND occurred_at >= $2 AND occurred_at < $3
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [workflow, from, to],
    );
    const byReviewer = new Map<string, ReviewerActivity>();
    for (const row of rows) {
      const activity = byReviewer.get(row.reviewer) ?? { reviewer: row.reviewer, completed: 0, byVerdict: {} };
      activity.completed += row.n;
      activity.byVerdict[row.verdict] = row.n;
      byReviewer.set(row.reviewer, activity);
    }
    return [...byReviewer.values()];
  }
}
