import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FINAL_OUTCOMES, FinalOutcome } from '@countersign/contracts';
import { AuditPlan, bucketLabel } from '../domain/audit-plan';
import { AuditReport, PolicyVersionFact, ReportFacts, trustLevelChanges } from '../domain/audit-report';
import { AuditStratum } from '../domain/error-estimates';

/** Counts what the trail and the samples say about one workflow in [from, to), for the report. */
@Injectable()
export class ReportStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async facts(plan: AuditPlan, from: Date, to: Date): Promise<ReportFacts> {
    const { workflow } = plan;
    const range = [workflow, from, to];
    const outcomes = Object.fromEntries(FINAL_OUTCOMES.map((o) => [o, 0])) as Record<FinalOutcome, number>;
    const outcomeRows: Array<{ outcome: FinalOutcome; n: number }> = await this.dataSource.query(
      `SELECT outcome, count(*)::int AS n FROM audit.final_outcomes
        WHERE workflow = $1 AND decided_at >= $2 AND decided_at < $3 GROUP BY outcome`,
      range,
    );
    for (const row of outcomeRows) outcomes[row.outcome] = row.n;

    const reasonRows: Array<{ reason: string; n: number }> = await this.dataSource.query(
      `SELECT reason, count(*)::int AS n
         FROM audit.trail, jsonb_array_elements_text(event->'data'->'reasons') AS reason
        WHERE workflow = $1 AND type = 'decision.routed' AND occurred_at >= $2 AND occurred_at < $3
        GROUP BY reason ORDER BY reason`,
      range,
    );

    // Released per bucket under the plan's current cuts; samples keep the bucket they were drawn in.
    const released: Array<{ bucket: number; n: number }> = await this.dataSource.query(
      `SELECT width_bucket(confidence, $4::float8[]) AS bucket, count(*)::int AS n FROM audit.final_outcomes
        WHERE workflow = $1 AND outcome = 'autonomous' AND decided_at >= $2 AND decided_at < $3 GROUP BY 1`,
      [...range, plan.confidenceCuts.length > 0 ? plan.confidenceCuts : [2]],
    );
    const samples: Array<{ bucket: number; sampled: number; judged: number; errors: number }> =
      await this.dataSource.query(
        `SELECT s.bucket, count(*)::int AS sampled, count(s.verdict)::int AS judged,
                count(*) FILTER (WHERE s.verdict IN ('correct', 'reject'))::int AS errors
           FROM audit.samples s JOIN audit.final_outcomes f USING (decision_id)
          WHERE s.workflow = $1 AND f.decided_at >= $2 AND f.decided_at < $3 GROUP BY s.bucket`,
        range,
      );
    const strata: AuditStratum[] = [];
    for (let bucket = 0; bucket <= plan.confidenceCuts.length; bucket += 1) {
      const found = samples.find((row) => row.bucket === bucket);
      strata.push({
        bucket: bucketLabel(plan, bucket),
        released: released.find((row) => row.bucket === bucket)?.n ?? 0,
        judged: found?.judged ?? 0,
        errors: found?.errors ?? 0,
      });
    }

    const [{ breaches }] = await this.dataSource.query(
      `SELECT count(*)::int AS breaches FROM audit.trail
        WHERE workflow = $1 AND type = 'task.escalated' AND event->'data'->>'reason' = 'sla_breached'
          AND occurred_at >= $2 AND occurred_at < $3`,
      range,
    );
    const versions: PolicyVersionFact[] = (
      await this.dataSource.query(
        `SELECT occurred_at AS at, (event->'data'->>'version')::int AS version,
                (event->'data'->'policy'->>'trustLevel')::int AS "trustLevel"
           FROM audit.trail WHERE workflow = $1 AND type = 'policy.changed' AND event->>'source' = 'router'
            AND occurred_at < $2
          ORDER BY occurred_at, seq`,
        [workflow, to],
      )
    ).map((row: { at: Date; version: number; trustLevel: number }) => ({ ...row, at: row.at.toISOString() }));

    return {
      workflow,
      from: from.toISOString(),
      to: to.toISOString(),
      outcomes,
      byReason: Object.fromEntries(reasonRows.map((row) => [row.reason, row.n])),
      strata,
      sampled: samples.reduce((total, row) => total + row.sampled, 0),
      slaBreaches: breaches as number,
      trustLevelChanges: trustLevelChanges(versions, from.toISOString(), to.toISOString()),
    };
  }

  /** Workflows with any final outcome in [from, to): the ones a scheduled run reports on. */
  async activeWorkflows(from: Date, to: Date): Promise<string[]> {
    const rows: Array<{ workflow: string }> = await this.dataSource.query(
      `SELECT DISTINCT workflow FROM audit.final_outcomes WHERE decided_at >= $1 AND decided_at < $2 ORDER BY 1`,
      [from, to],
    );
    return rows.map((row) => row.workflow);
  }

  async saveScheduled(report: AuditReport): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit.reports (workflow, period_from, period_to, report) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (workflow, period_from, period_to) DO UPDATE SET report = EXCLUDED.report, generated_at = now()`,
      [report.workflow, report.from, report.to, JSON.stringify(report)],
    );
  }

  async scheduled(workflow: string): Promise<AuditReport[]> {
    const rows: Array<{ report: AuditReport }> = await this.dataSource.query(
      'SELECT report FROM audit.reports WHERE workflow = $1 ORDER BY period_from DESC LIMIT 100',
      [workflow],
    );
    return rows.map((row) => row.report);
  }
}
