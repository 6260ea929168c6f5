import { aiWasRight, isUnbiasedSample, Judgment } from './judgment';
import { Proportion, wilsonInterval } from '@countersign/statistics';

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
 * The scan reuses one sample for many thresholds; to keep it from picking a lucky dip it runs from the top down and
 * stops at the first candidate that fails once one has passed (the recommendation is the bottom of the first run of
 * passing thresholds), and it gives up as soon as a candidate's lower bound is above the target: the released set of a
 * higher threshold is a subset, so errors among the most confident decisions make every lower threshold unsafe too.
 * Candidates with too few samples, or whose interval straddles the target before anything passed, are skipped.
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
  for (let index = steps; index >= 0; index--) {
    const threshold = round(target.floor + index * target.step);
    const released = samples.filter((sample) => sample.confidence >= threshold);
    if (released.length < target.minSamples) continue;
    const rate = wilsonInterval(released.filter((sample) => sample.wrong).length, released.length);
    if (rate.lower > target.maxErrorRate) break;
    if (rate.upper >= target.maxErrorRate) {
      if (recommended !== null) break;
      continue;
    }
    recommended = threshold;
    errorRate = rate;
  }
  return { recommended, errorRate, candidatesChecked: steps + 1 };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
