import { RoutingPolicyDocument, validateEvent } from '@countersign/contracts';
import { aDecision } from '@countersign/contracts/testing';
import { compilePolicy } from './compile-policy';
import { routeDecision } from './route-decision';
import { seedPolicies } from './seed-policies';

const seeded = (workflow: string) => compilePolicy(workflow, 1, seedPolicies[workflow]);

describe('seedPolicies', () => {
  it.each(Object.entries(seedPolicies))('%s is a valid policy document that compiles', (workflow, document) => {
    expect(validateEvent(RoutingPolicyDocument, JSON.parse(JSON.stringify(document)))).toMatchObject({ ok: true });
    expect(() => compilePolicy(workflow, 1, document)).not.toThrow();
  });

  it('covers the three example workflows', () => {
    expect(Object.keys(seedPolicies).sort()).toEqual(['contract-review', 'lead-qualification', 'supplier-onboarding']);
  });

  it('contract-review: a contract over 100k is reviewed, by two people over 1m, within 8 hours', () => {
    const decision = aDecision({ confidence: 0.99, flags: [], attributes: { amount: 5_000_000 } });
    expect(routeDecision(decision, seeded('contract-review'))).toMatchObject({
      route: 'review',
      reasons: expect.arrayContaining(['rule:high-value']),
      requiredApprovals: 2,
      slaSeconds: 28_800,
    });
  });

  it('contract-review: an anomaly flag is reviewed', () => {
    const decision = aDecision({ confidence: 0.99, flags: ['anomaly:liability-cap'], attributes: { amount: 50_000 } });
    expect(routeDecision(decision, seeded('contract-review')).reasons).toContain('flag:anomaly:liability-cap');
  });

  it('supplier-onboarding: a sanctions hit or a high risk is reviewed, a high risk by two people', () => {
    const supplier = (attributes: Record<string, string | boolean>) =>
      aDecision({ workflow: 'supplier-onboarding', confidence: 0.99, flags: [], attributes });
    const policy = seeded('supplier-onboarding');
    expect(routeDecision(supplier({ sanctionsHit: true }), policy).reasons).toContain('rule:sanctions-hit');
    expect(routeDecision(supplier({ riskRating: 'high' }), policy)).toMatchObject({
      reasons: expect.arrayContaining(['rule:high-risk']),
      requiredApprovals: 2,
    });
    expect(routeDecision(supplier({ sanctionsHit: 'true', riskRating: 'medium' }), policy).reasons).not.toContain(
      'rule:sanctions-hit',
    );
  });

  it('lead-qualification: an enterprise lead is reviewed, within 24 hours', () => {
    const lead = aDecision({
      workflow: 'lead-qualification',
      confidence: 0.99,
      flags: [],
      attributes: { segment: 'enterprise' },
    });
    expect(routeDecision(lead, seeded('lead-qualification'))).toMatchObject({
      reasons: expect.arrayContaining(['rule:enterprise-segment']),
      slaSeconds: 86_400,
    });
  });
});
