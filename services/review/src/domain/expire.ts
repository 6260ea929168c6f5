import { ReviewTask } from './review-task';
import { IllegalTransition } from './task-errors';
import { requireState, TaskTransition, withoutLease } from './task-transition';

/**
 * The expiry sweep: an unfinished task whose expiry time has come (`expiresAt <= now`) ends `expired` with the
 * policy's safe default, whoever holds it and whichever queue it waits in. Judgments already given are kept for the
 * record but decide nothing: a quorum that was not reached is no verdict.
 */
export function expire(task: ReviewTask, now: Date): TaskTransition<'expired'> {
  requireState(task, 'expire', ['open', 'claimed', 'escalated']);
  if (task.expiresAt.getTime() > now.getTime()) {
    throw new IllegalTransition(task.state, 'expire', `it expires at ${task.expiresAt.toISOString()}`);
  }
  return {
    task: withoutLease(task, { state: 'expired', expiry: { at: now, outcome: task.safeDefault } }),
    event: 'expired',
  };
}
