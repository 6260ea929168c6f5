import { ReviewTask } from './review-task';
import {
  requireLeaseLength,
  requireNotExpired,
  requireNotJudgedBy,
  requireState,
  TaskTransition,
} from './task-transition';

/**
 * A lead gives a waiting or claimed task to `toReviewer` with a fresh lease; whoever held it loses it. The new holder
 * must not have judged the task already (four-eyes). Whether `toReviewer` may work on the task's workflow (and, for
 * an escalated task, is a lead) is for the caller to check against their principal, when it knows it.
 */
export function reassign(
  task: ReviewTask,
  lead: string,
  toReviewer: string,
  now: Date,
  leaseMs: number,
): TaskTransition<'reassigned'> {
  requireLeaseLength(leaseMs);
  requireState(task, 'reassign', ['open', 'claimed', 'escalated']);
  requireNotExpired(task, 'reassign', now);
  requireNotJudgedBy(task, toReviewer);
  const lease = { holder: toReviewer, claimedAt: now, expiresAt: new Date(now.getTime() + leaseMs), assignedBy: lead };
  return { task: { ...task, state: 'claimed', lease, version: task.version + 1 }, event: 'reassigned' };
}
