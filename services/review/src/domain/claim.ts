import { ReviewTask } from './review-task';
import { IllegalTransition } from './task-errors';
import {
  leaseExpired,
  requireLeaseLength,
  requireNotExpired,
  requireNotJudgedBy,
  TaskTransition,
} from './task-transition';

/**
 * `reviewer` takes the task for `leaseMs`: from the reviewers' queue (`open`), the leads' (`escalated`), or from a
 * reviewer whose lease has run out but has not been swept yet. Nobody who already judged the task may take it again
 * (four-eyes). Who may claim which task is task-access's question, asked before this one.
 */
export function claim(task: ReviewTask, reviewer: string, now: Date, leaseMs: number): TaskTransition<'claimed'> {
  requireLeaseLength(leaseMs);
  if (task.state === 'claimed' && task.lease && !leaseExpired(task, now)) {
    throw new IllegalTransition(task.state, 'claim', `its lease runs until ${task.lease.expiresAt.toISOString()}`);
  }
  if (task.state !== 'open' && task.state !== 'escalated' && task.state !== 'claimed') {
    throw new IllegalTransition(task.state, 'claim');
  }
  requireNotExpired(task, 'claim', now);
  requireNotJudgedBy(task, reviewer);
  const lease = { holder: reviewer, claimedAt: now, expiresAt: new Date(now.getTime() + leaseMs) };
  return { task: { ...task, state: 'claimed', lease, version: task.version + 1 }, event: 'claimed' };
}
