import { aJudgment, judgments } from '../testing/judgments';
import { estimateAccuracy } from './accuracy';
import { calibrate } from './calibration';

describe('estimateAccuracy', () => {
  it('counts only unbiased samples, per workflow × model version; random samples first, else audits', () => {
    const estimates = estimateAccuracy([
      // 95 right and 5 wrong random samples of v2: the published 95/100 Wilson interval.
      ...judgments(100, (i) => ({ modelVersion: 'v2', verdict: i < 95 ? 'approve' : 'correct' })),
      // Below-threshold reviews are the hard cases: all wrong, and they must not pull the estimate down.
      ...judgments(50, () => ({ modelVersion: 'v2', randomSample: false, verdict: 'reject' })),
      ...judgments(3, () => ({ modelVersion: 'v1', kind: 'audit', randomSample: false })),
      aJudgment({ workflow: 'contract-review', modelVersion: 'v1', verdict: 'reject' }),
    ]);
    expect(estimates.map(({ workflow, modelVersion, judged }) => [workflow, modelVersion, judged])).toEqual([
      ['contract-review', 'v1', 1],
      ['invoice-coding', 'v1', 3],
      ['invoice-coding', 'v2', 150],
    ]);
    expect(estimates.map((e) => e.basis)).toEqual(['random_samples', 'audit_samples', 'random_samples']);
    const v2 = estimates[2].accuracy;
    expect([v2.successes, v2.trials]).toEqual([95, 100]);
    expect(v2.lower).toBeCloseTo(0.8882, 4);
    expect(v2.upper).toBeCloseTo(0.9785, 4);
    expect(estimates[1].accuracy.estimate).toBe(1);
    expect(estimates[0].accuracy.estimate).toBe(0);
  });

  it('never pools audits (released decisions only) with random samples (all decisions)', () => {
    const [estimate] = estimateAccuracy([
      ...judgments(10, (i) => ({ verdict: i < 5 ? 'approve' : 'reject' })),
      ...judgments(90, () => ({ kind: 'audit', randomSample: false })),
    ]);
    expect(estimate?.basis).toBe('random_samples');
    expect(estimate?.accuracy.estimate).toBe(0.5);
  });

  it('reports no accuracy for a version judged only on biased reviews', () => {
    const [estimate] = estimateAccuracy(judgments(10, () => ({ randomSample: false })));
    expect(estimate?.judged).toBe(10);
    expect(estimate?.accuracy.estimate).toBeNull();
    expect(estimate?.basis).toBe('none');
  });
});

describe('calibrate', () => {
  it('builds the reliability table and the expected calibration error by hand', () => {
    // Bucket [0.9, 1): 10 samples at 0.95, 8 right -> |0.8 - 0.95| = 0.15, weight 10/20.
    // Bucket [0.6, 0.7): 10 samples at 0.65, 7 right -> |0.7 - 0.65| = 0.05, weight 10/20.
    // ECE = 0.5 * 0.15 + 0.5 * 0.05 = 0.10.
    const calibration = calibrate([
      ...judgments(10, (i) => ({ confidence: 0.95, verdict: i < 8 ? 'approve' : 'correct' })),
      ...judgments(10, (i) => ({ confidence: 0.65, verdict: i < 7 ? 'approve' : 'reject', kind: 'audit' })),
      ...judgments(30, () => ({ confidence: 0.2, randomSample: false, verdict: 'reject' })),
    ]);
    expect(calibration.samples).toBe(20);
    expect(calibration.expectedCalibrationError).toBeCloseTo(0.1, 12);
    const top = calibration.buckets[9];
    expect(top).toMatchObject({ from: 0.9, to: 1, meanConfidence: 0.95 });
    expect(top.accuracy.estimate).toBeCloseTo(0.8, 12);
    expect(calibration.buckets[2].accuracy.trials).toBe(0);
    expect(calibration.buckets[2].meanConfidence).toBeNull();
  });

  it('puts confidence 1 in the last bucket and is 0 for a perfectly calibrated model', () => {
    const calibration = calibrate(
      judgments(4, () => ({ confidence: 1 })),
      4,
    );
    expect(calibration.buckets[3].accuracy.trials).toBe(4);
    expect(calibration.expectedCalibrationError).toBe(0);
  });

  it('has no error to report without samples', () => {
    expect(calibrate([]).expectedCalibrationError).toBeNull();
  });
});
