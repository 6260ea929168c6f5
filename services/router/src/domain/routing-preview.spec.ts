import { RoutingPolicyDocument } from '@countersign/contracts';
import { aDecision } from '@countersign/contracts/testing';
import { compilePolicy } from './compile-policy';
import { routeDecision } from './route-decision';
import { MAX_EXAMPLES, previewRouting } from './routing-preview';

// Level 4 keeps sampling out of the arithmetic: only the threshold-free rules decide.
const atLevel4 = (version: number, fields: Partial<RoutingPolicyDocument>) =>
  compilePolicy(
    'contract-review',
    version,
    Object.assign(new RoutingPolicyDocument(), { threshold: 0.85, trustLevel: 4, ...fields }),
  );
const over = (amount: number) => ({ name: 'high-value', when: { '>': [{ var: 'attributes.amount' }, amount] } });

const decisions = [10_000, 50_000, 200_000, 2_000_000].flatMap((amount, i) =>
  Array.from({ length: 5 }, (_, j) =>
    aDecision({ id: `d-${i}-${j}`, confidence: 0.99, flags: [], attributes: { amount } }),
  ),
);

describe('previewRouting', () => {
  it('counts routes and reasons under both policies, and the decisions that change route', () => {
    const current = atLevel4(3, { alwaysReview: [over(100_000)] });
    const proposed = atLevel4(4, { alwaysReview: [over(1_000_000)], reviewFlags: [] });
    expect(previewRouting(decisions, current, proposed)).toMatchObject({
      sampled: 20,
      current: { review: 10, autonomous: 10, byReason: { 'rule:high-value': 10 } },
      proposed: { review: 5, autonomous: 15, byReason: { 'rule:high-value': 5 } },
      changed: 5,
      toReview: 0,
      toAutonomous: 5,
    });
  });

  it('gives each changed decision as an example, with why it went where, up to ten', () => {
    const current = atLevel4(3, { alwaysReview: [over(1_000_000)] });
    const proposed = atLevel4(4, { alwaysReview: [over(20_000)] });
    const preview = previewRouting(decisions, current, proposed);
    expect(preview).toMatchObject({ changed: 10, toReview: 10, toAutonomous: 0 });
    expect(preview.examples).toHaveLength(MAX_EXAMPLES);
    expect(preview.examples[0]).toEqual({
      decisionId: 'd-1-0',
      from: 'autonomous',
      to: 'review',
      reasons: ['rule:high-value'],
      currentReasons: [],
    });
  });

  it('counts exactly what routing would decide, sampling included', () => {
    const current = compilePolicy(
      'contract-review',
      1,
      Object.assign(new RoutingPolicyDocument(), { threshold: 0.85, trustLevel: 2 }),
    );
    const preview = previewRouting(decisions, current, current);
    const review = decisions.filter((decision) => routeDecision(decision, current).route === 'review').length;
    expect(preview).toMatchObject({ current: { review }, proposed: { review }, changed: 0, examples: [] });
  });

  it('gives an empty preview for no decisions', () => {
    const policy = atLevel4(1, {});
    expect(previewRouting([], policy, policy)).toEqual({
      sampled: 0,
      current: { review: 0, autonomous: 0, byReason: {} },
      proposed: { review: 0, autonomous: 0, byReason: {} },
      changed: 0,
      toReview: 0,
      toAutonomous: 0,
      examples: [],
    });
  });
});
