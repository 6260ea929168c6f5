import { ReviewCompletedV1 } from '@countersign/contracts';
import { createHash } from 'node:crypto';
import { humanAnswer } from '../domain/human-answer';

/**
 * How a batch of judgments becomes one INSERT: one array parameter per column, expanded by unnest. A single statement
 * per batch with a fixed number of parameters (23, however large the batch) parses once and costs one round trip;
 * a unique (decision id, task id) turns a redelivered judgment into nothing.
 */
export const INSERT_JUDGMENTS_SQL = `
  INSERT INTO feedback.judgments (decision_id, task_id, kind, workflow, model_name, model_version, confidence, verdict,
                                  reason_code, comment, reviewers, time_on_task_ms, random_sample, trust_level,
                                  threshold, routing, input, ai_output, final_output, diff, answer, completed_at,
                                  guard_prompts)
  SELECT u.decision_id, u.task_id, u.kind, u.workflow, u.model_name, u.model_version, u.confidence, u.verdict,
         u.reason_code, u.comment, ARRAY(SELECT jsonb_array_elements_text(u.reviewers)), u.time_on_task_ms,
         u.random_sample, u.trust_level, u.threshold, u.routing, u.input, u.ai_output, u.final_output, u.diff, u.answer,
         u.completed_at, u.guard_prompts
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[],
              $9::text[], $10::text[], $11::jsonb[], $12::bigint[], $13::boolean[], $14::smallint[], $15::float8[],
              $16::jsonb[], $17::jsonb[], $18::jsonb[], $19::jsonb[], $20::jsonb[], $21::text[], $22::timestamptz[],
              $23::jsonb[])
       AS u(decision_id, task_id, kind, workflow, model_name, model_version, confidence, verdict, reason_code, comment,
            reviewers, time_on_task_ms, random_sample, trust_level, threshold, routing, input, ai_output, final_output,
            diff, answer, completed_at, guard_prompts)
  ON CONFLICT (decision_id, task_id) DO NOTHING`;

/** A short, stable digest of a corrected output: agreement compares answers, it never needs the output back. */
function sha1(canonical: string): string {
  return createHash('sha1').update(canonical).digest('base64url');
}

export function answerOf(event: Pick<ReviewCompletedV1, 'verdict' | 'finalOutput'>): string {
  return humanAnswer(event.verdict, event.finalOutput, sha1);
}

const JUDGMENT_COLUMN_COUNT = 23;

/** The 23 column arrays of INSERT_JUDGMENTS_SQL for `events`. */
export function judgmentColumns(events: readonly ReviewCompletedV1[]): unknown[][] {
  const rows = events.map((event) => [
    event.decisionId,
    event.taskId,
    event.kind,
    event.workflow,
    event.model.name,
    event.model.version,
    event.confidence,
    event.verdict,
    event.reasonCode ?? null,
    event.comment ?? null,
    JSON.stringify(event.reviewers),
    event.timeOnTaskMs,
    event.routing.randomSample,
    event.routing.trustLevel,
    event.routing.threshold,
    JSON.stringify(event.routing),
    event.input === undefined ? null : JSON.stringify(event.input),
    JSON.stringify(event.aiOutput),
    event.finalOutput === null ? null : JSON.stringify(event.finalOutput),
    JSON.stringify(event.diff),
    answerOf(event),
    event.completedAt,
    event.guardPrompts === undefined ? null : JSON.stringify(event.guardPrompts),
  ]);
  // Transposed: one array per column, in the order of INSERT_JUDGMENTS_SQL's parameters.
  return Array.from({ length: JUDGMENT_COLUMN_COUNT }, (_, column) => rows.map((values) => values[column]));
}
