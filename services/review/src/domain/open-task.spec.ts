import { aDecision, aReviewRequest, aRouting } from '@countersign/contracts/testing';
import { openTask } from './open-task';

const now = new Date('2026-11-03T09:15:01.000Z');

describe('openTask', () => {
  it('opens a task for the reviewers of the workflow, due by its SLA, needing its approvals', () => {
    const request = aReviewRequest();
    expect(openTask(request, { id: 'task-1', now, errorCostAttribute: 'amount' })).toEqual({
      id: 'task-1',
      decisionId: request.decisionId,
      kind: 'review',
      workflow: 'contract-review',
      state: 'open',
      group: 'reviewers',
      requiredApprovals: 2,
      judgments: [],
      dueAt: new Date('2026-11-03T13:15:00.150Z'),
      // No expiry in the request's routing (an older router): the service's default, a day after the SLA; hold.
      expiresAt: new Date('2026-11-04T13:15:00.150Z'),
      safeDefault: 'hold',
      errorCost: 5_000_000,
      requestedAt: new Date(request.requestedAt),
      createdAt: now,
      routing: request.routing,
      decision: request.decision,
      version: 1,
    });
  });

  it.each<[string, string | undefined, Record<string, string | number | boolean | null>, number | null]>([
    ['no error-cost attribute in the policy', undefined, { amount: 10 }, null],
    ['the attribute missing from the decision', 'amount', {}, null],
    ['the attribute as text', 'amount', { amount: '10' }, null],
    ['a key every object inherits', 'constructor', {}, null],
    ['a number', 'amount', { amount: 0 }, 0],
  ])('costs an error by %s', (_case, errorCostAttribute, attributes, errorCost) => {
    const request = aReviewRequest({ decision: aDecision({ attributes }) });
    expect(openTask(request, { id: 't', now, errorCostAttribute }).errorCost).toBe(errorCost);
  });

  it("expires the policy's window after the SLA with the policy's safe default, as routing carries them", () => {
    const request = aReviewRequest({
      routing: aRouting({ slaSeconds: 600, expirySeconds: 120, safeDefault: 'reject' }),
    });
    const task = openTask(request, { id: 't', now });
    expect(task.dueAt.getTime() - new Date(request.requestedAt).getTime()).toBe(600_000);
    expect(task.expiresAt.getTime() - task.dueAt.getTime()).toBe(120_000);
    expect(task.safeDefault).toBe('reject');
  });

  it("falls back to the workflow's SLA when routing carries none", () => {
    const routing = aRouting();
    delete routing.slaSeconds;
    const task = openTask(aReviewRequest({ routing }), { id: 't', now, slaFallbackSeconds: 3600 });
    expect(task.dueAt.toISOString()).toBe('2026-11-03T10:15:00.150Z');
  });

  it('opens an audit task of the same decision as a task of its own kind', () => {
    expect(openTask(aReviewRequest({ kind: 'audit' }), { id: 't', now }).kind).toBe('audit');
  });
});
