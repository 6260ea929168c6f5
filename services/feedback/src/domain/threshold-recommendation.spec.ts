import { judgments } from '../testing/judgments';
import { recommendThreshold, ThresholdTarget } from './threshold-recommendation';

const TARGET: ThresholdTarget = { maxErrorRate: 0.05, minSamples: 100, step: 0.1, floor: 0.5 };

/** `perBucket` unbiased samples at each of 0.55, 0.65, ..., 0.95 with the given error count. */
function sampledModel(errorsAt: Record<string, number>, perBucket = 400) {
  return Object.entries(errorsAt).flatMap(([confidence, errors]) =>
    judgments(perBucket, (i) => ({ confidence: Number(confidence), verdict: i < errors ? 'correct' : 'approve' })),
  );
}

describe('recommendThreshold', () => {
  it('picks the lowest threshold whose upper bound on released errors is under the target (hand-computed)', () => {
    // At 0.9: 0/400 errors, upper 0.95%. At 0.8: 4/800 = 0.5%, upper 1.28%. At 0.7: 24/1200 = 2%, upper 2.96%.
    // At 0.6: 104/1600 = 6.5% -> fails, so 0.7 is the lowest threshold with its bound under 5%.
    const model = sampledModel({ '0.55': 200, '0.65': 80, '0.75': 20, '0.85': 4, '0.95': 0 });
    const recommendation = recommendThreshold(model, TARGET);
    expect(recommendation.recommended).toBe(0.7);
    expect(recommendation.errorRate.successes).toBe(24);
    expect(recommendation.errorRate.trials).toBe(1200);
    expect(recommendation.errorRate.upper).toBeLessThan(0.05);
  });

  it('moves up when the model gets worse and down when it gets better', () => {
    const worse = sampledModel({ '0.55': 200, '0.65': 120, '0.75': 60, '0.85': 10, '0.95': 0 });
    const better = sampledModel({ '0.55': 20, '0.65': 8, '0.75': 2, '0.85': 0, '0.95': 0 });
    expect(recommendThreshold(worse, TARGET).recommended).toBe(0.8);
    expect(recommendThreshold(better, TARGET).recommended).toBe(0.5);
  });

  it('ignores biased reviews, however bad', () => {
    const model = [
      ...sampledModel({ '0.95': 0 }),
      ...judgments(500, () => ({ confidence: 0.95, randomSample: false, verdict: 'reject' })),
    ];
    // Every candidate from 0.5 to 0.9 releases the same 400 clean samples; the 500 rejected reviews do not count.
    expect(recommendThreshold(model, TARGET).recommended).toBe(0.5);
  });

  it('recommends nothing without enough samples, or when errors sit among the most confident decisions', () => {
    expect(recommendThreshold(sampledModel({ '0.95': 0 }, 50), TARGET).recommended).toBeNull();
    // Fine at 0.55..0.85 but 10% wrong at 0.95: no threshold releases safely, and no lucky lower one is picked.
    const confidentlyWrong = sampledModel({ '0.55': 0, '0.65': 0, '0.75': 0, '0.85': 0, '0.95': 40 });
    expect(recommendThreshold(confidentlyWrong, TARGET).recommended).toBeNull();
  });
});
