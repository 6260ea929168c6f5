import { JsonObject } from '@countersign/contracts';
import { jsonEqual } from './json-equal';
import { Judgment, ReviewTask } from './review-task';
import {
  requireLiveLease,
  requireNotExpired,
  requireNotJudgedBy,
  requireState,
  TaskTransition,
  waitingState,
  withoutLease,
} from './task-transition';
import { finalOutputOf, guardRecordOf, validateVerdict, VerdictInput } from './verdict';

/**
 * The lease holder's verdict. It is checked (InvalidVerdict, with field errors) and recorded with the time from
 * claim to verdict, then:
 * - if it disagrees with a judgment already given (another verdict, or another correction), the task is escalated
 *   with every judgment set aside in `escalation.judgments`; the leads decide afresh, and no one who judged may;
 * - if it brings the agreeing judgments to `requiredApprovals`, the task is completed with their outcome;
 * - otherwise it waits in its queue for the next reviewer, who must be someone else (four-eyes).
 * A disagreement among leads is escalated the same way and stays with the leads.
 */
export function judge(
  task: ReviewTask,
  reviewer: string,
  input: VerdictInput,
  now: Date,
  outputSchema?: JsonObject,
): TaskTransition<'recorded' | 'completed' | 'escalated'> {
  requireState(task, 'judge', ['claimed']);
  requireNotExpired(task, 'judge', now);
  const lease = requireLiveLease(task, reviewer, now);
  requireNotJudgedBy(task, reviewer);
  const verdict = validateVerdict(input, task.decision.output, outputSchema);
  const judgment: Judgment = {
    ...verdict,
    reviewer,
    givenAt: now,
    timeOnTaskMs: Math.max(0, now.getTime() - lease.claimedAt.getTime()),
  };
  const guard = guardRecordOf(input);
  if (guard) judgment.guard = guard;

  if (task.judgments.some((earlier) => !agree(earlier, judgment))) {
    const setAside = [...(task.escalation?.judgments ?? []), ...task.judgments, judgment];
    const escalation = { reason: 'disagreement' as const, at: now, judgments: setAside };
    return {
      task: withoutLease(task, { state: 'escalated', group: 'escalation', judgments: [], escalation }),
      event: 'escalated',
    };
  }
  const judgments = [...task.judgments, judgment];
  if (judgments.length < task.requiredApprovals) {
    return { task: withoutLease(task, { state: waitingState(task.group), judgments }), event: 'recorded' };
  }
  const outcome = {
    verdict: verdict.verdict,
    finalOutput: finalOutputOf(verdict, task.decision.output),
    reviewers: judgments.map((given) => given.reviewer),
    completedAt: now,
  };
  return { task: withoutLease(task, { state: 'completed', judgments, outcome }), event: 'completed' };
}

/** Two judgments agree when they would release the same output: rejections agree whatever their reasons. */
function agree(a: Judgment, b: Judgment): boolean {
  if (a.verdict !== b.verdict) return false;
  return a.verdict !== 'correct' || b.verdict !== 'correct' || jsonEqual(a.correction, b.correction);
}
