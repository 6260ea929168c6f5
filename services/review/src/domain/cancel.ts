import { ReviewTask } from './review-task';
import { requireState, TaskTransition, withoutLease } from './task-transition';

/**
 * A lead or admin withdraws a task that is not finished: no verdict will be given, and the decision's final outcome is
 * `withdrawn` (terminal-outcome.ts). Judgments already given are kept, for the record.
 */
export function cancel(task: ReviewTask, actor: string, now: Date, reason?: string): TaskTransition<'cancelled'> {
  requireState(task, 'cancel', ['open', 'claimed', 'escalated']);
  const cancellation = { by: actor, at: now, ...(reason === undefined ? {} : { reason }) };
  return { task: withoutLease(task, { state: 'cancelled', cancellation }), event: 'cancelled' };
}
