import { DecisionV1, JsonObject, ReviewKind, RoutingFacts, SafeDefault } from '@countersign/contracts';
import { GuardRecord, Verdict } from './verdict';
import { TaskState } from './task-state';

/** Who may pick a task up: any reviewer of its workflow, or (once escalated) only its leads. */
export const TASK_GROUPS = ['reviewers', 'escalation'] as const;
export type TaskGroup = (typeof TASK_GROUPS)[number];

/** quorum_unreachable: the workflow has fewer eligible reviewers than the task needs approvals (see quorum.ts). */
export const ESCALATION_REASONS = ['sla_breached', 'disagreement', 'quorum_unreachable'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/** One reviewer's verdict on the task, as given. */
export type Judgment = Verdict & {
  reviewer: string;
  givenAt: Date;
  /** From the claim (or reassignment) to the verdict. */
  timeOnTaskMs: number;
  /** Set when the reviewer's client showed the rubber-stamp prompt before this verdict (the client says so). */
  guard?: GuardRecord;
};

/** The right of one reviewer to work on the task until `expiresAt` (exclusive: at `expiresAt` it has expired). */
export interface Lease {
  holder: string;
  claimedAt: Date;
  expiresAt: Date;
  /** The lead who gave the task to `holder`, when it was reassigned rather than claimed. */
  assignedBy?: string;
}

export interface Escalation {
  reason: EscalationReason;
  at: Date;
  /**
   * The judgments set aside because they disagreed, all of them since the task was opened (a second disagreement,
   * among leads, adds its own). Their reviewers can no longer judge the task.
   */
  judgments?: Judgment[];
}

/** How a completed task ended: what the agreeing reviewers decided. */
export interface TaskOutcome {
  verdict: Verdict['verdict'];
  /** The AI's output when approved, the correction when corrected, null when rejected. */
  finalOutput: JsonObject | null;
  reviewers: string[];
  completedAt: Date;
}

/** A note on the task by someone who may see it. */
export interface TaskComment {
  author: string;
  text: string;
  at: Date;
}

/** How an expired task ended: nobody finished it in time, so the decision took the policy's safe default. */
export interface Expiry {
  at: Date;
  outcome: SafeDefault;
}

export interface Cancellation {
  by: string;
  at: Date;
  reason?: string;
}

/**
 * A review task: one per decision and kind. Plain data, changed only by the transitions in this folder, each of which
 * returns a new task with `version` one higher (the store's optimistic-concurrency check). `decision` is the AI's
 * decision as it arrived and no transition touches it.
 */
export interface ReviewTask {
  id: string;
  decisionId: string;
  kind: ReviewKind;
  workflow: string;
  state: TaskState;
  group: TaskGroup;
  /** Distinct reviewers who must agree before the task completes (routing.requiredApprovals; four-eyes = 2). */
  requiredApprovals: number;
  /** The judgments that count towards `requiredApprovals`: all agreeing, each by a different reviewer. */
  judgments: Judgment[];
  /** Present exactly when the task is `claimed`. */
  lease?: Lease;
  dueAt: Date;
  /** When the task expires if still unfinished: `dueAt` plus the policy's expiry window (escalation comes first). */
  expiresAt: Date;
  /** The outcome an expired task gives the decision (the policy's safe default). */
  safeDefault: SafeDefault;
  /** The value of the policy's error-cost attribute (e.g. amount), when the decision has it as a number. */
  errorCost: number | null;
  requestedAt: Date;
  createdAt: Date;
  routing: RoutingFacts;
  decision: DecisionV1;
  /** The latest escalation, when there was one. */
  escalation?: Escalation;
  /** Present exactly when the task is `completed`. */
  outcome?: TaskOutcome;
  /** Present exactly when the task is `cancelled`. */
  cancellation?: Cancellation;
  /** Present exactly when the task is `expired`. */
  expiry?: Expiry;
  /** Notes in the order they were written; absent until the first. */
  comments?: TaskComment[];
  version: number;
  /**
   * W3C `traceparent` of the request that opened the task: the outcome, published when a reviewer acts much later,
   * continues the decision's trace instead of starting the reviewer's own.
   */
  traceparent?: string;
}
