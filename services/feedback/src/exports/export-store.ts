import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FieldChange, JsonObject, ReviewKind, RoutingFacts, VerdictKind } from '@countersign/contracts';
import { DataSource } from 'typeorm';
import { TrainingRecord, trainingRecordOf } from '../domain/training-record';
import { scopeCondition } from '../statistics/judgment-scope';
import { ScopedQuery } from '../statistics/statistics-store';

export interface ExportFilter extends ScopedQuery {
  verdicts?: readonly VerdictKind[];
  /** Resume after this cursor (a record's metadata.seq): only later records are read. */
  after?: string;
}

interface ExportRow {
  seq: string;
  decision_id: string;
  task_id: string;
  kind: ReviewKind;
  workflow: string;
  model_name: string;
  model_version: string;
  confidence: number;
  verdict: VerdictKind;
  reason_code: string | null;
  comment: string | null;
  reviewers: string[];
  time_on_task_ms: string;
  routing: RoutingFacts;
  input: JsonObject | null;
  ai_output: JsonObject;
  final_output: JsonObject | null;
  diff: FieldChange[];
  completed_at: Date;
}

/**
 * Reads judgments for export in keyset pages over the arrival sequence: each page is one indexed range read, so memory
 * is bounded by the page size however large the table, and a cursor (the last seq) resumes exactly where a page ended.
 */
@Injectable()
export class ExportStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async count(filter: ExportFilter): Promise<number> {
    const where = this.condition(filter);
    const [row]: Array<{ count: string }> = await this.dataSource.query(
      `SELECT count(*) AS count FROM feedback.judgments WHERE ${where.sql}`,
      where.params,
    );
    return Number(row?.count ?? 0);
  }

  async *pages(filter: ExportFilter, pageSize = 1000): AsyncGenerator<TrainingRecord[]> {
    let after = filter.after ?? '0';
    for (;;) {
      const where = this.condition({ ...filter, after }, 2);
      const rows: ExportRow[] = await this.dataSource.query(
        `SELECT seq, decision_id, task_id, kind, workflow, model_name, model_version, confidence, verdict, reason_code,
                comment, reviewers, time_on_task_ms, routing, input, ai_output, final_output, diff, completed_at
         FROM feedback.judgments WHERE ${where.sql} ORDER BY seq LIMIT $1`,
        [pageSize, ...where.params],
      );
      if (rows.length === 0) return;
      yield rows.map(recordOf);
      after = rows[rows.length - 1]?.seq ?? after;
      if (rows.length < pageSize) return;
    }
  }

  private condition(filter: ExportFilter, first = 1): { sql: string; params: unknown[] } {
    const scope = scopeCondition(filter, first);
    const clauses = [scope.sql];
    const params = [...scope.params];
    if (filter.verdicts !== undefined) {
      params.push(filter.verdicts);
      clauses.push(`verdict = ANY($${first + params.length - 1}::text[])`);
    }
    if (filter.after !== undefined) {
      params.push(filter.after);
      clauses.push(`seq > $${first + params.length - 1}::bigint`);
    }
    return { sql: clauses.join(' AND '), params };
  }
}

function recordOf(row: ExportRow): TrainingRecord {
  return trainingRecordOf(
    {
      schemaVersion: 1,
      decisionId: row.decision_id,
      taskId: row.task_id,
      kind: row.kind,
      workflow: row.workflow,
      verdict: row.verdict,
      aiOutput: row.ai_output,
      ...(row.input === null ? {} : { input: row.input }),
      finalOutput: row.final_output,
      diff: row.diff,
      ...(row.reason_code === null ? {} : { reasonCode: row.reason_code }),
      ...(row.comment === null ? {} : { comment: row.comment }),
      reviewers: row.reviewers,
      timeOnTaskMs: Number(row.time_on_task_ms),
      routing: row.routing,
      model: { name: row.model_name, version: row.model_version },
      confidence: row.confidence,
      completedAt: row.completed_at.toISOString(),
    },
    row.seq,
  );
}
