import { escalate } from './escalate';
import { expire } from './expire';
import { expireLease } from './expire-lease';
import { ReviewTask } from './review-task';
import { dueForEscalation, dueForExpiry } from './sla';
import { leaseExpired, TaskTransition } from './task-transition';

/**
 * What time alone does to a task at `now`, in order: past its expiry time it ends `expired` (whether or not it was
 * escalated — the service may have been down through the SLA); else a lease that ran out is returned to its queue,
 * and an overdue task still with the reviewers goes to the leads. Nothing for a finished task. The scheduler applies
 * these; the property tests prove that, from any state, they lead to exactly one final outcome.
 */
export function scheduledTransitions(task: ReviewTask, now: Date): TaskTransition[] {
  if (dueForExpiry(task, now)) return [expire(task, now)];
  const steps: TaskTransition[] = [];
  let current = task;
  if (current.state === 'claimed' && leaseExpired(current, now)) {
    steps.push(expireLease(current, now));
    current = steps[steps.length - 1].task;
  }
  if (dueForEscalation(current, now)) steps.push(escalate(current, 'sla_breached', now));
  return steps;
}
