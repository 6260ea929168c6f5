import { LearnedRiskRule, RiskBudgetSettings, RoutingPolicyDocument, ScalarRecord } from '@countersign/contracts';
import { aDecision, aLearnedRiskRule } from '@countersign/contracts/testing';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { compilePolicy, PolicyCompilationError } from './compile-policy';
import { comparesOversight } from './compares-oversight';
import { routeDecision } from './route-decision';
import { samplePoint } from './sample-point';

// Rules per segment (opt-in riskBudget.segmentBy): the router picks a decision's rule by model version × the value of
// the segment attribute; a decision without a usable value is reviewed and is no evidence; changing the segmentation
// voids every rule.

const SEED = 'segment-routing-spec';

/** A rule of model version v2 for one region, as feedback writes it under segmentBy region. */
const ofRegion = (segment: string, cut: number, fields: Partial<LearnedRiskRule> = {}) =>
  aLearnedRiskRule({ modelVersion: 'v2', segmentBy: 'region', segment, cut, ...fields });

function documentWith(riskBudget: Partial<RiskBudgetSettings>): RoutingPolicyDocument {
  return Object.assign(new RoutingPolicyDocument(), {
    threshold: 0,
    trustLevel: 1,
    sampleSeed: SEED,
    alwaysReview: [{ name: 'high-value', when: { '>': [{ var: 'attributes.amount' }, 1_000_000] } }],
    riskBudget: Object.assign(new RiskBudgetSettings(), { maxErrorRate: 0.02, ...riskBudget }),
  });
}

const byRegion = (...learnedRules: LearnedRiskRule[]) => documentWith({ segmentBy: 'region', learnedRules });

/** The first decision id the policy's 5% sample does (or does not) pick. */
function idSampled(sampled: boolean): string {
  for (let i = 0; ; i++) if (samplePoint(`decision-${i}`, SEED) < 0.05 === sampled) return `decision-${i}`;
}

function route(document: RoutingPolicyDocument, attributes: ScalarRecord, confidence = 0.95, sampled = false) {
  const decision = aDecision({
    id: idSampled(sampled),
    model: { name: 'clause-extractor', version: 'v2' },
    confidence,
    attributes,
    flags: [],
  });
  return routeDecision(decision, compilePolicy('contract-review', 3, document));
}

describe('routing by rules per segment', () => {
  const policy = byRegion(ofRegion('EU', 0.9, { trustLevel: 3 }), ofRegion('US', 0.97, { trustLevel: 2 }));

  it.each<[string, ScalarRecord, string[], number, number | undefined]>([
    // attributes -> reasons, trust level, cut in force
    ['EU: its own rule releases at 0.9', { region: 'EU' }, [], 3, 0.9],
    ['US: its own, higher cut holds it back', { region: 'US' }, ['below_risk_cut'], 2, 0.97],
    [
      'APAC: no rule of its own, and no other segment’s rule covers it',
      { region: 'APAC' },
      ['risk_uncertified'],
      1,
      undefined,
    ],
  ])('%s', (_why, attributes, reasons, trustLevel, cut) => {
    const facts = route(policy, attributes);
    expect(facts.reasons).toEqual(reasons);
    expect(facts.route).toBe(reasons.length === 0 ? 'autonomous' : 'review');
    expect(facts.trustLevel).toBe(trustLevel);
    expect(facts.reviewPropensity).toBe(reasons.length === 0 ? 0.05 : 1);
    expect(facts.riskControl).toEqual({
      mode: 'confidence',
      safety: 0.95,
      ...(cut === undefined ? {} : { cut }),
      sampleRate: 0.05,
      segmentBy: 'region',
      segment: attributes['region'],
      governed: true,
    });
  });

  it.each<[string, ScalarRecord]>([
    ['missing', { amount: 5_000 }],
    ['a number', { region: 7 }],
    ['null', { region: null }],
    ['a boolean', { region: true }],
    ['empty', { region: '' }],
    ['longer than any rule may name', { region: 'x'.repeat(201) }],
  ])('reviews a decision whose segment is %s (segment_unknown), outside the rules’ evidence', (_why, attributes) => {
    const facts = route(policy, attributes, 0.99);
    expect(facts.reasons).toEqual(['segment_unknown']);
    expect(facts.route).toBe('review');
    expect(facts.reviewPropensity).toBe(1);
    expect(facts.trustLevel).toBe(1);
    expect(facts.riskControl).toEqual({
      mode: 'confidence',
      safety: 0.99,
      sampleRate: 0.05,
      segmentBy: 'region',
      governed: false,
    });
  });

  it('keeps the propensity of a sampled decision without a segment at 1: it was going to review anyway', () => {
    const facts = route(policy, {}, 0.99, true);
    expect(facts.reasons).toEqual(['segment_unknown', 'random_sample']);
    expect(facts.reviewPropensity).toBe(1);
  });

  it('lists every reason: a rule and an unknown segment', () => {
    expect(route(policy, { amount: 5e6 }).reasons).toEqual(['rule:high-value', 'segment_unknown']);
  });

  it.each<[string, RoutingPolicyDocument]>([
    ['a version-wide rule under a budget segmented by region', byRegion(aLearnedRiskRule({ modelVersion: 'v2' }))],
    ['a region’s rule under a budget not segmented', documentWith({ learnedRules: [ofRegion('EU', 0.9)] })],
    [
      'a rule certified under another segmentation',
      byRegion(aLearnedRiskRule({ modelVersion: 'v2', segmentBy: 'country', segment: 'EU' })),
    ],
  ])('voids %s: reviewed in full', (_why, document) => {
    expect(route(document, { region: 'EU' }, 0.99).reasons).toEqual(['risk_uncertified']);
  });
});

