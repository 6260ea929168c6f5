import { LearnedRiskRule, RiskBudgetSettings, riskRuleKey } from '@countersign/contracts';
import { aLearnedRiskRule } from '@countersign/contracts/testing';
import { looserStillToSend, planRiskRuleUpdate, RiskRuleProposal } from './risk-rule-update';

const AT = '2026-12-04T21:00:00.000Z';

const rule = (modelVersion: string, cut: number, fields: Partial<LearnedRiskRule> = {}) =>
  aLearnedRiskRule({ modelVersion, cut, evidence: {}, ...fields });

function budget(learnedRules: LearnedRiskRule[], fields: Partial<RiskBudgetSettings> = {}): RiskBudgetSettings {
  return Object.assign(new RiskBudgetSettings(), { maxErrorRate: 0.02, learnedRules, ...fields });
}

const proposal = (modelVersion: string, cut: number, fields: Partial<RiskRuleProposal> = {}): RiskRuleProposal => ({
  modelVersion,
  cut,
  trustLevel: 3,
  evidence: { tested: 900 },
  ...fields,
});

/** What a pass learned, keyed as feedback keys it (segments of region); a bare key: evidence, nothing certified. */
const learned = (...entries: Array<RiskRuleProposal | string>) =>
  new Map(
    entries.map((entry) =>
      typeof entry === 'string' ? [entry, undefined] : [riskRuleKey({ segmentBy: 'region', ...entry }), entry],
    ),
  );
const cuts = (rules?: LearnedRiskRule[]) => rules?.map((r) => [r.modelVersion, r.cut]);

describe('planRiskRuleUpdate', () => {
  it('changes nothing when every certified cut is the one in force (growing evidence adds no policy version)', () => {
    const plan = planRiskRuleUpdate(budget([rule('v1', 0.9)]), learned(proposal('v1', 0.9)), AT);
    expect(plan.tighter).toBeUndefined();
    expect(plan.target).toBeUndefined();
  });

  it('withdraws at once the rule of a version whose evidence no longer certifies any cut (drift alarm)', () => {
    const plan = planRiskRuleUpdate(budget([rule('v1', 0.9), rule('v2', 0.8)]), learned(proposal('v2', 0.8), 'v1'), AT);
    expect(cuts(plan.tighter)).toEqual([['v2', 0.8]]);
    expect(plan.target).toBeUndefined();
    expect(plan.tighterNotes[0]).toContain('v1: rule withdrawn');
  });

  it('splits a mixed change: a raised cut applies at once, a new certified version waits for approval', () => {
    const plan = planRiskRuleUpdate(budget([rule('v1', 0.8)]), learned(proposal('v1', 0.85), proposal('v2', 0.9)), AT);
    expect(cuts(plan.tighter)).toEqual([['v1', 0.85]]);
    expect(cuts(plan.target)).toEqual([
      ['v1', 0.85],
      ['v2', 0.9],
    ]);
    expect(plan.target?.[1]).toMatchObject({ mode: 'confidence', maxErrorRate: 0.02, confidence: 0.95, learnedAt: AT });
    expect(plan.looserNotes[0]).toContain('v2: cut none -> 0.9 (n=900');
  });

  it('a lower cut releases more: less oversight', () => {
    const plan = planRiskRuleUpdate(budget([rule('v1', 0.9)]), learned(proposal('v1', 0.85)), AT);
    expect(plan.tighter).toBeUndefined();
    expect(cuts(plan.target)).toEqual([['v1', 0.85]]);
  });

  it('drops rules certified for another budget, which the router already ignores', () => {
    const plan = planRiskRuleUpdate(budget([rule('v1', 0.9)], { maxErrorRate: 0.01 }), new Map(), AT);
    expect(plan.tighter).toEqual([]);
  });

  it("keeps a rule whose budget differs from the policy's only by rounding, as the router keeps applying it", () => {
    // 0.1 + 0.2 !== 0.3: a budget computed or round-tripped elsewhere must not void a rule the router still applies.
    const plan = planRiskRuleUpdate(
      budget([rule('v1', 0.9, { maxErrorRate: 0.1 + 0.2 })], { maxErrorRate: 0.3 }),
      learned(proposal('v1', 0.9)),
      AT,
    );
    expect(plan.tighter).toBeUndefined();
    expect(plan.tighterNotes).toEqual([]);
  });
});

