import { hasRole, Principal } from '@countersign/auth/core';
import { Judgment, ReviewTask, TaskComment } from './review-task';
import { isFinal } from './task-state';

/** A task as one principal may see it, and how many judgments were held back from them. */
export interface TaskSight {
  task: ReviewTask;
  /** Judgments (counting or set aside) of other people that this principal may not see yet. */
  hiddenJudgments: number;
}

/**
 * Blind review: what of a task `principal` may see, the one rule every endpoint shows tasks through.
 *
 * - A finished task (completed, cancelled, expired) hides nothing: everyone who may view it sees every judgment.
 * - A lead deciding a disagreement (the task is with the leads because reviewers or leads disagreed) sees every
 *   judgment, set aside or counting: they decide between them.
 * - Everyone else, while the task is open, sees only their own judgment: no other reviewer's verdict, correction,
 *   reason or comment, and no note by someone who has judged the task (a note can carry a verdict as well as a
 *   comment can). So a second reviewer of a four-eyes task — or a lead taking an SLA-breached one — judges without
 *   the first judgment to anchor on. Counts stay visible (`requiredApprovals`, `hiddenJudgments`).
 */
export function taskAsSeenBy(principal: Principal, task: ReviewTask): TaskSight {
  if (isFinal(task.state) || decidesDisagreement(principal, task)) return { task, hiddenJudgments: 0 };
  const own = (judgment: Judgment) => judgment.reviewer === principal.subject;
  const judges = new Set(
    [...task.judgments, ...(task.escalation?.judgments ?? [])].map((judgment) => judgment.reviewer),
  );
  const visibleNote = (note: TaskComment) => note.author === principal.subject || !judges.has(note.author);
  const judgments = task.judgments.filter(own);
  const setAside = task.escalation?.judgments?.filter(own);
  const hiddenJudgments =
    task.judgments.length - judgments.length + (task.escalation?.judgments?.length ?? 0) - (setAside?.length ?? 0);
  const { outcome: _outcome, ...rest } = task;
  return {
    task: {
      ...rest,
      judgments,
      ...(task.escalation && {
        escalation: { ...task.escalation, ...(setAside && { judgments: setAside }) },
      }),
      ...(task.comments && { comments: task.comments.filter(visibleNote) }),
    },
    hiddenJudgments,
  };
}

function decidesDisagreement(principal: Principal, task: ReviewTask): boolean {
  return task.group === 'escalation' && task.escalation?.reason === 'disagreement' && hasRole(principal, 'lead');
}
