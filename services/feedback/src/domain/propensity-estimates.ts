import { wilsonInterval } from '@countersign/statistics';
import { compare } from './accuracy';
import { WeightedJudgment, weightedShare } from './weighted-judgment';

/** A rate with its 95% interval and the judged decisions it rests on; estimate null when none. */
export interface RateEstimate {
  estimate: number | null;
  lower: number;
  upper: number;
  judged: number;
}

/** One figure two ways: from every judged decision weighted by its propensity, and from the random samples alone. */
export interface TwoWayEstimate {
  weighted: RateEstimate;
  randomSamples: RateEstimate;
  /** Random-samples interval width ÷ weighted interval width: how much the extra evidence narrows it. */
  widthRatio: number | null;
}

export interface ModelEstimates {
  workflow: string;
  modelVersion: string;
  /** Judged decisions with a stored propensity: the evidence of the weighted estimates. */
  judged: number;
  /** Decisions the judged ones stand for (the sum of one over their propensities). */
  decisions: number;
  /** Share of all decisions the AI got right. */
  accuracy: TwoWayEstimate;
  /**
   * Share of the released decisions (those with no reason for review but sampling) the AI got wrong. Only random
   * samples see released decisions, so both ways use the same judgments here; the weighted way gains on accuracy.
   */
  releasedError: TwoWayEstimate;
}

/**
 * Accuracy and released error per workflow × model version, from every judged decision with its propensity
 * (inverse-propensity weighting), beside the same figures from random samples alone. Sorted by workflow, then version.
 */
export function estimateFromJudgments(judgments: readonly WeightedJudgment[]): ModelEstimates[] {
  const groups = new Map<string, WeightedJudgment[]>();
  for (const judgment of judgments) {
    const key = JSON.stringify([judgment.workflow, judgment.modelVersion]);
    const group = groups.get(key) ?? [];
    group.push(judgment);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) => estimateModel(group))
    .sort((a, b) => compare(a.workflow, b.workflow) || compare(a.modelVersion, b.modelVersion));
}

function estimateModel(group: readonly WeightedJudgment[]): ModelEstimates {
  const { workflow, modelVersion } = group[0] as WeightedJudgment;
  const released = (judgment: WeightedJudgment) => judgment.propensity < 1;
  const right = (judgment: WeightedJudgment) => !judgment.wrong;
  const wrong = (judgment: WeightedJudgment) => judgment.wrong;
  const samples = group.filter((judgment) => judgment.randomSample);
  const releasedSamples = samples.filter(released);
  return {
    workflow,
    modelVersion,
    judged: group.length,
    decisions: group.reduce((sum, judgment) => sum + 1 / judgment.propensity, 0),
    accuracy: twoWay(weighted(group, right), sampled(samples, right)),
    releasedError: twoWay(weighted(group, wrong, released), sampled(releasedSamples, wrong)),
  };
}

function weighted(
  group: readonly WeightedJudgment[],
  counts: (judgment: WeightedJudgment) => boolean,
  within?: (judgment: WeightedJudgment) => boolean,
): RateEstimate {
  const rate = weightedShare(group, counts, within);
  return {
    estimate: rate.judged === 0 ? null : rate.estimate,
    lower: rate.lower,
    upper: rate.upper,
    judged: rate.judged,
  };
}

function sampled(samples: readonly WeightedJudgment[], counts: (judgment: WeightedJudgment) => boolean): RateEstimate {
  const interval = wilsonInterval(samples.filter(counts).length, samples.length);
  return { estimate: interval.estimate, lower: interval.lower, upper: interval.upper, judged: samples.length };
}

function twoWay(weightedEstimate: RateEstimate, sampleEstimate: RateEstimate): TwoWayEstimate {
  const width = weightedEstimate.upper - weightedEstimate.lower;
  const ratio = width > 0 && sampleEstimate.judged > 0 ? (sampleEstimate.upper - sampleEstimate.lower) / width : null;
  return { weighted: weightedEstimate, randomSamples: sampleEstimate, widthRatio: ratio };
}
