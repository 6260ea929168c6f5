import { hasRole, mayReviewWorkflow, Principal } from '@countersign/auth/core';
import { ReviewTask } from './review-task';
import { TaskAction } from './task-action';
import { NotPermitted } from './task-errors';

type GuardedTask = Pick<ReviewTask, 'workflow' | 'group' | 'lease'>;

/** A reviewer (or lead, or admin) of the task's workflow sees it, whichever queue it is in. */
export function mayView(principal: Principal, task: GuardedTask): boolean {
  return mayReviewWorkflow(principal, task.workflow);
}

/** A reviewer of the workflow may take a task from the reviewers' queue; only a lead one from the escalation group. */
export function mayClaim(principal: Principal, task: GuardedTask): boolean {
  return mayView(principal, task) && (task.group === 'reviewers' || hasRole(principal, 'lead'));
}

/** Leads (and admins) of the workflow move tasks between reviewers, escalate and cancel them. */
export function mayReassign(principal: Principal, task: GuardedTask): boolean {
  return mayView(principal, task) && hasRole(principal, 'lead');
}

/**
 * Refuses (NotPermitted, 403) what the principal may not do to the task. `expire_lease` belongs to the lease sweep
 * and no person may do it. Whether the task's state allows the action is the transition's to say (409).
 */
export function authorize(principal: Principal, action: TaskAction | 'view', task: GuardedTask): void {
  const [allowed, reason] = rule(principal, action, task);
  if (!allowed) throw new NotPermitted(action, principal.subject, reason);
}

function rule(principal: Principal, action: TaskAction | 'view', task: GuardedTask): [boolean, string] {
  if (!mayView(principal, task)) return [false, `not a reviewer of workflow ${task.workflow}`];
  switch (action) {
    case 'view':
    case 'comment':
      return [true, ''];
    case 'claim':
      return [mayClaim(principal, task), 'escalated tasks are for leads'];
    case 'judge':
    case 'renew_lease':
    case 'release':
      // Holding the lease is the transition's check: acting on a lost or someone else's lease is a conflict with the
      // task's state (409 LeaseNotHeld), not a lack of rights — also when the task was escalated from under the
      // reviewer. Only a reviewer who does hold an escalated task (a lead reassigned it) is refused: judging it is a
      // lead's.
      return [mayClaim(principal, task) || task.lease?.holder !== principal.subject, 'escalated tasks are for leads'];
    case 'reassign':
    case 'escalate':
    case 'cancel':
      return [mayReassign(principal, task), 'only a lead may'];
    case 'expire_lease':
      return [false, 'leases expire by themselves'];
    case 'expire':
      return [false, 'tasks expire by themselves, at their expiry time'];
  }
}
