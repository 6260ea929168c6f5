import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WeekCounts } from '../domain/oversight-weeks';

/** Week-by-week counts of one workflow; weeks are ISO weeks in UTC, keyed by their Monday (YYYY-MM-DD). */
@Injectable()
export class OversightStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async weekCounts(workflow: string, from: Date, to: Date): Promise<Map<string, WeekCounts>> {
    const week = (column: string) => `to_char(date_trunc('week', ${column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
    const outcomeRows: Array<{ week: string; outcome: string; n: number }> = await this.dataSource.query(
      `SELECT ${week('decided_at')} AS week, outcome, count(*)::int AS n FROM feedback.final_outcomes
        WHERE workflow = $1 AND decided_at >= $2 AND decided_at < $3 GROUP BY 1, 2`,
      [workflow, from, to],
    );
    const judgmentRows: Array<{ week: string; caught: number; audited: number; audit_errors: number }> =
      await this.dataSource.query(
        `SELECT ${week('completed_at')} AS week,
                count(*) FILTER (WHERE kind = 'review' AND verdict <> 'approve')::int AS caught,
                count(*) FILTER (WHERE kind = 'audit')::int AS audited,
                count(*) FILTER (WHERE kind = 'audit' AND verdict <> 'approve')::int AS audit_errors
           FROM feedback.judgments WHERE workflow = $1 AND completed_at >= $2 AND completed_at < $3 GROUP BY 1`,
        [workflow, from, to],
      );
    const weeks = new Map<string, WeekCounts>();
    const entry = (key: string) => {
      let found = weeks.get(key);
      if (!found) weeks.set(key, (found = { outcomes: {}, caught: 0, audited: 0, auditErrors: 0 }));
      return found;
    };
    for (const row of outcomeRows) entry(row.week).outcomes = { ...entry(row.week).outcomes, [row.outcome]: row.n };
    for (const row of judgmentRows) {
      Object.assign(entry(row.week), { caught: row.caught, audited: row.audited, auditErrors: row.audit_errors });
    }
    return weeks;
  }

  /** The workflow's budget: the highest acceptable error rate of released decisions, when a lead set one. */
  async maxErrorRate(workflow: string): Promise<number | null> {
    const rows: Array<{ max_error_rate: number }> = await this.dataSource.query(
      'SELECT max_error_rate FROM feedback.workflow_targets WHERE workflow = $1',
      [workflow],
    );
    return rows[0]?.max_error_rate ?? null;
  }
}
