import { TRUST_LEVELS, TrustLevel } from '@countersign/contracts';
import { Proportion, wilsonInterval } from '@countersign/statistics';

export interface TrustPolicy {
  /** The highest error rate of released decisions the workflow accepts, e.g. 0.01. */
  maxErrorRate: number;
  /** Unbiased samples needed before a promotion is considered, by the level promoted from. */
  minSamplesToPromote: Record<Exclude<TrustLevel, 4>, number>;
  /** Far fewer are needed to demote: a clear excess of errors must act quickly. */
  minSamplesToDemote: number;
}

export const DEFAULT_TRUST_POLICY: TrustPolicy = {
  maxErrorRate: 0.01,
  minSamplesToPromote: { 1: 200, 2: 400, 3: 800 },
  minSamplesToDemote: 20,
};

export type TrustMoveReason =
  | 'errors_above_target' // demote: even the lower bound of the error rate is above the target
  | 'proven_below_target' // promote: the upper bound is under the target with enough samples
  | 'not_enough_samples'
  | 'inconclusive' // the interval straddles the target
  | 'at_top'
  | 'at_bottom';

export interface TrustMove {
  current: TrustLevel;
  recommended: TrustLevel;
  reason: TrustMoveReason;
  errorRate: Proportion;
}

/**
 * One step up or down the trust ladder, or none, from the error rate of recent unbiased samples of the decisions the
 * current level releases. Asymmetric on purpose: promotion needs many samples and the whole 95% interval under the
 * target; demotion needs only a handful of samples whose interval lies wholly above it, so a model that got worse loses
 * autonomy within days while one that got better earns it over weeks. Demotion is checked first and wins.
 */
export function recommendTrustMove(
  current: TrustLevel,
  errors: number,
  samples: number,
  policy: TrustPolicy = DEFAULT_TRUST_POLICY,
): TrustMove {
  const errorRate = wilsonInterval(errors, samples);
  const move = (recommended: TrustLevel, reason: TrustMoveReason): TrustMove => ({
    current,
    recommended,
    reason,
    errorRate,
  });
  if (samples >= policy.minSamplesToDemote && errorRate.lower > policy.maxErrorRate) {
    return current === 1 ? move(current, 'at_bottom') : move(step(current, -1), 'errors_above_target');
  }
  if (current === 4) return move(current, 'at_top');
  if (samples < policy.minSamplesToPromote[current]) return move(current, 'not_enough_samples');
  if (errorRate.upper < policy.maxErrorRate) return move(step(current, 1), 'proven_below_target');
  return move(current, 'inconclusive');
}

function step(level: TrustLevel, by: 1 | -1): TrustLevel {
  return TRUST_LEVELS[TRUST_LEVELS.indexOf(level) + by];
}
