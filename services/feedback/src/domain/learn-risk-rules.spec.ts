import { riskRuleKey } from '@countersign/contracts';
import { reviewedInFull, RISK_SETTINGS } from '../testing/risk-observations';
import { learnRiskRule } from './learn-risk-rule';
import { learnRiskRules } from './learn-risk-rules';
import { RiskEvidence } from './risk-observation';

const ofRegion = (modelVersion: string, segment: string, observations = reviewedInFull(4000, 'calibrated')) =>
  ({ modelVersion, segmentBy: 'region', segment, observations }) satisfies RiskEvidence;
const key = (modelVersion: string, segment?: string) =>
  riskRuleKey({ modelVersion, segmentBy: segment && 'region', segment });

describe('learnRiskRules', () => {
  it('keys version-wide rules by model version, as before segments', () => {
    const learned = learnRiskRules(
      [{ modelVersion: 'v1', observations: reviewedInFull(4000, 'calibrated') }],
      RISK_SETTINGS,
    );
    expect([...learned.keys()]).toEqual(['v1']);
    expect(learned.get('v1')).toMatchObject({ modelVersion: 'v1', cut: expect.any(Number) });
    expect(learned.get('v1')).not.toHaveProperty('segment');
  });

  it("learns each segment on its own evidence alone: the same rule as that segment's replay by itself", () => {
    const over = reviewedInFull(4000, 'region-us', 3);
    const learned = learnRiskRules([ofRegion('v1', 'EU'), ofRegion('v1', 'US', over)], RISK_SETTINGS);
    const eu = learned.get(key('v1', 'EU'));
    const us = learned.get(key('v1', 'US'));
    expect(eu).toMatchObject({ modelVersion: 'v1', segment: 'EU' });
    expect(eu?.cut).toBe(learnRiskRule(reviewedInFull(4000, 'calibrated'), RISK_SETTINGS).cut);
    expect(us?.cut).toBe(learnRiskRule(over, RISK_SETTINGS).cut);
    expect(us?.cut).toBeGreaterThan(eu?.cut as number);
  });

  it("does not let one segment's open review hold back another segment's evidence", () => {
    const waiting = reviewedInFull(4000, 'calibrated').map((o, i) => (i === 0 ? { ...o, judged: false } : o));
    const learned = learnRiskRules([ofRegion('v1', 'EU'), ofRegion('v1', 'US', waiting)], RISK_SETTINGS);
    expect(learned.get(key('v1', 'EU'))?.cut).toBeDefined();
    expect(learned.has(key('v1', 'US'))).toBe(true);
    expect(learned.get(key('v1', 'US'))).toBeUndefined();
  });

  it('learns at most maxSegments segments a version, the first seen; the rest stay in full review', () => {
    const groups = ['EU', 'US', 'APAC'].map((segment) => ofRegion('v1', segment));
    const learned = learnRiskRules([...groups, ofRegion('v2', 'APAC')], RISK_SETTINGS, { maxSegments: 2 });
    expect([...learned.keys()]).toEqual([key('v1', 'EU'), key('v1', 'US'), key('v2', 'APAC')]);
  });

  it("under the warm start, a version inherits its predecessor's cut of the same segment, never another's", () => {
    const calibrated = reviewedInFull(4000, 'calibrated');
    // Over-confident US certifies only its most conservative cut: one cut back from it is nothing to inherit.
    const over = reviewedInFull(4000, 'region-us', 3);
    const groups = [ofRegion('v1', 'EU', calibrated), ofRegion('v1', 'US', over), ofRegion('v2', 'EU', [])];
    const learned = learnRiskRules([...groups, ofRegion('v2', 'US', [])], RISK_SETTINGS, { warmStartSteps: 1 });
    const inherited = learned.get(key('v2', 'EU'));
    expect(inherited).toMatchObject({ modelVersion: 'v2', segment: 'EU', inheritedFrom: 'v1' });
    expect(inherited?.cut).toBe(learnRiskRule(calibrated, RISK_SETTINGS, { inheritSteps: 1 }).inheritableCut);
    expect(learnRiskRule(over, RISK_SETTINGS, { inheritSteps: 1 }).inheritableCut).toBe(Infinity);
    expect(learned.get(key('v2', 'US'))).toBeUndefined();
    expect(learnRiskRules(groups, RISK_SETTINGS).get(key('v2', 'EU'))).toBeUndefined();
  });
});