describe('looserStillToSend', () => {
  const X = '[["v1",0.9]]';
  it.each<[string, Parameters<typeof looserStillToSend>[0], boolean, boolean]>([
    ['nothing was sent yet', undefined, false, true],
    ['other cuts were sent', { cuts: '[["v1",0.95]]', outcome: 'proposed' }, true, true],
    ['the router applied these cuts', { cuts: X, outcome: 'applied' }, true, false],
    ['an admin has these cuts as a proposal', { cuts: X, outcome: 'proposed' }, true, false],
    ['they were advice and the workflow is still not opted in', { cuts: X, outcome: 'advice' }, false, false],
    ['they were only advice and the workflow has opted in since', { cuts: X, outcome: 'advice' }, true, true],
  ])('when %s', (_when, last, autoApply, send) => {
    expect(looserStillToSend(last, X, autoApply)).toBe(send);
  });

  it('publishes an inherited rule with its predecessor, and drops it at once when the budget turns the warm start off', () => {
    const inherited = proposal('v2', 0.95, { inheritedFrom: 'v1' });
    const on = planRiskRuleUpdate(
      budget([rule('v1', 0.9)], { warmStartSteps: 2 }),
      learned(proposal('v1', 0.9), inherited),
      AT,
    );
    expect(on.target?.find((r) => r.modelVersion === 'v2')).toMatchObject({ cut: 0.95, inheritedFrom: 'v1' });
    expect(on.looserNotes.join()).toContain('inherited from v1');
    const off = planRiskRuleUpdate(
      budget([rule('v1', 0.9), rule('v2', 0.95, { inheritedFrom: 'v1' })]),
      learned(proposal('v1', 0.9)),
      AT,
    );
    expect(cuts(off.tighter)).toEqual([['v1', 0.9]]);
  });
});

describe('planRiskRuleUpdate per segment (opt-in segmentBy)', () => {
  const ofRegion = (segment: string, cut: number) => rule('v1', cut, { segmentBy: 'region', segment });
  const proposed = (segment: string, cut: number) => proposal('v1', cut, { segment });
  const byRegion = (...rules: LearnedRiskRule[]) => budget(rules, { segmentBy: 'region' });
  const keys = (rules?: LearnedRiskRule[]) => rules?.map((r) => [r.segment, r.cut]);

  it('offers a segment its first rule as less oversight, named by its segment, the other segment unchanged', () => {
    const plan = planRiskRuleUpdate(
      byRegion(ofRegion('EU', 0.9)),
      learned(proposed('EU', 0.9), proposed('US', 0.95)),
      AT,
    );
    expect(plan.tighter).toBeUndefined();
    expect(keys(plan.target)).toEqual([
      ['EU', 0.9],
      ['US', 0.95],
    ]);
    expect(plan.target?.[1]).toMatchObject({ modelVersion: 'v1', segmentBy: 'region', segment: 'US' });
    expect(plan.looserNotes).toEqual([expect.stringMatching(/^v1 × region=US: cut none -> 0\.95 \(n=900/)]);
  });

  it("withdraws one segment's rule at once on its own evidence, keeping the other segment's", () => {
    const plan = planRiskRuleUpdate(
      byRegion(ofRegion('EU', 0.9), ofRegion('US', 0.95)),
      learned(riskRuleKey({ modelVersion: 'v1', segmentBy: 'region', segment: 'EU' }), proposed('US', 0.95)),
      AT,
    );
    expect(keys(plan.tighter)).toEqual([['US', 0.95]]);
    expect(plan.tighterNotes).toEqual(['v1 × region=EU: rule withdrawn (cut 0.9), reviewed in full']);
  });

  it('drops every rule of a segmentation no longer in force, at once', () => {
    const plan = planRiskRuleUpdate(
      budget([ofRegion('EU', 0.9), rule('v1', 0.8)], { segmentBy: 'country' }),
      new Map(),
      AT,
    );
    expect(plan.tighter).toEqual([]);
    expect(plan.tighterNotes).toEqual([
      expect.stringMatching(/^v1 × region=EU: void under this budget/),
      expect.stringMatching(/^v1: void under this budget/),
    ]);
  });
});
