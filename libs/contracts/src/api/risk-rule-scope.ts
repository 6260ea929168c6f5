import type { LearnedRiskRule } from './routing-policy';

/** What one learned rule governs: a model version, or a model version × one value of the budget's `segmentBy`. */
export type RiskRuleScope = Pick<LearnedRiskRule, 'modelVersion' | 'segmentBy' | 'segment'>;

/**
 * One key per scope, for the router's and feedback's maps of rules and for recognising a rule set already sent. A
 * version-wide rule's key is its model version, as before segments existed, so rule sets recorded then still compare
 * equal; a segment's key is unambiguous whatever characters the version or the value contain.
 */
export function riskRuleKey(scope: RiskRuleScope): string {
  return scope.segment === undefined
    ? scope.modelVersion
    : JSON.stringify([scope.modelVersion, scope.segmentBy ?? null, scope.segment]);
}

/** How a scope reads in reasons, proposals and the audit trail: `v2`, or `v2 × region=EU`. */
export function riskRuleLabel(scope: RiskRuleScope): string {
  return scope.segment === undefined
    ? scope.modelVersion
    : `${scope.modelVersion} × ${scope.segmentBy ?? '?'}=${scope.segment}`;
}