describe('the segmentBy setting', () => {
  it.each<[unknown, boolean]>([
    [undefined, true],
    ['region', true],
    ['', false],
    ['r'.repeat(101), false],
    [7, false],
  ])('segmentBy %j valid: %s', (segmentBy, valid) => {
    const settings = plainToInstance(RiskBudgetSettings, { maxErrorRate: 0.02, segmentBy });
    const errors = validateSync(settings, { whitelist: true, forbidNonWhitelisted: true });
    expect(errors.map((e) => e.property)).toEqual(valid ? [] : ['segmentBy']);
  });

  it('refuses a segment attribute that is the error cost, half a segment on a rule, and two rules for one segment', () => {
    const document = documentWith({
      errorCostAttribute: 'amount',
      reviewCost: 150,
      segmentBy: 'amount',
      learnedRules: [
        aLearnedRiskRule({ modelVersion: 'v2', segment: 'EU' }),
        ofRegion('EU', 0.9),
        ofRegion('US', 0.9),
        ofRegion('EU', 0.8),
      ],
    });
    let problems: { path: string; message: string }[] = [];
    try {
      compilePolicy('contract-review', 3, document);
    } catch (error) {
      problems = (error as PolicyCompilationError).errors;
    }
    expect(problems).toEqual([
      { path: 'riskBudget.segmentBy', message: expect.stringContaining('must differ from errorCostAttribute') },
      { path: 'riskBudget.learnedRules[0].segmentBy', message: 'is required with segment (a rule per segment)' },
      { path: 'riskBudget.learnedRules[3].modelVersion', message: '"v2 × region=EU" already has learnedRules[1]' },
    ]);
  });
});

describe('comparing oversight per segment', () => {
  const base = byRegion(ofRegion('EU', 0.9));

  it('counts a segment’s first rule as lowering oversight, like a new version’s', () => {
    expect(comparesOversight(base, byRegion(ofRegion('EU', 0.9), ofRegion('US', 0.95)))).toEqual({
      lowers: ['riskBudget.learnedRules[v2 × region=US] in force: cut 0.95'],
      raises: [],
    });
  });

  it('compares cuts segment by segment: lower lowers, higher raises', () => {
    expect(comparesOversight(base, byRegion(ofRegion('EU', 0.85))).lowers).toEqual([
      'riskBudget.learnedRules[v2 × region=EU].cut 0.9 → 0.85',
    ]);
    expect(comparesOversight(base, byRegion(ofRegion('EU', 0.95)))).toEqual({
      lowers: [],
      raises: ['riskBudget.learnedRules[v2 × region=EU].cut 0.9 → 0.95'],
    });
  });

  it('counts a changed segmentation as raising only: every rule void, every segment reviewed in full', () => {
    const next = documentWith({ segmentBy: 'country', learnedRules: [ofRegion('EU', 0.9)] });
    expect(comparesOversight(base, next)).toEqual({
      lowers: [],
      raises: [
        'riskBudget.segmentBy region → country: rules void',
        'riskBudget.learnedRules[v2 × region=EU] withdrawn: reviewed in full',
      ],
    });
  });

  it('counts segmenting a version released by a version-wide rule as raising only', () => {
    const versionWide = documentWith({ learnedRules: [aLearnedRiskRule({ modelVersion: 'v2' })] });
    const segmented = documentWith({ segmentBy: 'region', learnedRules: versionWide.riskBudget?.learnedRules });
    expect(comparesOversight(versionWide, segmented).lowers).toEqual([]);
  });

  it('counts dropping the segmentation as lowering when it wakes a version-wide rule still written', () => {
    const both = [ofRegion('EU', 0.9), aLearnedRiskRule({ modelVersion: 'v2', cut: 0.8 })];
    const comparison = comparesOversight(byRegion(...both), documentWith({ learnedRules: both }));
    expect(comparison.lowers).toEqual(['riskBudget.learnedRules[v2] in force: cut 0.8']);
  });
});
