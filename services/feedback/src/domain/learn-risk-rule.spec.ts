import { SeededRandom } from '@countersign/statistics';
import { reviewedInFull, RISK_SETTINGS } from '../testing/risk-observations';
import { learnRiskRule } from './learn-risk-rule';
import { RiskObservation } from './risk-observation';

describe('learnRiskRule', () => {
  it('certifies no cut during the burn-in: a new version is reviewed in full', () => {
    const learning = learnRiskRule(reviewedInFull(150, 'burn-in'), RISK_SETTINGS);
    expect(learning.cut).toBeUndefined();
    expect(learning.trustLevel).toBe(1);
    expect(learning.evidence['burnInRemaining']).toBe(50);
  });

  it('certifies a cut from a calibrated version, and the decisions it releases are wrong less often than the budget', () => {
    const stream = reviewedInFull(4000, 'calibrated');
    const learning = learnRiskRule(stream, RISK_SETTINGS);
    expect(learning.cut).toBeDefined();
    const released = stream.filter((o) => o.safety >= (learning.cut as number));
    const wrong = released.filter((o) => o.wrong).length / released.length;
    expect(wrong).toBeLessThanOrEqual(0.02);
    expect(learning.evidence['releasedShare']).toBeGreaterThan(0.2);
    expect(learning.evidence['releasedErrorUpper95']).toBeLessThan(0.05);
    expect(learning.evidence['certifyingPValue']).toBeLessThanOrEqual(0.05);
  });

  it('certifies nothing for a version wrong far more often than its confidence says', () => {
    expect(learnRiskRule(reviewedInFull(4000, 'over-confident', 12), RISK_SETTINGS).cut).toBeUndefined();
  });

  it('stops at the first review still waiting for a verdict, so slow verdicts cannot bias the evidence', () => {
    const stream = reviewedInFull(4000, 'calibrated');
    const pending = [...stream.slice(0, 300), { ...stream[300], judged: false }, ...stream.slice(301)];
    const learning = learnRiskRule(pending, RISK_SETTINGS);
    expect(learning.evidence['replayed']).toBe(300);
    expect(learning.cut).toBeUndefined();
  });

  /** Released at `cut` with 5% sampled, from a model gone bad: 30% of its answers wrong. */
  function drifted(cut: number, n: number): RiskObservation[] {
    const random = new SeededRandom('drift');
    return Array.from({ length: n }, () => {
      const confidence = cut + (1 - cut) * random.next();
      const sampled = random.next() < 0.05;
      return {
        safety: confidence,
        errorCost: 0,
        cutInForce: cut,
        sampleRate: 0.05,
        propensity: 0.05,
        toReview: sampled,
        judged: sampled,
        wrong: random.next() < 0.3,
        closedUnjudged: false,
      };
    });
  }

  it('withdraws the rule when the released decisions start failing: the drift alarm restarts the version', () => {
    const cut = learnRiskRule(reviewedInFull(4000, 'calibrated'), RISK_SETTINGS).cut as number;
    const after = learnRiskRule([...reviewedInFull(4000, 'calibrated'), ...drifted(cut, 3000)], RISK_SETTINGS);
    expect(after.driftAlarms).toBeGreaterThanOrEqual(1);
    expect(after.cut).toBeUndefined();
  });

  it('still alarms and withdraws when an early review never gets its verdict: pending reviews cannot hide drift', () => {
    const cut = learnRiskRule(reviewedInFull(4000, 'calibrated'), RISK_SETTINGS).cut as number;
    const [first, ...rest] = drifted(cut, 3000);
    const open = { ...first, toReview: true, judged: false, wrong: false };
    const after = learnRiskRule([...reviewedInFull(4000, 'calibrated'), open, ...rest], RISK_SETTINGS);
    expect(after.evidence['replayed']).toBe(4000);
    expect(after.driftAlarms).toBeGreaterThanOrEqual(1);
    expect(after.cut).toBeUndefined();
    expect(after.evidence['driftAlarmPastPendingReview']).toBe(true);
  });

  it('keeps the rule past a pending review while the released decisions stay within budget', () => {
    const calibrated = reviewedInFull(4000, 'calibrated');
    const cut = learnRiskRule(calibrated, RISK_SETTINGS).cut as number;
    const later = reviewedInFull(3000, 'calibrated-later').map((o) => ({ ...o, cutInForce: cut }));
    const open = { ...later[0], judged: false, wrong: false };
    const after = learnRiskRule([...calibrated, open, ...later.slice(1)], RISK_SETTINGS);
    expect(after.cut).toBe(cut);
    expect(after.driftAlarms).toBe(0);
  });

  describe('warm start (opt-in)', () => {
    const predecessor = () => learnRiskRule(reviewedInFull(4000, 'calibrated'), RISK_SETTINGS, { inheritSteps: 2 });

    it('is off unless asked: a new version is reviewed in full, and nothing is offered to a successor', () => {
      expect(learnRiskRule(reviewedInFull(150, 'new'), RISK_SETTINGS).cut).toBeUndefined();
      expect(learnRiskRule(reviewedInFull(4000, 'calibrated'), RISK_SETTINGS).inheritableCut).toBe(Infinity);
    });

    it("offers a successor a cut of its own evidence's, more conservative than the one it releases at", () => {
      const v1 = predecessor();
      expect(Number.isFinite(v1.inheritableCut)).toBe(true);
      expect(v1.inheritableCut).toBeGreaterThan(v1.cut as number);
    });

    it('releases a new version at the inherited cut from its first decision, naming the predecessor and the assumption', () => {
      const cut = predecessor().inheritableCut;
      for (const observations of [[], reviewedInFull(150, 'new')]) {
        const v2 = learnRiskRule(observations, RISK_SETTINGS, { warmStart: { from: 'v1', cut } });
        expect(v2.cut).toBe(cut);
        expect(v2.inheritedFrom).toBe('v1');
        expect(v2.evidence['assumption']).toContain('no worse than v1');
      }
    });

    it('withdraws the inherited cut when the drift monitor alarms on it: the successor was worse', () => {
      const cut = predecessor().inheritableCut;
      const after = learnRiskRule(drifted(cut, 3000), RISK_SETTINGS, { warmStart: { from: 'v1', cut } });
      expect(after.driftAlarms).toBeGreaterThanOrEqual(1);
      expect(after.cut).toBeUndefined();
      expect(after.inheritedFrom).toBeUndefined();
    });
  });
});
