import { ReviewTask } from './review-task';
import {
  requireLeaseLength,
  requireLiveLease,
  requireNotExpired,
  requireState,
  TaskTransition,
} from './task-transition';

/**
 * The holder keeps the task for `leaseMs` more from `now`. Only while the lease still runs: once it has expired
 * someone else may have the task, so the holder has to claim it again.
 */
export function renewLease(
  task: ReviewTask,
  reviewer: string,
  now: Date,
  leaseMs: number,
): TaskTransition<'lease_renewed'> {
  requireLeaseLength(leaseMs);
  requireState(task, 'renew_lease', ['claimed']);
  requireNotExpired(task, 'renew_lease', now);
  const held = requireLiveLease(task, reviewer, now);
  const lease = { ...held, expiresAt: new Date(now.getTime() + leaseMs) };
  return { task: { ...task, lease, version: task.version + 1 }, event: 'lease_renewed' };
}
