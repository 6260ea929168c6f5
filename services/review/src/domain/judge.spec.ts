import { JsonObject } from '@countersign/contracts';
import { aDecision, aReviewRequest, aRouting } from '@countersign/contracts/testing';
import { claim } from './claim';
import { escalate } from './escalate';
import { judge } from './judge';
import { openTask } from './open-task';
import { reassign } from './reassign';
import { ReviewTask } from './review-task';
import { AlreadyJudgedByReviewer, InvalidVerdict } from './task-errors';
import { TaskTransition } from './task-transition';
import { VerdictInput } from './verdict';

const T0 = new Date('2026-11-03T09:15:00.150Z');
const LEASE_MS = 10 * 60_000;
const aiOutput = aDecision().output;
const corrected: JsonObject = { ...aiOutput, liabilityCap: { amount: 500_000, currency: 'EUR' } };

function taskNeeding(requiredApprovals: number): ReviewTask {
  return openTask(aReviewRequest({ routing: aRouting({ requiredApprovals }) }), { id: 'task-1', now: T0 });
}

let clock = 0;
/** `reviewer` claims the task and gives `verdict` a minute later. */
function judgedBy(task: ReviewTask, reviewer: string, verdict: VerdictInput): TaskTransition {
  const claimedAt = new Date(T0.getTime() + (clock += 60_000));
  const claimed = claim(task, reviewer, claimedAt, LEASE_MS).task;
  return judge(claimed, reviewer, verdict, new Date(claimedAt.getTime() + 60_000));
}

