import { LearnedRiskRule, RiskBudgetSettings, RoutingPolicyDocument, ScalarRecord } from '@countersign/contracts';
import { aDecision, aLearnedRiskRule } from '@countersign/contracts/testing';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { compilePolicy, PolicyCompilationError } from './compile-policy';
import { comparesOversight } from './compares-oversight';
import { routeDecision } from './route-decision';
import { samplePoint } from './sample-point';

const SEED = 'risk-budget-spec';

const learned = (modelVersion: string, cut: number, fields: Partial<LearnedRiskRule> = {}) =>
  aLearnedRiskRule({ modelVersion, cut, ...fields });

function documentWith(riskBudget: Partial<RiskBudgetSettings>, fields: Partial<RoutingPolicyDocument> = {}) {
  return Object.assign(new RoutingPolicyDocument(), {
    threshold: 0,
    trustLevel: 1,
    sampleSeed: SEED,
    alwaysReview: [{ name: 'high-value', when: { '>': [{ var: 'attributes.amount' }, 1_000_000] } }],
    reviewFlags: ['anomaly:*'],
    riskBudget: Object.assign(new RiskBudgetSettings(), { maxErrorRate: 0.02, ...riskBudget }),
    ...fields,
  });
}

/** The first decision id the policy's 5% sample does (or does not) pick. */
function idSampled(sampled: boolean, rate = 0.05): string {
  for (let i = 0; ; i++) if (samplePoint(`decision-${i}`, SEED) < rate === sampled) return `decision-${i}`;
}

const modelV = (version: string) => ({ name: 'clause-extractor', version });
const plain = { amount: 5_000, region: 'EU' };

