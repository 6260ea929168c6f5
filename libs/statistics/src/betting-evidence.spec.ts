import { BettingEvidence } from './betting-evidence';
import { SeededRandom } from './seeded-random';

/** x = wrong/propensity − budget for one released decision sampled at 5%, as risk control feeds it. */
function play(seed: number, errorRate: number, steps: number, delta: number): boolean {
  const random = new SeededRandom(`betting/${errorRate}/${seed}`);
  const evidence = new BettingEvidence();
  const budget = 0.02;
  const propensity = 0.05;
  for (let i = 0; i < steps; i++) {
    const judged = random.next() < propensity;
    const wrong = random.next() < errorRate;
    evidence.observe((judged && wrong ? 1 / propensity : 0) - budget, 1 / propensity - budget);
    if (evidence.rejects(delta)) return true;
  }
  return false;
}

describe('BettingEvidence', () => {
  it('rejects a true null at most δ of the time even when read after every observation (Ville)', () => {
    // Error rate exactly at the budget: the hardest null. 600 seeds of 4,000 decisions, peeking at every one.
    let rejections = 0;
    for (let seed = 0; seed < 600; seed++) if (play(seed, 0.02, 4000, 0.05)) rejections++;
    expect(rejections / 600).toBeLessThanOrEqual(0.05);
  });

  it('gathers enough evidence when the error rate is well below the budget', () => {
    let rejections = 0;
    for (let seed = 0; seed < 100; seed++) if (play(seed, 0.002, 20_000, 0.05)) rejections++;
    expect(rejections / 100).toBeGreaterThanOrEqual(0.9);
  });

  it('refuses an observation above its announced bound (the bet would be unsafe)', () => {
    expect(() => new BettingEvidence().observe(2, 1)).toThrow(RangeError);
    expect(() => new BettingEvidence([1.5])).toThrow(RangeError);
  });
});
