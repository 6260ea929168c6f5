import { Principal } from '@countersign/auth/core';
import { aReviewRequest, aRouting } from '@countersign/contracts/testing';
import { taskAsSeenBy } from './blind-review';
import { claim } from './claim';
import { addComment } from './comment';
import { escalate } from './escalate';
import { judge } from './judge';
import { openTask } from './open-task';
import { ReviewTask } from './review-task';
import { VerdictInput } from './verdict';

const T0 = new Date('2026-11-03T09:15:00.150Z');
const LEASE_MS = 10 * 60_000;
const person = (subject: string, role: 'reviewer' | 'lead' = 'reviewer'): Principal => ({
  subject,
  roles: [role],
  groups: [],
  workflows: ['*'],
});

let clock = 0;
function judged(task: ReviewTask, reviewer: string, verdict: VerdictInput): ReviewTask {
  const at = new Date(T0.getTime() + (clock += 60_000));
  return judge(claim(task, reviewer, at, LEASE_MS).task, reviewer, verdict, at).task;
}

const fourEyes = (): ReviewTask =>
  openTask(aReviewRequest({ routing: aRouting({ requiredApprovals: 2 }) }), { id: 'task-1', now: T0 });

describe('blind review: what of a task each person sees', () => {
  const firstJudged = addComment(
    judged(fourEyes(), 'anna', { verdict: 'reject', reasonCode: 'incorrect', comment: 'Cap is wrong' }),
    'anna',
    'I rejected it: see p. 17',
    T0,
  ).task;

  it("hides the first reviewer's verdict, reason, comment and notes from the second, while the task is open", () => {
    const { task, hiddenJudgments } = taskAsSeenBy(person('li'), firstJudged);
    expect(task.judgments).toEqual([]);
    expect(task.comments).toEqual([]);
    expect(task.outcome).toBeUndefined();
    expect(hiddenJudgments).toBe(1);
    expect(JSON.stringify(task)).not.toMatch(/reject|incorrect|Cap is wrong|p\. 17/);
  });

  it('hides it from a lead too, when the task is with the leads for its SLA rather than a disagreement', () => {
    const breached = escalate(firstJudged, 'sla_breached', T0).task;
    expect(taskAsSeenBy(person('lead-1', 'lead'), breached).task.judgments).toEqual([]);
  });

  it('shows reviewers their own judgment, and notes by people who have not judged', () => {
    const noted = addComment(firstJudged, 'omar', 'annex B is missing', T0).task;
    expect(taskAsSeenBy(person('anna'), noted).task.judgments.map((j) => j.reviewer)).toEqual(['anna']);
    expect(taskAsSeenBy(person('li'), noted).task.comments?.map((c) => c.author)).toEqual(['omar']);
  });

  it('shows leads every judgment set aside when reviewers disagreed, but not reviewers', () => {
    const disagreed = judged(firstJudged, 'li', { verdict: 'approve' });
    expect(disagreed.state).toBe('escalated');
    const lead = taskAsSeenBy(person('lead-1', 'lead'), disagreed);
    expect(lead.task.escalation?.judgments?.map((j) => j.verdict)).toEqual(['reject', 'approve']);
    expect(lead.hiddenJudgments).toBe(0);
    const li = taskAsSeenBy(person('li'), disagreed);
    expect(li.task.escalation?.judgments?.map((j) => j.reviewer)).toEqual(['li']);
    expect(li.hiddenJudgments).toBe(1);
  });

  it('shows everyone every judgment once the task is complete', () => {
    const done = judged(judged(fourEyes(), 'anna', { verdict: 'approve' }), 'li', { verdict: 'approve' });
    expect(done.state).toBe('completed');
    const { task, hiddenJudgments } = taskAsSeenBy(person('omar'), done);
    expect(task).toEqual(done);
    expect(hiddenJudgments).toBe(0);
  });
});
