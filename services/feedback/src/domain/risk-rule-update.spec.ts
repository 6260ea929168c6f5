import { LearnedRiskRule, RiskBudgetSettings } from '@countersign/contracts';
import { looserStillToSend, planRiskRuleUpdate, RiskRuleProposal } from './risk-rule-update';

const AT = '2026-12-04T21:00:00.000Z';

function rule(modelVersion: string, cut: number, fields: Partial<LearnedRiskRule> = {}): LearnedRiskRule {
  return {
    modelVersion,
    mode: 'confidence',
    cut,
    maxErrorRate: 0.02,
    confidence: 0.95,
    trustLevel: 3,
    evidence: {},
    learnedAt: '2026-12-04T20:00:00.000Z',
    ...fields,
  };
}

function budget(learnedRules: LearnedRiskRule[], fields: Partial<RiskBudgetSettings> = {}): RiskBudgetSettings {
  return Object.assign(new RiskBudgetSettings(), { maxErrorRate: 0.02, learnedRules, ...fields });
}

const proposal = (cut: number): RiskRuleProposal => ({ cut, trustLevel: 3, evidence: { tested: 900 } });
const cuts = (rules?: LearnedRiskRule[]) => rules?.map((r) => [r.modelVersion, r.cut]);

describe('planRiskRuleUpdate', () => {
  it('changes nothing when every certified cut is the one in force (growing evidence adds no policy version)', () => {
    const plan = planRiskRuleUpdate(budget([rule('v1', 0.9)]), new Map([['v1', proposal(0.9)]]), AT);
    expect(plan.tighter).toBeUndefined();
    expect(plan.target).toBeUndefined();
  });

  it('withdraws at once the rule of a version whose evidence no longer certifies any cut (drift alarm)', () => {
    const plan = planRiskRuleUpdate(
      budget([rule('v1', 0.9), rule('v2', 0.8)]),
      new Map([
        ['v2', proposal(0.8)],
        ['v1', undefined],
      ]),
      AT,
    );
    expect(cuts(plan.tighter)).toEqual([['v2', 0.8]]);
    expect(plan.target).toBeUndefined();
    expect(plan.tighterNotes[0]).toContain('v1: rule withdrawn');
  });

  it('splits a mixed change: a raised cut applies at once, a new certified version waits for approval', () => {
    const plan = planRiskRuleUpdate(
      budget([rule('v1', 0.8)]),
      new Map([
        ['v1', proposal(0.85)],
        ['v2', proposal(0.9)],
      ]),
      AT,
    );
    expect(cuts(plan.tighter)).toEqual([['v1', 0.85]]);
    expect(cuts(plan.target)).toEqual([
      ['v1', 0.85],
      ['v2', 0.9],
    ]);
    expect(plan.target?.[1]).toMatchObject({ mode: 'confidence', maxErrorRate: 0.02, confidence: 0.95, learnedAt: AT });
    expect(plan.looserNotes[0]).toContain('v2: cut none -> 0.9 (n=900');
  });

  it('a lower cut releases more: less oversight', () => {
    const plan = planRiskRuleUpdate(budget([rule('v1', 0.9)]), new Map([['v1', proposal(0.85)]]), AT);
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
      new Map([['v1', proposal(0.9)]]),
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
    const inherited = { ...proposal(0.95), inheritedFrom: 'v1' };
    const on = planRiskRuleUpdate(
      budget([rule('v1', 0.9)], { warmStartSteps: 2 }),
      new Map([
        ['v1', proposal(0.9)],
        ['v2', inherited],
      ]),
      AT,
    );
    expect(on.target?.find((r) => r.modelVersion === 'v2')).toMatchObject({ cut: 0.95, inheritedFrom: 'v1' });
    expect(on.looserNotes.join()).toContain('inherited from v1');
    const off = planRiskRuleUpdate(
      budget([rule('v1', 0.9), rule('v2', 0.95, { inheritedFrom: 'v1' })]),
      new Map([['v1', proposal(0.9)]]),
      AT,
    );
    expect(cuts(off.tighter)).toEqual([['v1', 0.9]]);
  });
});
