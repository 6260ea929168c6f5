import { JsonObject, TrustLevel } from '@countersign/contracts';
import { aiWasRight, isUnbiasedSample, Judgment } from './judgment';
import { recommendThreshold } from './threshold-recommendation';
import { DEFAULT_TRUST_POLICY, recommendTrustMove } from './trust-level-move';

/** The policy a workflow's decisions were last routed under, as the judgments' routing facts tell it. */
export interface AppliedPolicy {
  workflow: string;
  modelVersion: string;
  threshold: number;
  trustLevel: TrustLevel;
}

export interface RecommendationSettings {
  maxErrorRate: number;
  minThresholdSamples: number;
}

export interface PolicyRecommendation {
  workflow: string;
  modelVersion: string;
  kind: 'threshold' | 'trust_level';
  current: number;
  recommended: number;
  evidence: JsonObject;
}

/**
 * What the evidence says to change in a workflow's policy for its current model version: a threshold, a trust level,
 * both or nothing. Only changes are returned; "keep it as it is" is not a recommendation.
 */
export function recommendPolicy(
  applied: AppliedPolicy,
  judgments: readonly Judgment[],
  settings: RecommendationSettings,
): PolicyRecommendation[] {
  const samples = judgments.filter(
    (j) => j.workflow === applied.workflow && j.modelVersion === applied.modelVersion && isUnbiasedSample(j),
  );
  const recommendations: PolicyRecommendation[] = [];
  const base = { workflow: applied.workflow, modelVersion: applied.modelVersion };

  const threshold = recommendThreshold(samples, {
    maxErrorRate: settings.maxErrorRate,
    minSamples: settings.minThresholdSamples,
    step: 0.01,
    floor: 0.5,
  });
  if (threshold.recommended !== null && Math.abs(threshold.recommended - applied.threshold) > 1e-9) {
    recommendations.push({
      ...base,
      kind: 'threshold',
      current: applied.threshold,
      recommended: threshold.recommended,
      evidence: {
        unbiasedSamples: samples.length,
        releasedSamples: threshold.errorRate.trials,
        releasedErrors: threshold.errorRate.successes,
        errorRate: threshold.errorRate.estimate,
        errorRateUpper95: threshold.errorRate.upper,
        maxErrorRate: settings.maxErrorRate,
        method: 'lowest threshold whose Wilson 95% upper bound on the released error rate is under the target',
      },
    });
  }

  // The decisions the current level releases: those at or above the threshold (all of them at level 4).
  const released = samples.filter((j) => applied.trustLevel === 4 || j.confidence >= applied.threshold);
  const errors = released.filter((j) => !aiWasRight(j)).length;
  const move = recommendTrustMove(applied.trustLevel, errors, released.length, {
    ...DEFAULT_TRUST_POLICY,
    maxErrorRate: settings.maxErrorRate,
  });
  if (move.recommended !== move.current) {
    recommendations.push({
      ...base,
      kind: 'trust_level',
      current: move.current,
      recommended: move.recommended,
      evidence: {
        releasedSamples: released.length,
        releasedErrors: errors,
        errorRate: move.errorRate.estimate,
        errorRateLower95: move.errorRate.lower,
        errorRateUpper95: move.errorRate.upper,
        maxErrorRate: settings.maxErrorRate,
        reason: move.reason,
      },
    });
  }
  return recommendations;
}
