import {
  FieldChange,
  JsonObject,
  ReviewCompletedV1,
  ReviewKind,
  RoutingFacts,
  VerdictKind,
} from '@countersign/contracts';
import { isUnbiasedSample } from './judgment';

/**
 * One exported judgment: the documented, stable record shape of the dataset export (JSONL: one per line; CSV: one
 * column each, JSON-encoded). `label` is the human verdict; `human_output` is what the human released (the AI's output
 * when approved, the correction when corrected, null when rejected). Everything else a consumer might filter or weigh
 * on sits in `metadata`; `metadata.seq` is the export cursor.
 */
export interface TrainingRecord {
  input: JsonObject | null;
  ai_output: JsonObject;
  human_output: JsonObject | null;
  label: VerdictKind;
  metadata: TrainingRecordMetadata;
}

export interface TrainingRecordMetadata {
  seq: string;
  decision_id: string;
  task_id: string;
  kind: ReviewKind;
  workflow: string;
  model: { name: string; version: string };
  confidence: number;
  reason_code: string | null;
  comment: string | null;
  diff: FieldChange[];
  reviewers: string[];
  time_on_task_ms: number;
  routing: RoutingFacts;
  /** A random or audit sample: use these rows (only) to estimate the model's error rate. */
  unbiased_sample: boolean;
  completed_at: string;
}

/** The record for a judgment as it arrived; `seq` is where it sits in the export order. */
export function trainingRecordOf(event: ReviewCompletedV1, seq: string): TrainingRecord {
  return {
    input: event.input ?? null,
    ai_output: event.aiOutput,
    human_output: event.finalOutput,
    label: event.verdict,
    metadata: {
      seq,
      decision_id: event.decisionId,
      task_id: event.taskId,
      kind: event.kind,
      workflow: event.workflow,
      model: { name: event.model.name, version: event.model.version },
      confidence: event.confidence,
      reason_code: event.reasonCode ?? null,
      comment: event.comment ?? null,
      diff: event.diff,
      reviewers: event.reviewers,
      time_on_task_ms: event.timeOnTaskMs,
      routing: event.routing,
      unbiased_sample: isUnbiasedSample({ kind: event.kind, randomSample: event.routing.randomSample }),
      completed_at: event.completedAt,
    },
  };
}

/** The judgment a record was made from: the inverse of trainingRecordOf, which is what "re-imports losslessly" means. */
export function reviewCompletedOf(record: TrainingRecord): ReviewCompletedV1 {
  const { metadata } = record;
  return {
    schemaVersion: 1,
    decisionId: metadata.decision_id,
    taskId: metadata.task_id,
    kind: metadata.kind,
    workflow: metadata.workflow,
    verdict: record.label,
    aiOutput: record.ai_output,
    ...(record.input === null ? {} : { input: record.input }),
    finalOutput: record.human_output,
    diff: metadata.diff,
    ...(metadata.reason_code === null ? {} : { reasonCode: metadata.reason_code }),
    ...(metadata.comment === null ? {} : { comment: metadata.comment }),
    reviewers: metadata.reviewers,
    timeOnTaskMs: metadata.time_on_task_ms,
    routing: metadata.routing,
    model: metadata.model,
    confidence: metadata.confidence,
    completedAt: metadata.completed_at,
  };
}