describe('judge', () => {
  it('completes a single-review task with the first verdict', () => {
    const { task, event } = judgedBy(taskNeeding(1), 'anna', { verdict: 'approve' });
    expect(event).toBe('completed');
    expect(task.state).toBe('completed');
    expect(task.lease).toBeUndefined();
    expect(task.outcome).toEqual({
      verdict: 'approve',
      finalOutput: aiOutput,
      reviewers: ['anna'],
      completedAt: task.judgments[0].givenAt,
    });
  });

  it('waits for a second, distinct reviewer under four-eyes, then completes', () => {
    const first = judgedBy(taskNeeding(2), 'anna', { verdict: 'approve' });
    expect(first.event).toBe('recorded');
    expect(first.task).toMatchObject({ state: 'open', group: 'reviewers' });
    expect(first.task.lease).toBeUndefined();
    expect(first.task.outcome).toBeUndefined();
    const second = judgedBy(first.task, 'li', { verdict: 'approve', comment: 'Agree.' });
    expect(second.event).toBe('completed');
    expect(second.task.outcome).toMatchObject({ verdict: 'approve', finalOutput: aiOutput, reviewers: ['anna', 'li'] });
    expect(second.task.judgments.map((judgment) => judgment.reviewer)).toEqual(['anna', 'li']);
  });

  it('needs as many distinct reviewers as routing asks for', () => {
    let transition = judgedBy(taskNeeding(3), 'anna', { verdict: 'reject', reasonCode: 'incorrect' });
    transition = judgedBy(transition.task, 'li', { verdict: 'reject', reasonCode: 'policy_violation' });
    expect(transition.event).toBe('recorded');
    transition = judgedBy(transition.task, 'omar', { verdict: 'reject', reasonCode: 'incorrect' });
    expect(transition.event).toBe('completed');
    // Rejections agree whatever the reason: none of the output is used.
    expect(transition.task.outcome).toMatchObject({ verdict: 'reject', finalOutput: null });
  });

  it.each<[string, VerdictInput, VerdictInput]>([
    ['approve against reject', { verdict: 'approve' }, { verdict: 'reject', reasonCode: 'incorrect' }],
    ['approve against correct', { verdict: 'approve' }, { verdict: 'correct', correction: corrected }],
    [
      'two different corrections',
      { verdict: 'correct', correction: corrected },
      { verdict: 'correct', correction: { ...corrected, governingLaw: 'Austria' } },
    ],
  ])('escalates a disagreement (%s) with both judgments attached', (_case, first, second) => {
    const recorded = judgedBy(taskNeeding(2), 'anna', first).task;
    const { task, event } = judgedBy(recorded, 'li', second);
    expect(event).toBe('escalated');
    expect(task).toMatchObject({ state: 'escalated', group: 'escalation', judgments: [] });
    expect(task.lease).toBeUndefined();
    expect(task.escalation?.reason).toBe('disagreement');
    expect(task.escalation?.judgments).toEqual([
      expect.objectContaining({ reviewer: 'anna', ...first }),
      expect.objectContaining({ reviewer: 'li', ...second }),
    ]);
  });

  it('counts equal corrections as agreement, whatever the order of their keys', () => {
    const reordered = Object.fromEntries(Object.entries(corrected).reverse());
    const recorded = judgedBy(taskNeeding(2), 'anna', { verdict: 'correct', correction: corrected }).task;
    const { task, event } = judgedBy(recorded, 'li', { verdict: 'correct', correction: reordered });
    expect(event).toBe('completed');
    expect(task.outcome?.finalOutput).toEqual(corrected);
  });

  it('never lets one reviewer give two of the approvals', () => {
    const recorded = judgedBy(taskNeeding(2), 'anna', { verdict: 'approve' }).task;
    expect(() => claim(recorded, 'anna', T0, LEASE_MS)).toThrow(AlreadyJudgedByReviewer);
    expect(() => reassign(recorded, 'lead', 'anna', T0, LEASE_MS)).toThrow(AlreadyJudgedByReviewer);
  });

  it('leaves a disagreement to leads who have not judged, and completes when enough of them agree', () => {
    const recorded = judgedBy(taskNeeding(2), 'anna', { verdict: 'approve' }).task;
    const escalated = judgedBy(recorded, 'li', { verdict: 'reject', reasonCode: 'incorrect' }).task;
    expect(() => claim(escalated, 'li', T0, LEASE_MS)).toThrow(AlreadyJudgedByReviewer);
    const firstLead = judgedBy(escalated, 'lead-1', { verdict: 'reject', reasonCode: 'incorrect' });
    expect(firstLead.event).toBe('recorded');
    expect(firstLead.task.state).toBe('escalated');
    const { task, event } = judgedBy(firstLead.task, 'lead-2', { verdict: 'reject', reasonCode: 'incorrect' });
    expect(event).toBe('completed');
    expect(task.outcome?.reviewers).toEqual(['lead-1', 'lead-2']);
    expect(task.escalation?.judgments?.map((judgment) => judgment.reviewer)).toEqual(['anna', 'li']);
  });

  it('sets aside every judgment when leads disagree in turn, and keeps the task with the leads', () => {
    const recorded = judgedBy(taskNeeding(2), 'anna', { verdict: 'approve' }).task;
    const escalated = judgedBy(recorded, 'li', { verdict: 'reject', reasonCode: 'incorrect' }).task;
    const firstLead = judgedBy(escalated, 'lead-1', { verdict: 'approve' }).task;
    const { task, event } = judgedBy(firstLead, 'lead-2', { verdict: 'correct', correction: corrected });
    expect(event).toBe('escalated');
    expect(task.state).toBe('escalated');
    expect(task.escalation?.judgments?.map((judgment) => judgment.reviewer)).toEqual([
      'anna',
      'li',
      'lead-1',
      'lead-2',
    ]);
  });

  it('keeps the judgments given before an SLA breach: a lead gives the approval still missing', () => {
    const recorded = judgedBy(taskNeeding(2), 'anna', { verdict: 'approve' }).task;
    const escalated = escalate(recorded, 'sla_breached', T0).task;
    expect(escalated.judgments).toHaveLength(1);
    const { task, event } = judgedBy(escalated, 'lead-1', { verdict: 'approve' });
    expect(event).toBe('completed');
    expect(task.outcome?.reviewers).toEqual(['anna', 'lead-1']);
  });

  it('refuses an invalid verdict with its field errors, leaving the task as it was', () => {
    const claimed = claim(taskNeeding(2), 'anna', T0, LEASE_MS).task;
    const schema = { type: 'object', properties: { governingLaw: { type: 'string' } } };
    const attempt = () =>
      judge(
        claimed,
        'anna',
        { verdict: 'correct', correction: { governingLaw: 7 } },
        new Date(T0.getTime() + 1),
        schema,
      );
    expect(attempt).toThrow(InvalidVerdict);
    expect(attempt).toThrow(
      expect.objectContaining({ fieldErrors: [{ field: 'correction.governingLaw', errors: ['must be string'] }] }),
    );
    expect(claimed.state).toBe('claimed');
  });
});
