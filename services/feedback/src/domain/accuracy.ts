import { aiWasRight, isUnbiasedSample, Judgment } from './judgment';
import { Proportion, wilsonInterval } from '@countersign/statistics';

/**
 * What an accuracy estimate stands for. Random samples are drawn from all of a workflow's decisions, audit samples only
 * from the released ones (which are the confident ones), so the two are never pooled: random samples give the accuracy
 * of all decisions; without them, audit samples give the accuracy of released decisions.
 */
export type AccuracyBasis = 'random_samples' | 'audit_samples' | 'none';

export interface AccuracyEstimate {
  workflow: string;
  modelVersion: string;
  /** Judgments of any kind, for context: how much human work went into this model version. */
  judged: number;
  basis: AccuracyBasis;
  /** Correct answers among the samples of `basis`, with the 95% Wilson interval. */
  accuracy: Proportion;
}

interface Tally {
  workflow: string;
  modelVersion: string;
  judged: number;
  random: { right: number; n: number };
  audit: { right: number; n: number };
}

/**
 * The AI's accuracy per workflow × model version, estimated only from unbiased samples — never from reviews sent
 * because of low confidence, a rule or a flag. Sorted by workflow, then model version, so output is stable.
 */
export function estimateAccuracy(judgments: Iterable<Judgment>): AccuracyEstimate[] {
  const tallies = new Map<string, Tally>();
  for (const judgment of judgments) {
    const key = JSON.stringify([judgment.workflow, judgment.modelVersion]);
    let tally = tallies.get(key);
    if (!tally) {
      tally = {
        workflow: judgment.workflow,
        modelVersion: judgment.modelVersion,
        judged: 0,
        random: { right: 0, n: 0 },
        audit: { right: 0, n: 0 },
      };
      tallies.set(key, tally);
    }
    tally.judged++;
    if (!isUnbiasedSample(judgment)) continue;
    const counts = judgment.randomSample ? tally.random : tally.audit;
    counts.n++;
    if (aiWasRight(judgment)) counts.right++;
  }
  return [...tallies.values()]
    .sort((a, b) => compare(a.workflow, b.workflow) || compare(a.modelVersion, b.modelVersion))
    .map(({ workflow, modelVersion, judged, random, audit }) => {
      const basis: AccuracyBasis = random.n > 0 ? 'random_samples' : audit.n > 0 ? 'audit_samples' : 'none';
      const counts = basis === 'audit_samples' ? audit : random;
      return { workflow, modelVersion, judged, basis, accuracy: wilsonInterval(counts.right, counts.n) };
    });
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
