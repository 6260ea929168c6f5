/**
 * Where a review task is in its life.
 *
 * - `open`: waiting for a reviewer of its workflow.
 * - `claimed`: one reviewer (or lead) holds a lease on it; the lease expires and the task waits again.
 * - `escalated`: waiting for a lead, in the escalation group (SLA breached, or reviewers disagreed). It is the open
 *   state of the escalation group: a lead claims it from here, and it comes back here when that lead releases it,
 *   lets the lease expire, or records a judgment that still needs another lead's.
 * - `completed`, `cancelled`, `expired`: final; nothing moves them. `expired`: nobody finished the review by its
 *   expiry time (SLA + the policy's expiry window), so the decision took the policy's safe default.
 */
export const TASK_STATES = ['open', 'claimed', 'completed', 'escalated', 'cancelled', 'expired'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** The states a task never leaves. */
export const FINAL_TASK_STATES: readonly TaskState[] = ['completed', 'cancelled', 'expired'];

export function isFinal(state: TaskState): boolean {
  return FINAL_TASK_STATES.includes(state);
}
