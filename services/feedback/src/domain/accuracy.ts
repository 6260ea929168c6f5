import { aiWasRight, isUnbiasedSample, Judgment } from './judgment';
import { Proportion, wilsonInterval } from './proportion';

export interface AccuracyEstimate {
  workflow: string;
  modelVersion: string;
  /** Judgments of any kind, for context: how much human work went into this model version. */
  judged: number;
  /** Correct answers among the unbiased samples, with the 95% Wilson interval. */
  accuracy: Proportion;
}

/**
 * The AI's accuracy per workflow × model version, estimated only from unbiased samples (random and audit). Grouped in
 * workflow, then model version order, so that responses and metrics are stable.
 */
export function estimateAccuracy(judgments: Iterable<Judgment>): AccuracyEstimate[] {
  const groups = new Map<
    string,
    { workflow: string; modelVersion: string; judged: number; right: number; n: number }
  >();
  for (const judgment of judgments) {
    const key = JSON.stringify([judgment.workflow, judgment.modelVersion]);
    let group = groups.get(key);
    if (!group) {
      group = { workflow: judgment.workflow, modelVersion: judgment.modelVersion, judged: 0, right: 0, n: 0 };
      groups.set(key, group);
    }
    group.judged++;
    if (!isUnbiasedSample(judgment)) continue;
    group.n++;
    if (aiWasRight(judgment)) group.right++;
  }
  return [...groups.values()]
    .sort((a, b) => compare(a.workflow, b.workflow) || compare(a.modelVersion, b.modelVersion))
    .map(({ workflow, modelVersion, judged, right, n }) => ({
      workflow,
      modelVersion,
      judged,
      accuracy: wilsonInterval(right, n),
    }));
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
