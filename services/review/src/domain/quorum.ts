import { ReviewTask } from './review-task';
import { judgedBy } from './judged-by';
import { Staff } from './staffing';

/**
 * Whether the task can still reach its quorum in its group: the approvals it lacks against the people eligible to give
 * them who have not judged it yet (four-eyes: nobody judges twice). Reviewers' tasks may be taken by reviewers and
 * leads alike (a lead is a reviewer too); escalated ones only by leads, of whom those who judged already are
 * counted out — assuming, since review cannot tell a lead from a reviewer by name afterwards, that everyone who
 * judged was a lead (the count that keeps the most hope, so a task is escalated only when it surely cannot finish).
 */
export function quorumReachable(
  task: Pick<ReviewTask, 'group' | 'requiredApprovals' | 'judgments' | 'escalation'>,
  staff: Staff | undefined,
): boolean {
  if (staff === undefined) return true;
  const lacking = task.requiredApprovals - task.judgments.length;
  const pool = task.group === 'escalation' ? staff.leads : staff.reviewers + staff.leads;
  return pool - judgedBy(task).length >= lacking;
}
