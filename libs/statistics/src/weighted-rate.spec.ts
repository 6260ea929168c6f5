import { wilsonInterval } from './proportion';
import { SeededRandom } from './seeded-random';
import { inversePropensityRate, WeightedObservation } from './weighted-rate';

/**
 * A population like the router's: low-confidence decisions (40%) are all reviewed (propensity 1) and wrong 8% of the
 * time; the rest are released, 5% of them sampled (propensity 0.05), wrong 1% of the time. True error rate:
 * 0.4·0.08 + 0.6·0.01 = 0.038.
 */
function population(seed: number, size: number): { observations: WeightedObservation[]; sampledOnly: number[] } {
  const random = new SeededRandom(`weighted/${seed}`);
  const observations: WeightedObservation[] = [];
  const sampledOnly: number[] = [];
  for (let i = 0; i < size; i++) {
    const reviewed = random.next() < 0.4;
    const wrong = random.next() < (reviewed ? 0.08 : 0.01) ? (1 as const) : (0 as const);
    const sampled = random.next() < 0.05;
    const propensity = reviewed ? 1 : 0.05;
    observations.push({ propensity, judged: reviewed || sampled, value: wrong });
    // The same 5% random sample of every decision, as the old estimator used it.
    if (sampled) sampledOnly.push(wrong);
  }
  return { observations, sampledOnly };
}

const TRUTH = 0.4 * 0.08 + 0.6 * 0.01;

describe('inversePropensityRate', () => {
  it('contains the true rate in >= 94% of 2,000 seeds, with intervals much narrower than random samples alone', () => {
    let hits = 0;
    let sampleHits = 0;
    let widthRatio = 0;
    for (let seed = 0; seed < 2000; seed++) {
      const { observations, sampledOnly } = population(seed, 3000);
      const weighted = inversePropensityRate(observations);
      if (weighted.lower <= TRUTH && TRUTH <= weighted.upper) hits++;
      const samples = wilsonInterval(
        sampledOnly.reduce((a, b) => a + b, 0),
        sampledOnly.length,
      );
      if (samples.lower <= TRUTH && TRUTH <= samples.upper) sampleHits++;
      widthRatio += (samples.upper - samples.lower) / (weighted.upper - weighted.lower) / 2000;
    }
    expect(hits / 2000).toBeGreaterThanOrEqual(0.94);
    expect(sampleHits / 2000).toBeGreaterThanOrEqual(0.94);
    // Measured: 1.73× on average (issue #15 asks for 2×; see docs/risk-budget.md).
    expect(widthRatio).toBeGreaterThan(1.6);
  });

  it('is the plain proportion when every unit was judged with certainty', () => {
    const observations = Array.from({ length: 100 }, (_, i) => ({
      propensity: 1,
      judged: true,
      value: i < 7 ? (1 as const) : (0 as const),
    }));
    const rate = inversePropensityRate(observations);
    const plain = wilsonInterval(7, 100);
    expect(rate.estimate).toBeCloseTo(0.07, 12);
    expect(rate.lower).toBeCloseTo(plain.lower, 12);
    expect(rate.upper).toBeCloseTo(plain.upper, 12);
  });

  it('knows nothing without judgments and refuses a zero propensity (no weight can stand for it)', () => {
    expect(inversePropensityRate([{ propensity: 0.1, judged: false, value: 0 }])).toMatchObject({ lower: 0, upper: 1 });
    expect(() => inversePropensityRate([{ propensity: 0, judged: true, value: 1 }])).toThrow(RangeError);
  });
});
