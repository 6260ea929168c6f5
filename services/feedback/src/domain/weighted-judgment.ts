import { RateStratum, stratifiedRate, WeightedRate, Z_95 } from '@countersign/statistics';

/**
 * One judged decision as inverse-propensity estimates need it: the router's probability of sending it to review,
 * stored with the judgment (`routing.reviewPropensity`), and what the human found.
 */
export interface WeightedJudgment {
  workflow: string;
  modelVersion: string;
  confidence: number;
  /** The human corrected or rejected the AI's output. */
  wrong: boolean;
  randomSample: boolean;
  /** In (0, 1]: 1 when a reason other than sampling sent it to review, else the sample rate. */
  propensity: number;
  /**
   * A reason that no confidence threshold removes sent it to review: a rule, a flag, an unknown workflow or stopped
   * autonomy. Rules always win, so a backtest keeps such a decision in review under any proposed threshold.
   */
  standingReview: boolean;
}

/** Reasons that depend on confidence or on sampling: a proposed threshold and sample rate replace them. */
const POLICY_REASONS = new Set(['below_threshold', 'edge_band', 'random_sample', 'trust_level_1']);

/** Whether any of the router's reasons would still send the decision to review whatever the threshold. */
export function hasStandingReason(reasons: readonly string[]): boolean {
  return reasons.some((reason) => !POLICY_REASONS.has(reason));
}

/**
 * The share of the judged decisions' population for which `counts` holds, by inverse-propensity weighting: judged
 * decisions are grouped by propensity; each group stands for judged ÷ propensity decisions (Horvitz–Thompson), and the
 * population's share is the groups' shares weighted by those sizes (Hájek; see stratifiedRate in libs/statistics).
 * `within` restricts the population (e.g. to the decisions a policy releases).
 */
export function weightedShare(
  judgments: readonly WeightedJudgment[],
  counts: (judgment: WeightedJudgment) => boolean,
  within: (judgment: WeightedJudgment) => boolean = () => true,
  z: number = Z_95,
): WeightedRate {
  const byPropensity = new Map<number, RateStratum>();
  for (const judgment of judgments) {
    if (!within(judgment)) continue;
    let stratum = byPropensity.get(judgment.propensity);
    if (!stratum) {
      stratum = { propensity: judgment.propensity, units: 0, judged: 0, positives: 0 };
      byPropensity.set(judgment.propensity, stratum);
    }
    stratum.judged++;
    stratum.units += 1 / judgment.propensity;
    if (counts(judgment)) stratum.positives++;
  }
  return stratifiedRate([...byPropensity.values()], z, true);
}
