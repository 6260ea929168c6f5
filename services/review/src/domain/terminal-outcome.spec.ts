import { aReviewRequest, aRouting } from '@countersign/contracts/testing';
import { cancel } from './cancel';
import { expire } from './expire';
import { openTask } from './open-task';
import { terminalOutcome } from './terminal-outcome';

const T0 = new Date('2026-11-03T09:15:00.150Z');
const request = aReviewRequest({ routing: aRouting({ slaSeconds: 60, expirySeconds: 30, safeDefault: 'reject' }) });

describe('terminalOutcome', () => {
  it("gives an expired review the outcome expired with the policy's safe default and no output", () => {
    const task = openTask(request, { id: 't', now: T0 });
    const expired = expire(task, task.expiresAt).task;
    expect(terminalOutcome(expired)).toMatchObject({
      decisionId: request.decisionId,
      outcome: 'expired',
      safeDefault: 'reject',
      finalOutput: null,
      decidedAt: task.expiresAt.toISOString(),
      routing: request.routing,
    });
  });

  it('gives a cancelled review the outcome withdrawn, without a safe default', () => {
    const cancelled = cancel(openTask(request, { id: 't', now: T0 }), 'lead-1', T0, 'duplicate').task;
    const final = terminalOutcome(cancelled);
    expect(final).toMatchObject({ outcome: 'withdrawn', finalOutput: null, decidedAt: T0.toISOString() });
    expect(final).not.toHaveProperty('safeDefault');
  });

  it('gives an audit sample no second final outcome: its decision was released and has one already', () => {
    const audit = openTask({ ...request, kind: 'audit' }, { id: 't', now: T0 });
    expect(terminalOutcome(expire(audit, audit.expiresAt).task)).toBeNull();
    expect(terminalOutcome(cancel(audit, 'lead-1', T0).task)).toBeNull();
  });

  it('refuses a task that is not finished without a verdict', () => {
    expect(() => terminalOutcome(openTask(request, { id: 't', now: T0 }))).toThrow(/not expired or cancelled/);
  });
});
