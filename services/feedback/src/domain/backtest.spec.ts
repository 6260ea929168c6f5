import { SeededRandom } from '@countersign/statistics';
import { backtest, sweep } from './backtest';
import { WeightedJudgment } from './weighted-judgment';

/**
 * History under today's policy (threshold 0.8, 5% random sample): confidence c = 1 − 0.5·v² with v uniform, wrong with
 * probability 1 − c (a calibrated model). Only judged decisions are kept, as feedback keeps them. For a proposed
 * threshold t, the released decisions are those with v ≤ √(2(1 − t)), so their true error rate is (1 − t)/3 and the
 * share held for review is 1 − √(2(1 − t)).
 */
function history(seed: number, decisions: number): WeightedJudgment[] {
  const random = new SeededRandom(`backtest/${seed}`);
  const judged: WeightedJudgment[] = [];
  for (let i = 0; i < decisions; i++) {
    const v = random.next();
    const confidence = 1 - 0.5 * v * v;
    const wrong = random.next() < 1 - confidence;
    const randomSample = random.next() < 0.05;
    const below = confidence < 0.8;
    if (!below && !randomSample) continue;
    const propensity = below ? 1 : 0.05;
    judged.push({
      workflow: 'w',
      modelVersion: 'v1',
      confidence,
      wrong,
      randomSample,
      propensity,
      standingReview: false,
    });
  }
  return judged;
}

const SEEDS = 1000;
const trueReleasedError = (t: number) => (1 - t) / 3;
const trueReviewShare = (t: number, s: number) => {
  const held = 1 - Math.sqrt(2 * (1 - t));
  return held + s * (1 - held);
};

describe('backtest', () => {
  it.each([0.7, 0.9, 0.95])(
    'contains the true released error and review share at threshold %s in >= 93% of 1,000 seeds',
    (t) => {
      let errorHits = 0;
      let shareHits = 0;
      for (let seed = 0; seed < SEEDS; seed++) {
        const result = backtest(history(seed, 4000), { threshold: t, sampleRate: 0.05 });
        const { releasedError, reviewShare } = result;
        if (releasedError.lower <= trueReleasedError(t) && trueReleasedError(t) <= releasedError.upper) errorHits++;
        const share = trueReviewShare(t, 0.05);
        if (reviewShare.lower <= share && share <= reviewShare.upper) shareHits++;
      }
      expect(errorHits / SEEDS).toBeGreaterThanOrEqual(0.93);
      expect(shareHits / SEEDS).toBeGreaterThanOrEqual(0.93);
    },
  );

  it('keeps decisions with a rule or flag reason in review whatever the threshold', () => {
    const judged = history(1, 2000).map((judgment) => ({ ...judgment, standingReview: true }));
    const result = backtest(judged, { threshold: 0.5, sampleRate: 0.05 });
    expect(result.reviewShare.estimate).toBeCloseTo(1, 12);
    expect(result.releasedJudged).toBe(0);
    expect(result.enough).toBe(false);
  });

  it('says when there are too few judgments', () => {
    const result = backtest(history(2, 150), { threshold: 0.85, sampleRate: 0.05 });
    expect(result.enough).toBe(false);
    expect(result.note).toMatch(/^too few judgments: \d+ judged decisions/);
  });

  it('answers budget and cost when asked, and a sweep orders its thresholds', () => {
    const judged = history(3, 6000);
    const within = backtest(judged, {
      threshold: 0.97,
      sampleRate: 0.05,
      budget: 0.1,
      reviewCost: 10,
      errorCost: 200,
    });
    expect(within.withinBudget).toBe(true);
    const cost = within.costPer1000;
    expect(cost && cost.lower <= cost.estimate && cost.estimate <= cost.upper).toBe(true);
    expect(backtest(judged, { threshold: 0.5, sampleRate: 0.05, budget: 0.1 }).withinBudget).toBe(false);
    const curve = sweep(judged, { sampleRate: 0.05 }, [0.9, 0.6, 0.8]);
    expect(curve.map((point) => point.policy.threshold)).toEqual([0.6, 0.8, 0.9]);
    // More reviews buy less released error.
    const [low, , high] = curve.map((point) => [point.reviewShare.estimate, point.releasedError.estimate]);
    expect(low?.[0]).toBeLessThan(high?.[0] ?? 0);
    expect(low?.[1]).toBeGreaterThan(high?.[1] ?? 1);
  });
});
