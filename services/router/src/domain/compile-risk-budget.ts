import { certifiedFor, LearnedRiskRule, RiskBudgetSettings, riskRuleKey, riskRuleLabel } from '@countersign/contracts';
import { CompiledRiskBudget, CompiledRiskRule } from './compiled-policy';
import { PolicyProblem } from './policy-compilation-error';

/** Expected-loss mode needs both halves of its comparison: the cost of an error and the cost of a look. */
export function riskBudgetProblems(budget: RiskBudgetSettings | undefined): PolicyProblem[] {
  if (budget === undefined) return [];
  const problems: PolicyProblem[] = [];
  const hasAttribute = budget.errorCostAttribute !== undefined;
  const hasCost = budget.reviewCost !== undefined;
  if (hasAttribute && !hasCost) {
    problems.push({
      path: 'riskBudget.reviewCost',
      message: 'is required with errorCostAttribute (expected-loss mode)',
    });
  }
  if (hasCost && !hasAttribute) {
    problems.push({
      path: 'riskBudget.errorCostAttribute',
      message: 'is required with reviewCost (expected-loss mode)',
    });
  }
  if (budget.segmentBy !== undefined && budget.segmentBy === budget.errorCostAttribute) {
    problems.push({
      path: 'riskBudget.segmentBy',
      message: 'must differ from errorCostAttribute: an error cost is a number, a segment a string value',
    });
  }
  return [...problems, ...learnedRuleProblems(budget.learnedRules ?? [])];
}

/** One rule per model version × segmentation × segment, and a segment only with the attribute that defines it. */
function learnedRuleProblems(rules: readonly LearnedRiskRule[]): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const keys = rules.map(riskRuleKey);
  rules.forEach((rule, i) => {
    if ((rule.segmentBy === undefined) !== (rule.segment === undefined)) {
      const [missing, present] = rule.segment === undefined ? ['segment', 'segmentBy'] : ['segmentBy', 'segment'];
      const message = `is required with ${present} (a rule per segment)`;
      problems.push({ path: `riskBudget.learnedRules[${i}].${missing}`, message });
    }
    const earlier = keys.indexOf(keys[i]);
    if (earlier < i) {
      const message = `"${riskRuleLabel(rule)}" already has learnedRules[${earlier}]`;
      problems.push({ path: `riskBudget.learnedRules[${i}].modelVersion`, message });
    }
  });
  return problems;
}

/**
 * The budget as the router applies it. A learned rule certified for another budget, confidence, mode or segmentation
 * is dropped: its guarantee was about a different question, so its version (or segment) goes back to full review
 * until feedback certifies again — the conservative reading of a budget an administrator changed.
 */
export function compileRiskBudget(budget: RiskBudgetSettings | undefined): CompiledRiskBudget | undefined {
  if (budget === undefined) return undefined;
  const defaults = new RiskBudgetSettings();
  const mode = budget.errorCostAttribute === undefined ? 'confidence' : 'expected-loss';
  const confidence = budget.confidence ?? defaults.confidence;
  const rules = new Map<string, CompiledRiskRule>();
  for (const rule of budget.learnedRules ?? []) {
    if (!certifiedFor(rule, budget)) continue;
    const scope = {
      modelVersion: rule.modelVersion,
      ...(rule.segment === undefined ? {} : { segmentBy: rule.segmentBy, segment: rule.segment }),
    };
    rules.set(riskRuleKey(rule), Object.freeze({ scope, cut: rule.cut, trustLevel: rule.trustLevel }));
  }
  return Object.freeze({
    mode,
    maxErrorRate: budget.maxErrorRate,
    confidence,
    sampleRate: budget.sampleRate ?? defaults.sampleRate,
    ...(budget.errorCostAttribute === undefined
      ? {}
      : { errorCostAttribute: budget.errorCostAttribute, reviewCost: budget.reviewCost }),
    ...(budget.segmentBy === undefined ? {} : { segmentBy: budget.segmentBy }),
    rules,
  });
}
