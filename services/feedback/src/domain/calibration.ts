import { aiWasRight, isUnbiasedSample, Judgment } from './judgment';
import { Proportion, wilsonInterval } from '@countersign/statistics';

export interface ReliabilityBucket {
  /** Confidence range [from, to); the last bucket includes 1. */
  from: number;
  to: number;
  /** Mean confidence the model claimed in this bucket; null when empty. */
  meanConfidence: number | null;
  /** Observed accuracy in this bucket with its 95% Wilson interval. */
  accuracy: Proportion;
}

export interface Calibration {
  samples: number;
  buckets: ReliabilityBucket[];
  /**
   * Expected calibration error: Σ (n_b / N) · |accuracy_b − mean confidence_b| over non-empty buckets (Naeini et
   * al. 2015; Guo et al. 2017). 0 is perfectly calibrated; null without samples.
   */
  expectedCalibrationError: number | null;
}

/**
 * The reliability table over equal-width confidence buckets, from unbiased samples only: below-threshold reviews are
 * exactly the low-confidence decisions, so including them would fill the low buckets and not the high ones.
 */
export function calibrate(judgments: Iterable<Judgment>, bucketCount = 10): Calibration {
  if (!Number.isInteger(bucketCount) || bucketCount < 1) throw new RangeError('bucketCount must be a positive integer');
  const counts = Array.from({ length: bucketCount }, () => ({ n: 0, right: 0, confidence: 0 }));
  let samples = 0;
  for (const judgment of judgments) {
    if (!isUnbiasedSample(judgment)) continue;
    const index = Math.min(bucketCount - 1, Math.floor(judgment.confidence * bucketCount));
    const bucket = counts[index];
    bucket.n++;
    bucket.confidence += judgment.confidence;
    if (aiWasRight(judgment)) bucket.right++;
    samples++;
  }
  const buckets = counts.map(({ n, right, confidence }, index) => ({
    from: index / bucketCount,
    to: (index + 1) / bucketCount,
    meanConfidence: n === 0 ? null : confidence / n,
    accuracy: wilsonInterval(right, n),
  }));
  const expectedCalibrationError =
    samples === 0
      ? null
      : counts.reduce(
          (total, { n, right, confidence }) => (n === 0 ? total : total + Math.abs(right - confidence) / samples),
          0,
        );
  return { samples, buckets, expectedCalibrationError };
}
