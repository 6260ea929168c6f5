import { EscalationReason, ReviewTask } from './review-task';
import { IllegalTransition } from './task-errors';
import { requireState, TaskTransition, withoutLease } from './task-transition';

/**
 * Hands an open or claimed task to the leads (group `escalation`, state `escalated`); a reviewer holding it loses
 * the lease. Judgments already given stay and count: after an SLA breach a four-eyes task with one approval needs
 * one more, from a lead. Reviewers' disagreement is escalated by `judge`, which sets the judgments aside instead. A
 * task already with the leads is not escalated again.
 */
export function escalate(task: ReviewTask, reason: EscalationReason, now: Date): TaskTransition<'escalated'> {
  requireState(task, 'escalate', ['open', 'claimed']);
  if (task.group === 'escalation') {
    throw new IllegalTransition(task.state, 'escalate', 'it is already with the escalation group');
  }
  return {
    task: withoutLease(task, { state: 'escalated', group: 'escalation', escalation: { reason, at: now } }),
    event: 'escalated',
  };
}
