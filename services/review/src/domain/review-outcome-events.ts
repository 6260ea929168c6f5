import { FinalDecisionV1, FinalOutcome, ReviewCompletedV1, VerdictKind } from '@countersign/contracts';
import { fieldDiff } from './field-diff';
import { ReviewTask } from './review-task';

export const MAX_EVENT_COMMENT_LENGTH = 4000;

/** What a completed task publishes, in one outbox transaction with the task's completion. */
export interface ReviewOutcomeEvents {
  /** For countersign.review.completed: the human judgment, as training data for feedback. */
  completed: ReviewCompletedV1;
  /**
   * For countersign.decisions.final: what downstream systems act on. Null for an audit task: its decision was
   * released autonomously and already has its one final outcome; the audit's verdict is feedback, not a new outcome.
   */
  final: FinalDecisionV1 | null;
}

const OUTCOME_OF: Record<VerdictKind, Exclude<FinalOutcome, 'autonomous'>> = {
  approve: 'approved',
  correct: 'corrected',
  reject: 'rejected',
};

/**
 * The events of a completed task. With several reviewers (four-eyes), `timeOnTaskMs` is the sum of their times:
 * the human effort the decision cost. `reasonCode` is the first one given; `comment` joins every reviewer's, each
 * after its author (cut at 4000 characters, the contract's limit). `diff` is empty unless the output was corrected.
 */
export function reviewOutcomeEvents(task: ReviewTask): ReviewOutcomeEvents {
  const { outcome, decision } = task;
  if (task.state !== 'completed' || !outcome) throw new Error(`task ${task.id} is ${task.state}, not completed`);
  const completedAt = outcome.completedAt.toISOString();
  const reasonCode = task.judgments.find((judgment) => judgment.reasonCode !== undefined)?.reasonCode;
  const comment = commentOf(task);
  const completed: ReviewCompletedV1 = {
    schemaVersion: 1,
    decisionId: task.decisionId,
    taskId: task.id,
    kind: task.kind,
    workflow: task.workflow,
    verdict: outcome.verdict,
    aiOutput: decision.output,
    ...(decision.input === undefined ? {} : { input: decision.input }),
    finalOutput: outcome.finalOutput,
    diff: outcome.verdict === 'correct' && outcome.finalOutput ? fieldDiff(decision.output, outcome.finalOutput) : [],
    ...(reasonCode === undefined ? {} : { reasonCode }),
    ...(comment === undefined ? {} : { comment }),
    reviewers: outcome.reviewers,
    timeOnTaskMs: task.judgments.reduce((total, judgment) => total + judgment.timeOnTaskMs, 0),
    ...guardPromptsOf(task),
    routing: task.routing,
    model: decision.model,
    confidence: decision.confidence,
    completedAt,
  };
  if (task.kind === 'audit') return { completed, final: null };
  const final: FinalDecisionV1 = {
    schemaVersion: 1,
    decisionId: task.decisionId,
    workflow: task.workflow,
    outcome: OUTCOME_OF[outcome.verdict],
    finalOutput: outcome.finalOutput,
    model: decision.model,
    confidence: decision.confidence,
    routing: task.routing,
    decidedAt: completedAt,
  };
  return { completed, final };
}

/** The reviewers whose verdict on this task came after a rubber-stamp prompt; nothing when nobody's did. */
function guardPromptsOf(task: ReviewTask): Pick<ReviewCompletedV1, 'guardPrompts'> {
  const guardPrompts = task.judgments.flatMap((judgment) =>
    judgment.guard ? [{ reviewer: judgment.reviewer, reconsidered: judgment.guard.reconsidered }] : [],
  );
  return guardPrompts.length === 0 ? {} : { guardPrompts };
}

function commentOf(task: ReviewTask): string | undefined {
  const comments = task.judgments.flatMap((judgment) =>
    judgment.comment === undefined
      ? []
      : [task.judgments.length > 1 ? `${judgment.reviewer}: ${judgment.comment}` : judgment.comment],
  );
  if (comments.length === 0) return undefined;
  const joined = comments.join('\n\n');
  return joined.length <= MAX_EVENT_COMMENT_LENGTH ? joined : `${joined.slice(0, MAX_EVENT_COMMENT_LENGTH - 1)}…`;
}