describe('routing under a risk budget', () => {
  const policy = compilePolicy('contract-review', 4, documentWith({ learnedRules: [learned('v2', 0.9)] }));

  it.each<[string, string, number, boolean, Record<string, number | string>, string[], string[], number, number]>([
    // version, confidence, sampled, attributes, flags -> reasons, propensity, trust level
    ['v1', 'no certified rule: the whole version to review', 0.99, false, plain, [], ['risk_uncertified'], 1, 1],
    ['v2', 'at or above the cut: released', 0.9, false, plain, [], [], 0.05, 3],
    ['v2', 'released but sampled: to review at the sample rate', 0.95, true, plain, [], ['random_sample'], 0.05, 3],
    ['v2', 'below the cut', 0.8999, false, plain, [], ['below_risk_cut'], 1, 3],
    ['v2', 'a rule wins over the cut', 0.99, false, { amount: 5e6 }, [], ['rule:high-value'], 1, 3],
    ['v2', 'a review flag wins over the cut', 0.99, false, plain, ['anomaly:x'], ['flag:anomaly:x'], 1, 3],
  ])('%s, %s', (version, _why, confidence, sampled, attributes, flags, reasons, propensity, trustLevel) => {
    const decision = aDecision({ id: idSampled(sampled), model: modelV(version), confidence, attributes, flags });
    const facts = routeDecision(decision, policy);
    expect(facts.reasons).toEqual(reasons);
    expect(facts.route).toBe(reasons.length > 0 ? 'review' : 'autonomous');
    expect(facts.reviewPropensity).toBe(propensity);
    expect(facts.trustLevel).toBe(trustLevel);
    expect(facts.riskControl).toMatchObject({ mode: 'confidence', safety: confidence, sampleRate: 0.05 });
  });

  it('marks decisions other reasons send to review as outside the rule (never released, no evidence about it)', () => {
    const ruled = aDecision({
      id: idSampled(false),
      model: modelV('v2'),
      confidence: 0.99,
      attributes: { amount: 5e6 },
    });
    const free = aDecision({
      id: idSampled(false),
      model: modelV('v2'),
      confidence: 0.99,
      attributes: plain,
      flags: [],
    });
    expect(routeDecision(ruled, policy).riskControl?.governed).toBe(false);
    expect(routeDecision(free, policy).riskControl).toEqual({
      mode: 'confidence',
      safety: 0.99,
      cut: 0.9,
      sampleRate: 0.05,
      governed: true,
    });
  });

  it('keeps the hand-set threshold as a floor: below it goes to review whatever the cut says', () => {
    const floored = compilePolicy(
      'contract-review',
      5,
      documentWith({ learnedRules: [learned('v2', 0.6)] }, { threshold: 0.7 }),
    );
    const decision = aDecision({
      id: idSampled(false),
      model: modelV('v2'),
      confidence: 0.65,
      attributes: plain,
      flags: [],
    });
    expect(routeDecision(decision, floored).reasons).toEqual(['below_threshold']);
  });

  it('voids a learned rule certified for another budget: that version is reviewed in full again', () => {
    const changed = compilePolicy(
      'contract-review',
      6,
      documentWith({ maxErrorRate: 0.05, learnedRules: [learned('v2', 0.9)] }),
    );
    const decision = aDecision({
      id: idSampled(false),
      model: modelV('v2'),
      confidence: 0.99,
      attributes: plain,
      flags: [],
    });
    expect(routeDecision(decision, changed).reasons).toEqual(['risk_uncertified']);
  });

  it('applies a rule inherited from a predecessor only while the budget opts in to the warm start', () => {
    const inherited = [learned('v2', 0.9, { inheritedFrom: 'v1' })];
    const decision = aDecision({
      id: idSampled(false),
      model: modelV('v2'),
      confidence: 0.99,
      attributes: plain,
      flags: [],
    });
    const off = compilePolicy('contract-review', 8, documentWith({ learnedRules: inherited }));
    expect(routeDecision(decision, off).reasons).toEqual(['risk_uncertified']);
    const on = compilePolicy('contract-review', 9, documentWith({ warmStartSteps: 2, learnedRules: inherited }));
    expect(routeDecision(decision, on).reasons).toEqual([]);
  });

  describe('expected-loss mode', () => {
    const costly = compilePolicy(
      'contract-review',
      7,
      documentWith(
        {
          errorCostAttribute: 'amount',
          reviewCost: 150,
          learnedRules: [learned('v2', -300, { mode: 'expected-loss' })],
        },
        { alwaysReview: [] },
      ),
    );

    it.each<[number, number | string | undefined, string[]]>([
      [0.99, 20_000, []], // expected cost of an error 200 <= 300: released
      [0.99, 40_000, ['below_risk_cut']], // 400 > 300
      [0.9, 2_000, []], // 200
      [0.9, 5_000, ['below_risk_cut']], // 500
      [0.99, undefined, ['error_cost_unknown']],
      [0.99, 'a lot', ['error_cost_unknown']],
    ])('confidence %d, amount %s -> %j', (confidence, amount, reasons) => {
      const attributes: ScalarRecord = amount === undefined ? { region: 'EU' } : { amount };
      const decision = aDecision({ id: idSampled(false), model: modelV('v2'), confidence, attributes, flags: [] });
      const facts = routeDecision(decision, costly);
      expect(facts.reasons).toEqual(reasons);
      expect(facts.riskControl?.mode).toBe('expected-loss');
      expect(facts.riskControl?.governed).toBe(amount !== undefined && typeof amount === 'number');
    });
  });

  it('refuses a half-configured expected-loss mode and two rules for one version, with the field of each', () => {
    const document = documentWith({
      errorCostAttribute: 'amount',
      learnedRules: [learned('v2', 0.9), learned('v2', 0.8)],
    });
    expect(() => compilePolicy('contract-review', 8, document)).toThrow(PolicyCompilationError);
    try {
      compilePolicy('contract-review', 8, document);
    } catch (error) {
      expect((error as PolicyCompilationError).errors.map((problem) => problem.path)).toEqual([
        'riskBudget.reviewCost',
        'riskBudget.learnedRules[1].modelVersion',
      ]);
    }
  });
});

describe('comparing oversight under a risk budget', () => {
  const base = documentWith({ learnedRules: [learned('v2', 0.9)] });
  const withRules = (...rules: LearnedRiskRule[]) => documentWith({ learnedRules: rules });

  it.each<[string, RoutingPolicyDocument, 'lowers' | 'raises']>([
    ['a lower cut releases more', withRules(learned('v2', 0.85)), 'lowers'],
    [
      'a rule for a new version releases where nothing was',
      withRules(learned('v2', 0.9), learned('v3', 0.95)),
      'lowers',
    ],
    ['a higher cut releases less', withRules(learned('v2', 0.95)), 'raises'],
    ['a withdrawn rule sends the version to full review', withRules(), 'raises'],
    ['a higher budget', documentWith({ maxErrorRate: 0.05, learnedRules: [learned('v2', 0.9)] }), 'lowers'],
    ['a lower sample rate', documentWith({ sampleRate: 0.02, learnedRules: [learned('v2', 0.9)] }), 'lowers'],
    ['removing the budget', Object.assign(new RoutingPolicyDocument(), { ...base, riskBudget: undefined }), 'lowers'],
    ['turning the warm start on', documentWith({ warmStartSteps: 2, learnedRules: [learned('v2', 0.9)] }), 'lowers'],
    [
      'turning it on brings an inherited rule into force',
      documentWith({
        warmStartSteps: 2,
        learnedRules: [learned('v2', 0.9), learned('v3', 0.95, { inheritedFrom: 'v2' })],
      }),
      'lowers',
    ],
  ])('%s', (_why, next, direction) => {
    const comparison = comparesOversight(base, next);
    expect(comparison[direction].length).toBeGreaterThan(0);
    if (direction === 'raises') expect(comparison.lowers).toEqual([]);
  });
});

