import { Interval } from '@countersign/statistics';
import { WeightedJudgment, weightedShare } from './weighted-judgment';

/** A routing policy to try on the labelled history before changing anything. */
export interface ProposedPolicy {
  /** Decisions with at least this confidence are released (unless a rule or flag sends them to review). */
  threshold: number;
  /** Share of all decisions sampled for review at random, as the router samples. */
  sampleRate: number;
  /** Highest acceptable released-error rate: the answer says whether the interval's upper bound is within it. */
  budget?: number;
  /** Cost of one review and of one released error, in one currency, for the expected cost. */
  reviewCost?: number;
  errorCost?: number;
}

export interface BacktestResult {
  policy: ProposedPolicy;
  /** Judged decisions with a stored propensity: the evidence. */
  judged: number;
  /** Decisions they stand for (sum of one over their propensities). */
  decisions: number;
  /** Judged decisions the proposed policy would have released: the evidence about released error. */
  releasedJudged: number;
  /** False when the evidence is too thin for the intervals to mean much; `note` then says why. */
  enough: boolean;
  note?: string;
  /** Share of decisions the policy sends to review (reasons and random samples). */
  reviewShare: Interval;
  /** Reviews it would have needed over the decisions judged ones stand for. */
  reviews: Interval;
  /** Share of the decisions it releases that the AI got wrong. */
  releasedError: Interval;
  /** Upper bound of released error within the budget; null without a budget. */
  withinBudget: boolean | null;
  /** Reviews × review cost + released errors × error cost, per 1,000 decisions; null without both costs. */
  costPer1000: Interval | null;
}

/** Least judged decisions, and least of them the policy would release, before an answer is called enough. */
export const MIN_JUDGED = 100;
export const MIN_RELEASED_JUDGED = 30;
/** The 98.75% normal quantile: each part of the cost at 97.5%, so their sum holds at 95% (Bonferroni). */
const Z_97_5 = 2.241402727604947;

/**
 * Replays judged history against a proposed threshold and sample rate. Every judged decision counts, weighted by one
 * over the probability the router gave it of being judged (inverse-propensity weighting, see weightedShare): what the
 * policy would release is estimated from the reviews and samples of decisions it would release, whatever sent them
 * to review then. Decisions with a rule or flag reason stay in review (rules always win). Valid when the propensities
 * are the true ones and the history is like the future; the intervals are approximate 95% (see stratifiedRate).
 */
export function backtest(judgments: readonly WeightedJudgment[], policy: ProposedPolicy): BacktestResult {
  const releasedUnder = (judgment: WeightedJudgment) =>
    !judgment.standingReview && judgment.confidence >= policy.threshold;
  const held = weightedShare(judgments, (judgment) => !releasedUnder(judgment));
  const s = policy.sampleRate;
  // The router samples every decision, reviewed anyway or not: reviews = held + s × released.
  const reviewShare = mapInterval(held, (q) => q + s * (1 - q));
  const decisions = judgments.reduce((sum, judgment) => sum + 1 / judgment.propensity, 0);
  const releasedError = weightedShare(judgments, (judgment) => judgment.wrong, releasedUnder);
  const releasedJudged = releasedError.judged;
  const note =
    judgments.length < MIN_JUDGED
      ? `too few judgments: ${judgments.length} judged decisions with a stored propensity (need ${MIN_JUDGED})`
      : releasedJudged < MIN_RELEASED_JUDGED
        ? `too few judgments: ${releasedJudged} judged decisions the policy would release (need ${MIN_RELEASED_JUDGED})`
        : undefined;
  return {
    policy,
    judged: judgments.length,
    decisions,
    releasedJudged,
    enough: note === undefined,
    ...(note === undefined ? {} : { note }),
    reviewShare,
    reviews: mapInterval(reviewShare, (share) => share * decisions),
    releasedError: interval(releasedError),
    withinBudget: policy.budget === undefined ? null : releasedError.upper <= policy.budget,
    costPer1000: cost(judgments, policy, releasedUnder),
  };
}

/** Thresholds a sweep tries when none are given: the range where workflows set theirs. */
export const SWEEP_THRESHOLDS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99];

/** The backtest at each threshold: the curve of reviews against released error. */
export function sweep(
  judgments: readonly WeightedJudgment[],
  policy: Omit<ProposedPolicy, 'threshold'>,
  thresholds: readonly number[] = SWEEP_THRESHOLDS,
): BacktestResult[] {
  return [...thresholds].sort((a, b) => a - b).map((threshold) => backtest(judgments, { ...policy, threshold }));
}

function cost(
  judgments: readonly WeightedJudgment[],
  policy: ProposedPolicy,
  releasedUnder: (judgment: WeightedJudgment) => boolean,
): Interval | null {
  const { reviewCost, errorCost, sampleRate: s } = policy;
  if (reviewCost === undefined || errorCost === undefined) return null;
  const held = weightedShare(judgments, (judgment) => !releasedUnder(judgment), undefined, Z_97_5);
  const releasedWrong = weightedShare(judgments, (j) => releasedUnder(j) && j.wrong, undefined, Z_97_5);
  // Per decision: reviewed share × review cost + (not sampled) released-and-wrong share × error cost.
  const at = (q: number, w: number) => 1000 * ((q + s * (1 - q)) * reviewCost + (1 - s) * w * errorCost);
  return {
    estimate: at(held.estimate, releasedWrong.estimate),
    lower: at(held.lower, releasedWrong.lower),
    upper: at(held.upper, releasedWrong.upper),
  };
}

function interval({ estimate, lower, upper }: Interval): Interval {
  return { estimate, lower, upper };
}

/** An interval through an increasing function. */
function mapInterval({ estimate, lower, upper }: Interval, f: (x: number) => number): Interval {
  return { estimate: f(estimate), lower: f(lower), upper: f(upper) };
}
