import { DecisionV1, RoutingPolicyDocument, TrustLevel } from '@countersign/contracts';
import { aDecision } from '@countersign/contracts/testing';
import { compilePolicy } from './compile-policy';
import { CompiledPolicy } from './compiled-policy';
import { routeDecision } from './route-decision';
import { samplePoint } from './sample-point';

const SEED = 'route-decision-spec';
const RATE_BY_LEVEL = { 1: 0.8, 2: 0.1, 3: 0.02, 4: 0 } as const;

function policyAt(trustLevel: TrustLevel, fields: Partial<RoutingPolicyDocument> = {}): CompiledPolicy {
  const document = Object.assign(new RoutingPolicyDocument(), {
    threshold: 0.85,
    trustLevel,
    sampleSeed: SEED,
    alwaysReview: [{ name: 'high-value', when: { '>': [{ var: 'attributes.amount' }, 100_000] } }],
    reviewFlags: ['anomaly:*'],
    slaSeconds: 8 * 3600,
    ...fields,
  });
  return compilePolicy('contract-review', 7, document);
}

/** The first decision id that the policy's sampling does (or does not) pick at `rate`. */
function idSampled(sampled: boolean, rate: number): string {
  for (let i = 0; ; i++) if (samplePoint(`decision-${i}`, SEED) < rate === sampled) return `decision-${i}`;
}

const small = { amount: 5_000 };
const large = { amount: 5_000_000 };

