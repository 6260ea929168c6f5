import { aiWasRight, isUnbiasedSample, Judgment } from './judgment';
import { Proportion, wilsonInterval } from './proportion';

export interface ThresholdTarget {
  /** The highest error rate of released decisions the workflow accepts, e.g. 0.01. */
  maxErrorRate: number;
  /** Unbiased samples at or above a threshold needed before it may be recommended. */
  minSamples: number;
  /** Candidate thresholds are multiples of this step (0.01 gives 0.50, 0.51, ...). */
  step: number;
  /** No threshold below this is considered: the floor a workflow's owners are willing to go to. */
  floor: number;
}

export const DEFAULT_THRESHOLD_TARGET: ThresholdTarget = {
  maxErrorRate: 0.01,
  minSamples: 100,
  step: 0.01,
  floor: 0.5,
};

export interface ThresholdRecommendation {
  /** The lowest threshold whose released decisions' error rate has an upper 95% bound under the target; null if none. */
  recommended: number | null;
  /** The error rate of the unbiased samples at or above the recommended threshold; no trials when there is none. */
  errorRate: Proportion;
  candidatesChecked: number;
}

/**
 * The lowest confidence threshold at which the decisions that would be released (confidence ≥ threshold) make errors
 * at a rate whose upper 95% Wilson bound stays under the target, judged on unbiased samples only. Lower thresholds
 * release more decisions, so the lowest one that meets the target is the most autonomy the evidence supports.
 *
 * The scan reuses one sample for many thresholds; to keep that from picking a lucky dip, a threshold qualifies only if
 * every higher candidate with enough samples also meets the target (the released set of a higher threshold is a
 * subset, so a failure above means the errors sit among high-confidence decisions and no lower threshold is safe).
 */
export function recommendThreshold(
  judgments: Iterable<Judgment>,
  target: ThresholdTarget = DEFAULT_THRESHOLD_TARGET,
): ThresholdRecommendation {
  const samples = [...judgments]
    .filter(isUnbiasedSample)
    .map((j) => ({ confidence: j.confidence, wrong: !aiWasRight(j) }));
  const steps = Math.round((1 - target.floor) / target.step);
  let recommended: number | null = null;
  let errorRate = wilsonInterval(0, 0);
  // From the top down, so that "every higher candidate meets the target" is a running condition.
  for (let index = steps; index >= 0; index--) {
    const threshold = round(target.floor + index * target.step);
    const released = samples.filter((sample) => sample.confidence >= threshold);
    const errors = released.filter((sample) => sample.wrong).length;
    if (released.length < target.minSamples) continue;
    const rate = wilsonInterval(errors, released.length);
    if (rate.upper >= target.maxErrorRate) break;
    recommended = threshold;
    errorRate = rate;
  }
  return { recommended, errorRate, candidatesChecked: steps + 1 };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
