import { ReviewCompletedV1 } from '@countersign/contracts';
import { createHash } from 'node:crypto';

/**
 * The raw baseline's own INSERT of judgments into feedback.judgments: one array parameter per column, expanded by
 * unnest, as a hand-written loader would do it. Written here rather than imported from the feedback service, so the
 * baseline shares no code with the system it is measured against (and bench/ stays under the boundary rule: libraries
 * only). The column types follow the table created by the service's migrations; a mismatch fails the bench loudly.
 */
const COLUMNS: [name: string, type: string, value: (event: ReviewCompletedV1) => unknown][] = [
  ['decision_id', 'text', (event) => event.decisionId],
  ['task_id', 'text', (event) => event.taskId],
  ['kind', 'text', (event) => event.kind],
  ['workflow', 'text', (event) => event.workflow],
  ['model_name', 'text', (event) => event.model.name],
  ['model_version', 'text', (event) => event.model.version],
  ['confidence', 'float8', (event) => event.confidence],
  ['verdict', 'text', (event) => event.verdict],
  ['reason_code', 'text', (event) => event.reasonCode ?? null],
  ['comment', 'text', (event) => event.comment ?? null],
  ['reviewers', 'text[]', (event) => `{${event.reviewers.map((reviewer) => JSON.stringify(reviewer)).join(',')}}`],
  ['time_on_task_ms', 'bigint', (event) => event.timeOnTaskMs],
  ['random_sample', 'boolean', (event) => event.routing.randomSample],
  ['trust_level', 'smallint', (event) => event.routing.trustLevel],
  ['threshold', 'float8', (event) => event.routing.threshold],
  ['routing', 'jsonb', (event) => JSON.stringify(event.routing)],
  ['input', 'jsonb', (event) => (event.input === undefined ? null : JSON.stringify(event.input))],
  ['ai_output', 'jsonb', (event) => JSON.stringify(event.aiOutput)],
  ['final_output', 'jsonb', (event) => (event.finalOutput === null ? null : JSON.stringify(event.finalOutput))],
  ['diff', 'jsonb', (event) => JSON.stringify(event.diff)],
  ['answer', 'text', (event) => answer(event)],
  ['completed_at', 'timestamptz', (event) => event.completedAt],
];

// text[] travels as its literal ('{"a","b"}') inside a text[] parameter, so every column is one array parameter.
export const RAW_INSERT_JUDGMENTS_SQL = `
  INSERT INTO feedback.judgments (${COLUMNS.map(([name]) => name).join(', ')})
  SELECT ${COLUMNS.map(([name, type]) => (type === 'text[]' ? `u.${name}::text[]` : `u.${name}`)).join(', ')}
  FROM unnest(${COLUMNS.map(([, type], index) => `$${index + 1}::${type === 'text[]' ? 'text' : type}[]`).join(', ')})
       AS u(${COLUMNS.map(([name]) => name).join(', ')})
  ON CONFLICT (decision_id, task_id) DO NOTHING`;

/** The column arrays of RAW_INSERT_JUDGMENTS_SQL for `events`. */
export function rawJudgmentColumns(events: readonly ReviewCompletedV1[]): unknown[][] {
  return COLUMNS.map(([, , value]) => events.map(value));
}

/** What the human answered, in the stored form (a correction by a digest of its output). */
function answer(event: ReviewCompletedV1): string {
  if (event.verdict !== 'correct') return event.verdict;
  return `correct:${createHash('sha1').update(JSON.stringify(event.finalOutput)).digest('base64url')}`;
}