describe('the warm start setting', () => {
  it.each<[unknown, boolean]>([
    [undefined, true],
    [0, true],
    [2, true],
    [10, true],
    [11, false],
    [-1, false],
    [1.5, false],
    ['2', false],
  ])('warmStartSteps %j valid: %s', (warmStartSteps, valid) => {
    const settings = plainToInstance(RiskBudgetSettings, { maxErrorRate: 0.02, warmStartSteps });
    const errors = validateSync(settings, { whitelist: true, forbidNonWhitelisted: true });
    expect(errors.map((e) => e.property)).toEqual(valid ? [] : ['warmStartSteps']);
  });
});

describe('comparing the warm start', () => {
  const inheriting = (warmStartSteps?: number) =>
    documentWith({ warmStartSteps, learnedRules: [learned('v2', 0.9), learned('v3', 0.95, { inheritedFrom: 'v2' })] });

  it('counts turning it off as raising oversight: the inherited rule is void, its version reviewed in full', () => {
    const comparison = comparesOversight(inheriting(2), inheriting(undefined));
    expect(comparison.lowers).toEqual([]);
    expect(comparison.raises).toEqual(
      expect.arrayContaining(['riskBudget.learnedRules[v3] withdrawn: reviewed in full']),
    );
  });

  it('counts inheriting fewer steps back as lowering, more as raising', () => {
    expect(comparesOversight(inheriting(2), inheriting(1)).lowers.length).toBeGreaterThan(0);
    expect(comparesOversight(inheriting(1), inheriting(2))).toMatchObject({ lowers: [] });
  });
});

describe('comparing the learned rules the router applies, not the rules as written', () => {
  const noBudget = Object.assign(new RoutingPolicyDocument(), {
    ...documentWith({}),
    threshold: 0.9,
    trustLevel: 1,
    riskBudget: undefined,
  });

  it('counts adding a budget that already holds a certified rule as lowering: the rule releases at once', () => {
    const next = {
      ...noBudget,
      riskBudget: documentWith({ sampleRate: 0.01, learnedRules: [learned('v1', 0)] }).riskBudget,
    };
    expect(comparesOversight(noBudget, next).lowers).toEqual(['riskBudget.learnedRules[v1] in force: cut 0']);
  });

  it('counts a dormant rule woken by a budget edit as lowering, beside the budget change itself', () => {
    const dormant = learned('v1', 0.5, { maxErrorRate: 0.03 });
    const old = documentWith({ learnedRules: [dormant] });
    const next = documentWith({ maxErrorRate: 0.03, learnedRules: [dormant] });
    expect(comparesOversight(old, next).lowers).toEqual([
      'riskBudget.maxErrorRate 0.02 → 0.03',
      'riskBudget.learnedRules[v1] in force: cut 0.5',
    ]);
  });

  it('counts a lower budget that re-activates an old rule certified at it as lowering, not only raising', () => {
    const old = documentWith({ maxErrorRate: 0.05, learnedRules: [learned('v1', 0.5)] });
    const next = documentWith({ maxErrorRate: 0.02, learnedRules: [learned('v1', 0.5)] });
    const comparison = comparesOversight(old, next);
    expect(comparison.lowers).toEqual(['riskBudget.learnedRules[v1] in force: cut 0.5']);
    expect(comparison.raises).toEqual(['riskBudget.maxErrorRate 0.05 → 0.02']);
  });

  it('counts a budget edit that voids the rule in force as raising only (the version goes back to full review)', () => {
    const old = documentWith({ learnedRules: [learned('v1', 0.5)] });
    const next = documentWith({ maxErrorRate: 0.01, learnedRules: [learned('v1', 0.5)] });
    const comparison = comparesOversight(old, next);
    expect(comparison.lowers).toEqual([]);
    expect(comparison.raises).toContain('riskBudget.learnedRules[v1] withdrawn: reviewed in full');
  });
});
