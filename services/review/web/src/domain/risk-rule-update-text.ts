import type { RecordedRiskRule, RiskRuleUpdate } from '../api/risk-rule-updates';

/** The direction in a reader's words: tighter changes were applied at once, looser ones follow the approval setting. */
export function changeText(update: RiskRuleUpdate): string {
  return update.direction === 'tighter' ? 'More oversight' : 'Less oversight';
}

/** What became of the change: a policy version, a proposal waiting for a second admin, or advice nobody applied. */
export function outcomeText(update: RiskRuleUpdate): string {
  switch (update.outcome) {
    case 'applied':
      return update.policyVersion === undefined ? 'Applied' : `Applied as policy version ${update.policyVersion}`;
    case 'proposed':
      return update.proposalId === undefined
        ? 'Proposed: awaits a second admin'
        : `Proposed: awaits a second admin (proposal ${update.proposalId})`;
    case 'advice':
      return 'Advice only: the workflow has not opted in to auto-apply';
  }
}

/** One rule as a line: which decisions it governs and where it releases them. */
export function ruleText(rule: RecordedRiskRule): string {
  const scope =
    rule.segmentBy && rule.segment ? `${rule.modelVersion} × ${rule.segmentBy}=${rule.segment}` : rule.modelVersion;
  const measure = rule.mode === 'expected-loss' ? 'safety' : 'confidence';
  const inherited = rule.inheritedFrom ? `, inherited from ${rule.inheritedFrom}` : '';
  return `${scope}: release at ${measure} ≥ ${rule.cut} (trust level ${rule.trustLevel}${inherited})`;
}

/** The rules the change leaves in force; none means every model version is reviewed in full. */
export function rulesText(update: RiskRuleUpdate): string[] {
  return update.rules.length === 0 ? ['None: every model version reviewed in full'] : update.rules.map(ruleText);
}
