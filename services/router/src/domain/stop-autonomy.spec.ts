import { RoutingPolicyDocument } from '@countersign/contracts';
import { aDecision } from '@countersign/contracts/testing';
import { compilePolicy } from './compile-policy';
import { routeDecision } from './route-decision';
import { AUTONOMY_STOPPED_REASON, withAutonomyStopped } from './stop-autonomy';

describe('withAutonomyStopped', () => {
  const autonomous = compilePolicy('w', 3, Object.assign(new RoutingPolicyDocument(), { threshold: 0, trustLevel: 4 }));

  it('sends every decision to review, even at trust level 4 with no rule, and says why', () => {
    const decision = aDecision({ workflow: 'w', confidence: 0.99, flags: [], attributes: {} });
    expect(routeDecision(decision, autonomous).route).toBe('autonomous');
    const facts = routeDecision(decision, withAutonomyStopped(autonomous));
    expect(facts).toMatchObject({ route: 'review', reasons: [AUTONOMY_STOPPED_REASON], policyVersion: 3 });
  });
});
