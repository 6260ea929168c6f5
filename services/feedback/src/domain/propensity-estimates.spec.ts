import { SeededRandom } from '@countersign/statistics';
import { estimateFromJudgments } from './propensity-estimates';
import { WeightedJudgment } from './weighted-judgment';

/**
 * A stream routed as the router routes it: decisions below the threshold (40%) always go to review (propensity 1) and
 * are wrong 8% of the time; the rest are released and wrong 1% of the time; a 5% random sample of every decision is
 * reviewed too, chosen by nothing but chance. Only judged decisions reach feedback, as in the service.
 */
function judgedStream(seed: number, decisions: number): WeightedJudgment[] {
  const random = new SeededRandom(`estimates/${seed}`);
  const judged: WeightedJudgment[] = [];
  for (let i = 0; i < decisions; i++) {
    const below = random.next() < 0.4;
    const wrong = random.next() < (below ? 0.08 : 0.01);
    const randomSample = random.next() < 0.05;
    if (!below && !randomSample) continue;
    judged.push({
      workflow: 'invoice-coding',
      modelVersion: 'v1',
      confidence: below ? 0.6 : 0.95,
      wrong,
      randomSample,
      propensity: below ? 1 : 0.05,
      standingReview: false,
    });
  }
  return judged;
}

const TRUE_ACCURACY = 1 - (0.4 * 0.08 + 0.6 * 0.01);
const TRUE_RELEASED_ERROR = 0.01;
const SEEDS = 1000;

describe('estimateFromJudgments', () => {
  it('contains the true accuracy and released error in >= 94% of 1,000 seeds, narrower than random samples alone', () => {
    let accuracyHits = 0;
    let sampleHits = 0;
    let releasedHits = 0;
    let widthRatio = 0;
    for (let seed = 0; seed < SEEDS; seed++) {
      const [estimate] = estimateFromJudgments(judgedStream(seed, 3000));
      if (!estimate) throw new Error('no estimate');
      const { weighted, randomSamples } = estimate.accuracy;
      if (weighted.lower <= TRUE_ACCURACY && TRUE_ACCURACY <= weighted.upper) accuracyHits++;
      if (randomSamples.lower <= TRUE_ACCURACY && TRUE_ACCURACY <= randomSamples.upper) sampleHits++;
      const released = estimate.releasedError.weighted;
      if (released.lower <= TRUE_RELEASED_ERROR && TRUE_RELEASED_ERROR <= released.upper) releasedHits++;
      widthRatio += (estimate.accuracy.widthRatio ?? 0) / SEEDS;
    }
    expect(accuracyHits / SEEDS).toBeGreaterThanOrEqual(0.94);
    expect(sampleHits / SEEDS).toBeGreaterThanOrEqual(0.94);
    expect(releasedHits / SEEDS).toBeGreaterThanOrEqual(0.94);
    // Measured and reported in docs/risk-budget.md; the issue asks for 2×.
    expect(widthRatio).toBeGreaterThan(1.6);
  });

  it('is one row per workflow × model version, counting the decisions the judged ones stand for', () => {
    const rows = estimateFromJudgments([
      ...judgedStream(1, 500),
      ...judgedStream(2, 500).map((judgment) => ({ ...judgment, modelVersion: 'v2' })),
    ]);
    expect(rows.map((row) => row.modelVersion)).toEqual(['v1', 'v2']);
    // 500 decisions each, estimated from the judged ones: exact for the reviewed, ±sampling noise for the released.
    for (const row of rows) expect(row.decisions).toBeGreaterThan(300);
  });
});