describe('routeDecision', () => {
  it.each<[TrustLevel, number, boolean, Record<string, number>, string[], string[]]>([
    // level 1: below threshold, rules, review flags, and the sampled 80% of all decisions
    [1, 0.5, false, small, [], ['below_threshold']],
    [1, 0.95, false, small, [], []],
    [1, 0.95, true, small, [], ['trust_level_1', 'random_sample']],
    [
      1,
      0.5,
      true,
      large,
      ['anomaly:cap'],
      ['below_threshold', 'rule:high-value', 'flag:anomaly:cap', 'trust_level_1', 'random_sample'],
    ],
    [1, 0.95, false, small, ['pii:email'], []],
    // level 2: also the edge band [0.85, 0.90), and a 10% sample
    [2, 0.5, false, small, [], ['below_threshold']],
    [2, 0.85, false, small, [], ['edge_band']],
    [2, 0.8999, false, small, [], ['edge_band']],
    [2, 0.9, false, small, [], []],
    [2, 0.95, true, small, [], ['random_sample']],
    [2, 0.87, true, large, ['anomaly:cap'], ['rule:high-value', 'flag:anomaly:cap', 'edge_band', 'random_sample']],
    [2, 0.95, false, small, ['pii:email'], []],
    // level 3: every flag counts as flagged, and a 2% sample; no edge band
    [3, 0.5, false, small, [], ['below_threshold']],
    [3, 0.87, false, small, [], []],
    [3, 0.95, false, small, ['pii:email'], ['flag:pii:email']],
    [3, 0.95, true, small, [], ['random_sample']],
    [3, 0.95, false, large, [], ['rule:high-value']],
    // level 4: only rules and review flags; a low confidence alone is released
    [4, 0.1, false, small, [], []],
    [4, 0.1, false, small, ['pii:email'], []],
    [4, 0.95, false, large, [], ['rule:high-value']],
    [4, 0.1, false, small, ['anomaly:cap'], ['flag:anomaly:cap']],
  ])(
    'level %p, confidence %p, sampled %p, %j, flags %j: reasons %j',
    (level, confidence, sampled, attributes, flags, reasons) => {
      const id = idSampled(sampled, RATE_BY_LEVEL[level]);
      const facts = routeDecision(aDecision({ id, confidence, attributes, flags }), policyAt(level));
      expect(facts).toMatchObject({
        route: reasons.length > 0 ? 'review' : 'autonomous',
        reasons,
        randomSample: sampled,
        trustLevel: level,
        threshold: 0.85,
        policyVersion: 7,
        // Propensity of review: certain for a deterministic reason, the level's sample rate otherwise.
        reviewPropensity: reasons.some((r) => r !== 'random_sample' && r !== 'trust_level_1')
          ? 1
          : RATE_BY_LEVEL[level],
      });
    },
  );

  it('gives the SLA only to decisions that go to review', () => {
    const decision = aDecision({ id: idSampled(false, 0.1), attributes: small, flags: [] });
    expect(routeDecision({ ...decision, confidence: 0.5 }, policyAt(2)).slaSeconds).toBe(28_800);
    expect(routeDecision({ ...decision, confidence: 0.99 }, policyAt(2))).not.toHaveProperty('slaSeconds');
  });

  it("carries the policy's expiry window and safe default onto decisions that go to review, and only those", () => {
    const decision = aDecision({ id: idSampled(false, 0.1), attributes: small, flags: [] });
    const policy = policyAt(2, { expiry: { afterSeconds: 600, outcome: 'reject' } });
    expect(routeDecision({ ...decision, confidence: 0.5 }, policy)).toMatchObject({
      expirySeconds: 600,
      safeDefault: 'reject',
    });
    const released = routeDecision({ ...decision, confidence: 0.99 }, policy);
    expect(released).not.toHaveProperty('expirySeconds');
    expect(released).not.toHaveProperty('safeDefault');
  });

  it('gives a policy without an expiry block the contract defaults: a day after the SLA, hold', () => {
    const decision = aDecision({ id: idSampled(false, 0.1), attributes: small, flags: [], confidence: 0.5 });
    expect(routeDecision(decision, policyAt(2, { expiry: undefined }))).toMatchObject({
      expirySeconds: 86_400,
      safeDefault: 'hold',
    });
  });

  it('lists a flag the decision repeats once', () => {
    const decision = aDecision({ confidence: 0.99, flags: ['anomaly:cap', 'anomaly:cap'], attributes: small });
    expect(routeDecision(decision, policyAt(4)).reasons).toEqual(['flag:anomaly:cap']);
  });

  describe('model-version overrides', () => {
    const policy = policyAt(2, { modelOverrides: [{ modelVersion: '2026.12-beta', trustLevel: 1, threshold: 0.95 }] });

    it('apply to decisions of that model version, and the facts say what applied', () => {
      const decision = aDecision({ id: idSampled(false, 0.8), confidence: 0.9, attributes: small, flags: [] });
      const facts = routeDecision(
        { ...decision, model: { name: 'contract-extractor', version: '2026.12-beta' } },
        policy,
      );
      expect(facts).toMatchObject({ route: 'review', reasons: ['below_threshold'], trustLevel: 1, threshold: 0.95 });
    });

    it('leave other model versions on the workflow terms', () => {
      const decision = aDecision({ id: idSampled(false, 0.1), confidence: 0.9, attributes: small, flags: [] });
      expect(routeDecision(decision, policy)).toMatchObject({ route: 'autonomous', trustLevel: 2, threshold: 0.85 });
    });
  });

  describe('required approvals', () => {
    const policy = policyAt(4, {
      requiredApprovals: [
        { name: 'over-1m', when: { '>': [{ var: 'attributes.amount' }, 1_000_000] }, approvals: 2 },
        { name: 'over-10m', when: { '>': [{ var: 'attributes.amount' }, 10_000_000] }, approvals: 3 },
      ],
    });
    const approvalsFor = (amount: number) =>
      routeDecision(aDecision({ attributes: { amount } }), policy).requiredApprovals;

    it.each([
      [50_000, 1],
      [5_000_000, 2],
      [50_000_000, 3],
    ])('amount %p needs %p approvals (the strictest matching rule)', (amount, approvals) => {
      expect(approvalsFor(amount)).toBe(approvals);
    });
  });

  it('sends a decision to review when a rule fails to evaluate on it, rather than release it', () => {
    const policy = policyAt(4, {
      alwaysReview: [{ name: 'odd', when: { missing_some: [1, { var: 'attributes.fields' }] } }],
    });
    const facts = routeDecision(aDecision({ confidence: 0.99, flags: [], attributes: { fields: null } }), policy);
    expect(facts).toMatchObject({ route: 'review', reasons: ['rule:odd'] });
  });

  it('lets rules read confidence, workflow, model and flags too', () => {
    const when = {
      and: [
        { '<': [{ var: 'confidence' }, 0.99] },
        { '==': [{ var: 'workflow' }, 'contract-review'] },
        { '==': [{ var: 'model.name' }, 'contract-extractor'] },
        { in: ['pii:email', { var: 'flags' }] },
      ],
    };
    const policy = policyAt(4, { alwaysReview: [{ name: 'everything', when }], reviewFlags: [] });
    const decision: DecisionV1 = aDecision({ confidence: 0.98, flags: ['pii:email'] });
    expect(routeDecision(decision, policy).reasons).toEqual(['rule:everything']);
    expect(routeDecision({ ...decision, flags: [] }, policy).reasons).toEqual([]);
  });
});

describe('review propensity (issue #15)', () => {
  it('is the share of decisions like this one that go to review: 1 for a reason, the sample rate otherwise', () => {
    // 4,000 decisions alike but for their ids: the share that went to review matches the propensity they carry.
    for (const level of [1, 2, 3] as const) {
      const routed = Array.from({ length: 4000 }, (_, i) =>
        routeDecision(
          aDecision({ id: `propensity-${level}-${i}`, confidence: 0.99, flags: [], attributes: small }),
          policyAt(level),
        ),
      );
      const reviewed = routed.filter((facts) => facts.route === 'review').length / routed.length;
      expect(new Set(routed.map((facts) => facts.reviewPropensity))).toEqual(new Set([RATE_BY_LEVEL[level]]));
      expect(Math.abs(reviewed - RATE_BY_LEVEL[level])).toBeLessThan(0.03);
    }
  });
});
