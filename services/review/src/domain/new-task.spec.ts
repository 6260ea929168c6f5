import { DecisionV1, ReviewKind, ReviewRequestedV1 } from '@countersign/contracts';
import { newTask } from './new-task';

const decision: DecisionV1 = {
  schemaVersion: 1,
  id: 'dec-42',
  workflow: 'contract-review',
  model: { name: 'clause-extractor', version: '2025-06' },
  confidence: 0.61,
  output: { liabilityCap: '1x fees' },
  attributes: { amount: 250_000 },
  flags: [],
  occurredAt: '2025-11-25T09:59:00.000Z',
};

function request(kind: ReviewKind): ReviewRequestedV1 {
  return {
    schemaVersion: 1,
    decisionId: decision.id,
    kind,
    routing: {
      route: 'review',
      reasons: ['below_threshold'],
      policyVersion: 3,
      trustLevel: 2,
      threshold: 0.9,
      randomSample: false,
      requiredApprovals: 2,
    },
    decision,
    requestedAt: '2025-11-25T10:00:00.000Z',
  };
}

describe('newTask', () => {
  it.each<ReviewKind>(['review', 'audit'])('opens a task of kind %s for the decision, in its workflow', (kind) => {
    const task = newTask(request(kind));
    expect(task).toMatchObject({ decisionId: 'dec-42', kind, workflow: 'contract-review', state: 'open' });
  });

  it('keeps why the decision was sent and what the AI decided, for the reviewer', () => {
    const task = newTask(request('review'));
    expect(task.routing).toEqual({
      route: 'review',
      reasons: ['below_threshold'],
      policyVersion: 3,
      trustLevel: 2,
      threshold: 0.9,
      randomSample: false,
      requiredApprovals: 2,
    });
    expect(task.decision.output).toEqual({ liabilityCap: '1x fees' });
  });

  it('records when review was requested as an instant, not as text', () => {
    expect(newTask(request('review')).requestedAt.toISOString()).toBe('2025-11-25T10:00:00.000Z');
  });
});
