import { ReviewTask } from './review-task';
import { LeaseNotHeld } from './task-errors';
import { requireState, TaskTransition, waitingState, withoutLease } from './task-transition';

/**
 * The holder gives the task back without a verdict; it waits in its group's queue again. Allowed after the lease
 * has expired too (it only tidies up what the lease sweep would), but never by anyone but the holder: a lead moves a
 * claimed task with `reassign`.
 */
export function release(task: ReviewTask, reviewer: string): TaskTransition<'released'> {
  requireState(task, 'release', ['claimed']);
  if (task.lease?.holder !== reviewer) throw new LeaseNotHeld(task.id, reviewer);
  return { task: withoutLease(task, { state: waitingState(task.group) }), event: 'released' };
}
