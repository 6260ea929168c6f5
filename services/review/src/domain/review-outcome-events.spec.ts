import { FinalDecisionV1, ReviewCompletedV1, validateEvent } from '@countersign/contracts';
import { aDecision, aReviewRequest, aRouting } from '@countersign/contracts/testing';
import { claim } from './claim';
import { judge } from './judge';
import { openTask } from './open-task';
import { ReviewTask } from './review-task';
import { reviewOutcomeEvents } from './review-outcome-events';
import { VerdictInput } from './verdict';

const T0 = new Date('2026-11-03T09:15:00.150Z');
const LEASE_MS = 30 * 60_000;
const aiOutput = aDecision().output;
const corrected = { ...aiOutput, liabilityCap: { amount: 500_000, currency: 'EUR' } };

/** A task completed by `verdicts`, one reviewer each, every reviewer spending `minutes` on it. */
function completedBy(verdicts: [string, VerdictInput, number][], kind: 'review' | 'audit' = 'review'): ReviewTask {
  const request = aReviewRequest({ kind, routing: aRouting({ requiredApprovals: verdicts.length }) });
  let task = openTask(request, { id: 'task-7f3a', now: T0 });
  let clock = T0.getTime();
  for (const [reviewer, verdict, minutes] of verdicts) {
    task = claim(task, reviewer, new Date(clock), LEASE_MS).task;
    clock += minutes * 60_000;
    task = judge(task, reviewer, verdict, new Date(clock)).task;
  }
  return task;
}

describe('reviewOutcomeEvents', () => {
  it('publishes a four-eyes correction with its diff, both reviewers and their total time', () => {
    const task = completedBy([
      ['anna', { verdict: 'correct', correction: corrected, reasonCode: 'misread-amount', comment: 'Clause 14.2.' }, 2],
      ['li', { verdict: 'correct', correction: corrected, comment: 'Agree.' }, 1],
    ]);
    const { completed, final } = reviewOutcomeEvents(task);
    expect(completed).toEqual({
      schemaVersion: 1,
      decisionId: task.decisionId,
      taskId: 'task-7f3a',
      kind: 'review',
      workflow: 'contract-review',
      verdict: 'correct',
      aiOutput,
      input: task.decision.input,
      finalOutput: corrected,
      diff: [{ path: '/liabilityCap/amount', before: 5_000_000, after: 500_000 }],
      reasonCode: 'misread-amount',
      comment: 'anna: Clause 14.2.\n\nli: Agree.',
      reviewers: ['anna', 'li'],
      timeOnTaskMs: 180_000,
      routing: task.routing,
      model: task.decision.model,
      confidence: task.decision.confidence,
      completedAt: '2026-11-03T09:18:00.150Z',
    });
    expect(final).toEqual({
      schemaVersion: 1,
      decisionId: task.decisionId,
      workflow: 'contract-review',
      outcome: 'corrected',
      finalOutput: corrected,
      model: task.decision.model,
      confidence: task.decision.confidence,
      routing: task.routing,
      decidedAt: '2026-11-03T09:18:00.150Z',
    });
    expect(validateEvent(ReviewCompletedV1, completed)).toMatchObject({ ok: true });
    expect(validateEvent(FinalDecisionV1, final)).toMatchObject({ ok: true });
  });

  it.each<[string, VerdictInput, string, boolean]>([
    ['an approval releases the AI output', { verdict: 'approve' }, 'approved', true],
    ['a rejection releases nothing', { verdict: 'reject', reasonCode: 'incorrect' }, 'rejected', false],
  ])('%s, with no diff', (_case, verdict, outcome, released) => {
    const { completed, final } = reviewOutcomeEvents(completedBy([['anna', verdict, 1]]));
    expect(completed.diff).toEqual([]);
    expect(completed.finalOutput).toEqual(released ? aiOutput : null);
    expect(final).toMatchObject({ outcome, finalOutput: released ? aiOutput : null });
    expect(validateEvent(ReviewCompletedV1, completed)).toMatchObject({ ok: true });
    expect(validateEvent(FinalDecisionV1, final)).toMatchObject({ ok: true });
  });

  it('carries routing facts as routed, random sample included, for unbiased accuracy estimates', () => {
    const request = aReviewRequest({ routing: aRouting({ randomSample: true, requiredApprovals: 1 }) });
    let task = claim(openTask(request, { id: 't', now: T0 }), 'anna', T0, LEASE_MS).task;
    task = judge(task, 'anna', { verdict: 'approve' }, T0).task;
    expect(reviewOutcomeEvents(task).completed.routing.randomSample).toBe(true);
  });

  it('publishes no second final outcome for an audit of a released decision', () => {
    const { completed, final } = reviewOutcomeEvents(completedBy([['anna', { verdict: 'approve' }, 1]], 'audit'));
    expect(completed.kind).toBe('audit');
    expect(final).toBeNull();
  });

  it('keeps a single comment as written, and cuts joined comments at the contract limit', () => {
    const one = completedBy([['anna', { verdict: 'approve', comment: 'Fine.' }, 1]]);
    expect(reviewOutcomeEvents(one).completed.comment).toBe('Fine.');
    const long = completedBy([
      ['anna', { verdict: 'approve', comment: 'a'.repeat(4000) }, 1],
      ['li', { verdict: 'approve', comment: 'b' }, 1],
    ]);
    const { comment } = reviewOutcomeEvents(long).completed;
    expect(comment).toHaveLength(4000);
    expect(comment?.endsWith('…')).toBe(true);
  });

  it('names the reviewers the rubber-stamp guard prompted, and only them; without a prompt there is no guardPrompts', () => {
    const task = completedBy([
      ['anna', { verdict: 'approve', guard: { prompted: true, reconsidered: false } }, 1],
      ['li', { verdict: 'approve', guard: { prompted: false } }, 1],
    ]);
    const { completed } = reviewOutcomeEvents(task);
    expect(completed.guardPrompts).toEqual([{ reviewer: 'anna', reconsidered: false }]);
    expect(validateEvent(ReviewCompletedV1, completed)).toMatchObject({ ok: true });
    expect(reviewOutcomeEvents(completedBy([['anna', { verdict: 'approve' }, 1]])).completed).not.toHaveProperty(
      'guardPrompts',
    );
  });

  it('refuses a task that is not completed', () => {
    const task = openTask(aReviewRequest(), { id: 't', now: T0 });
    expect(() => reviewOutcomeEvents(task)).toThrow('task t is open, not completed');
  });
});
