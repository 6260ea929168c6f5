import { certifiedFor, RiskBudgetSettings } from '@countersign/contracts';
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
  const rules = budget.learnedRules ?? [];
  rules.forEach((rule, i) => {
    const earlier = rules.findIndex((other) => other.modelVersion === rule.modelVersion);
    if (earlier < i) {
      const message = `model version "${rule.modelVersion}" already has learnedRules[${earlier}]`;
      problems.push({ path: `riskBudget.learnedRules[${i}].modelVersion`, message });
    }
  });
  return problems;
}

/**
 * The budget as the router applies it. A learned rule certified for another budget, confidence or mode is dropped:
 * its guarantee was about a different question, so its version goes back to full review until feedback certifies
 * again — the conservative reading of a budget an administrator changed.
 */
export function compileRiskBudget(budget: RiskBudgetSettings | undefined): CompiledRiskBudget | undefined {
  if (budget === undefined) return undefined;
  const defaults = new RiskBudgetSettings();
  const mode = budget.errorCostAttribute === undefined ? 'confidence' : 'expected-loss';
  const confidence = budget.confidence ?? defaults.confidence;
  const rules = new Map<string, CompiledRiskRule>();
  for (const rule of budget.learnedRules ?? []) {
    if (certifiedFor(rule, budget))
      rules.set(rule.modelVersion, Object.freeze({ cut: rule.cut, trustLevel: rule.trustLevel }));
  }
  return Object.freeze({
    mode,
    maxErrorRate: budget.maxErrorRate,
    confidence,
    sampleRate: budget.sampleRate ?? defaults.sampleRate,
    ...(budget.errorCostAttribute === undefined
      ? {}
      : { errorCostAttribute: budget.errorCostAttribute, reviewCost: budget.reviewCost }),
    rules,
  });
}
