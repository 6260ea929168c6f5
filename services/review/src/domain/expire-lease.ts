import { ReviewTask } from './review-task';
import { IllegalTransition } from './task-errors';
import { leaseExpired, requireState, TaskTransition, waitingState, withoutLease } from './task-transition';

/** The lease sweep: a claimed task whose lease is over (`expiresAt <= now`) waits in its group's queue again. */
export function expireLease(task: ReviewTask, now: Date): TaskTransition<'lease_expired'> {
  requireState(task, 'expire_lease', ['claimed']);
  if (!leaseExpired(task, now)) {
    throw new IllegalTransition(
      task.state,
      'expire_lease',
      `its lease runs until ${task.lease?.expiresAt.toISOString()}`,
    );
  }
  return { task: withoutLease(task, { state: waitingState(task.group) }), event: 'lease_expired' };
}
