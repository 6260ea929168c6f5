import { DecisionV1, RoutingFacts } from '@countersign/contracts';

/**
 * The walking skeleton's routing rule: confident decisions proceed, the rest go to review. The policy engine with
 * thresholds, always-review rules and the trust ladder replaces it (issue #3).
 */
export const PLACEHOLDER_THRESHOLD = 0.9;

export function placeholderRouting(decision: Pick<DecisionV1, 'confidence'>): RoutingFacts {
  const confident = decision.confidence >= PLACEHOLDER_THRESHOLD;
  return {
    route: confident ? 'autonomous' : 'review',
    reasons: confident ? [] : ['below_threshold'],
    policyVersion: 0,
    randomSample: false,
    requiredApprovals: 1,
  };
}
