import { describeCondition, explainRouting, RoutingFacts } from './routing-reasons';

const routing = (reasons: string[], overrides: Partial<RoutingFacts> = {}): RoutingFacts => ({
  route: 'review',
  reasons,
  policyVersion: 3,
  trustLevel: 2,
  threshold: 0.85,
  randomSample: false,
  requiredApprovals: 1,
  ...overrides,
});

describe('explainRouting', () => {
  it.each([
    ['below_threshold', 'confidence 0.72 is below threshold 0.85'],
    ['edge_band', 'confidence 0.72 is just above threshold 0.85'],
    ['random_sample', 'random sample (trust level 2)'],
    ['trust_level_1', 'trust level 1: this workflow is under high oversight'],
    ['unknown_workflow', 'no routing policy for this workflow yet: everything is reviewed'],
    ['flag:anomaly:liability-cap', 'flagged by the AI system: anomaly:liability-cap'],
    ['rule:unknown-to-us', 'policy rule unknown-to-us matched'],
    ['something_new', 'something_new'],
  ])('says %s as "%s"', (reason, words) => {
    expect(explainRouting(routing([reason]), 0.72)).toEqual([words]);
  });

  it('puts a rule in words when the policy is known', () => {
    const rules = { 'high-value': { '>': [{ var: 'attributes.amount' }, 100000] } };
    expect(explainRouting(routing(['below_threshold', 'rule:high-value']), 0.5, rules)).toEqual([
      'confidence 0.50 is below threshold 0.85',
      'amount > 100,000 (rule high-value)',
    ]);
  });
});

describe('describeCondition', () => {
  it.each([
    [{ '>=': [{ var: 'confidence' }, 0.5] }, 'confidence ≥ 0.5'],
    [{ in: [{ var: 'attributes.region' }, ['EU', 'UK']] }, 'region is one of "EU", "UK"'],
    [{ in: ['anomaly:cap', { var: 'flags' }] }, 'flags include "anomaly:cap"'],
    [
      { and: [{ '>': [{ var: 'attributes.amount' }, 1000] }, { '==': [{ var: 'attributes.region' }, 'EU'] }] },
      'amount > 1,000 and region = "EU"',
    ],
    [{ '!': { '==': [{ var: 'attributes.renewal' }, true] } }, 'not (renewal = true)'],
  ])('%j reads "%s"', (logic, words) => {
    expect(describeCondition(logic)).toBe(words);
  });

  it.each([[{ max: [1, 2] }], [{ '>': [{ var: 'a' }] }], ['text'], [{ '>': [1, 2], '<': [1, 2] }]])(
    'gives up on %j rather than guess',
    (logic) => {
      expect(describeCondition(logic)).toBeUndefined();
    },
  );
});
