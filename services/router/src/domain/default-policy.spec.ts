import { aDecision, arbitraryDecision } from '@countersign/contracts/testing';
import fc from 'fast-check';
import { defaultPolicy } from './default-policy';
import { routeDecision } from './route-decision';

describe('defaultPolicy', () => {
  it('is version 0 at trust level 1 with threshold 1, for the workflow asked about', () => {
    expect(defaultPolicy('invoice-coding')).toMatchObject({
      workflow: 'invoice-coding',
      version: 0,
      terms: { threshold: 1, trustLevel: 1 },
      standingReasons: ['unknown_workflow'],
    });
  });

  it('sends every decision to review, unknown_workflow first, whatever its confidence', () => {
    fc.assert(
      fc.property(arbitraryDecision(), (decision) => {
        const facts = routeDecision(decision, defaultPolicy(decision.workflow));
        expect(facts).toMatchObject({ route: 'review', policyVersion: 0, trustLevel: 1, threshold: 1 });
        expect(facts.reasons[0]).toBe('unknown_workflow');
      }),
    );
  });

  it('routes even a certain, unflagged decision to review, with one approval and the default SLA', () => {
    const facts = routeDecision(
      aDecision({ confidence: 1, flags: [], attributes: {} }),
      defaultPolicy('contract-review'),
    );
    expect(facts).toMatchObject({ route: 'review', requiredApprovals: 1, slaSeconds: 86_400 });
  });
});
