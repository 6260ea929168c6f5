import {
  JsonObject,
  ModelOverride,
  PolicyRecommendationV1,
  RoutingPolicyDocument,
  TrustLevel,
} from '@countersign/contracts';

/**
 * The policy document with a recommendation applied. When the policy overrides the recommended model version with a
 * value of the same kind, the override is what the router applies to that version, so the override changes; otherwise
 * the workflow's own threshold or trust level does. Everything else in the document is kept as it was.
 */
export function applyRecommendation(
  policy: RoutingPolicyDocument,
  recommendation: Pick<PolicyRecommendationV1, 'kind' | 'recommended' | 'modelVersion'>,
): RoutingPolicyDocument {
  const field = recommendation.kind === 'threshold' ? 'threshold' : 'trustLevel';
  const value =
    recommendation.kind === 'threshold' ? recommendation.recommended : (recommendation.recommended as TrustLevel);
  const overrides: ModelOverride[] = policy.modelOverrides ?? [];
  const index = overrides.findIndex(
    (override) => override.modelVersion === recommendation.modelVersion && override[field] !== undefined,
  );
  if (index < 0) return { ...policy, [field]: value };
  return {
    ...policy,
    modelOverrides: overrides.map((override, i) => (i === index ? { ...override, [field]: value } : override)),
  };
}

/** Why the policy changed, as the router's history will show it. */
export function applicationReason(recommendation: PolicyRecommendationV1): string {
  const evidence: JsonObject = recommendation.evidence;
  const samples = evidence['releasedSamples'] ?? evidence['unbiasedSamples'];
  const upper = evidence['errorRateUpper95'];
  return (
    `feedback recommendation ${recommendation.recommendationId} applied (workflow opted in): ${recommendation.kind} ` +
    `${recommendation.current} -> ${recommendation.recommended} for model version ${recommendation.modelVersion ?? 'any'}` +
    (typeof samples === 'number' ? `; ${samples} unbiased samples` : '') +
    (typeof upper === 'number' ? `, error rate upper 95% bound ${(upper * 100).toFixed(2)}%` : '')
  );
}
