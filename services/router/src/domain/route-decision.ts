import { DecisionV1, RoutingFacts, TrustLevel } from '@countersign/contracts';
import { AdditionalOperation, apply, RulesLogic, truthy } from 'json-logic-js';
import { CompiledPolicy, CompiledRiskBudget, CompiledRule, LadderRates, PolicyTerms } from './compiled-policy';
import { riskRouting } from './risk-routing';
import { RuleData, ruleDataOf } from './rule-data';
import { samplePoint } from './sample-point';

/**
 * Where a decision goes under a workflow's policy, and every reason why. Pure and deterministic: the same decision and
 * policy give the same facts, whenever and however often they are evaluated (a redelivered decision routes the same).
 *
 * Reasons, in this order, each only where its trust level uses it:
 *   standing reasons (unknown_workflow)   every decision under the built-in default policy
 *   below_threshold                       levels 1-3: confidence < threshold
 *   rule:<name>                           levels 1-4: each alwaysReview rule that matches
 *   flag:<flag>                           levels 1-4: each flag matching reviewFlags; level 3: every flag
 *   edge_band                             level 2: threshold <= confidence < threshold + level2EdgeBand
 *   trust_level_1, random_sample          level 1: the sampled share (level1ReviewRate) of all decisions
 *   random_sample                         levels 2-3: the sampled share (level2SampleRate, level3SampleRate)
 * At level 4 a low confidence is no reason for review (the decision is released and left to audit sampling), so
 * below_threshold is not listed; `threshold` in the facts still shows it. The route is review iff any reason applies.
 */
export function routeDecision(decision: DecisionV1, policy: CompiledPolicy): RoutingFacts {
  if (policy.riskBudget) return routeByRiskBudget(decision, policy, policy.riskBudget);
  const terms = policy.overrides.get(decision.model.version) ?? policy.terms;
  const data = ruleDataOf(decision);
  const randomSample = isRandomSample(decision.id, policy, terms.trustLevel);
  const reasons = [
    ...policy.standingReasons,
    ...(terms.trustLevel < 4 && decision.confidence < terms.threshold ? ['below_threshold'] : []),
    ...matching(policy.alwaysReview, data).map((rule) => `rule:${rule.name}`),
    ...flagReasons(decision.flags, policy.reviewFlags, terms.trustLevel),
    ...(inEdgeBand(decision.confidence, terms, policy.ladder) ? ['edge_band'] : []),
    ...(randomSample && terms.trustLevel === 1 ? ['trust_level_1'] : []),
    ...(randomSample ? ['random_sample'] : []),
  ];
  const route = reasons.length > 0 ? 'review' : 'autonomous';
  const sampledOnly = reasons.every((reason) => reason === 'random_sample' || reason === 'trust_level_1');
  return {
    route,
    reasons,
    policyVersion: policy.version,
    trustLevel: terms.trustLevel,
    threshold: terms.threshold,
    randomSample,
    // Every reason but sampling is decided by the decision itself, so its chance of review is 1 or the sample rate.
    reviewPropensity: sampledOnly ? sampleRate(terms.trustLevel, policy.ladder) : 1,
    requiredApprovals: requiredApprovals(policy, data),
    ...reviewTerms(route, policy),
  };
}

/**
 * Under a risk budget the trust ladder's edge band and sample rates give way to the learned rule (riskRouting), but
 * the threshold, rules and review flags still send decisions to review first: rules always win. Released decisions
 * are sampled at the budget's rate, so each one's propensity is known and never 0.
 */
function routeByRiskBudget(decision: DecisionV1, policy: CompiledPolicy, budget: CompiledRiskBudget): RoutingFacts {
  const terms = policy.overrides.get(decision.model.version) ?? policy.terms;
  const data = ruleDataOf(decision);
  const deterministic = [
    ...policy.standingReasons,
    ...(decision.confidence < terms.threshold ? ['below_threshold'] : []),
    ...matching(policy.alwaysReview, data).map((rule) => `rule:${rule.name}`),
    ...flagReasons(decision.flags, policy.reviewFlags, 1),
  ];
  const risk = riskRouting(decision, budget, deterministic);
  const randomSample = budget.sampleRate > 0 && samplePoint(decision.id, policy.sampleKey) < budget.sampleRate;
  const reasons = [...deterministic, ...risk.reasons, ...(randomSample ? ['random_sample'] : [])];
  const route = reasons.length > 0 ? 'review' : 'autonomous';
  const sampledOnly = reasons.every((reason) => reason === 'random_sample');
  return {
    route,
    reasons,
    policyVersion: policy.version,
    trustLevel: risk.trustLevel,
    threshold: terms.threshold,
    randomSample,
    reviewPropensity: sampledOnly ? budget.sampleRate : 1,
    requiredApprovals: requiredApprovals(policy, data),
    ...reviewTerms(route, policy),
    riskControl: risk.facts,
  };
}

function reviewTerms(route: RoutingFacts['route'], policy: CompiledPolicy): Partial<RoutingFacts> {
  return {
    ...(route === 'review'
      ? { slaSeconds: policy.slaSeconds, expirySeconds: policy.expiry.afterSeconds, safeDefault: policy.expiry.outcome }
      : {}),
    ...(route === 'review' && policy.errorCostAttribute ? { errorCostAttribute: policy.errorCostAttribute } : {}),
  };
}

/**
 * Sampling looks at nothing but the decision id and the policy's sampling key, never at confidence, rules or flags, and a decision is
 * a sample whether or not another reason sends it to review anyway. So the decisions marked randomSample are an
 * unbiased sample of all the workflow's decisions at that rate, which is what lets the feedback service estimate the
 * error rate of what would otherwise have been released.
 */
function isRandomSample(decisionId: string, policy: CompiledPolicy, trustLevel: TrustLevel): boolean {
  const rate = sampleRate(trustLevel, policy.ladder);
  return rate > 0 && samplePoint(decisionId, policy.sampleKey) < rate;
}

function sampleRate(trustLevel: TrustLevel, ladder: LadderRates): number {
  switch (trustLevel) {
    case 1:
      return ladder.level1ReviewRate;
    case 2:
      return ladder.level2SampleRate;
    case 3:
      return ladder.level3SampleRate;
    case 4:
      return 0;
  }
}

function inEdgeBand(confidence: number, terms: PolicyTerms, ladder: LadderRates): boolean {
  return (
    terms.trustLevel === 2 && confidence >= terms.threshold && confidence < terms.threshold + ladder.level2EdgeBand
  );
}

/** Each distinct flag once, in the producer's order; at level 3 ("spot-check + flagged") any flag is a reason. */
function flagReasons(flags: readonly string[], patterns: readonly RegExp[], trustLevel: TrustLevel): string[] {
  const flagged = trustLevel === 3 ? flags : flags.filter((flag) => patterns.some((pattern) => pattern.test(flag)));
  return [...new Set(flagged)].map((flag) => `flag:${flag}`);
}

/** Four-eyes and more: the strictest matching rule wins; one approval when none matches. */
function requiredApprovals(policy: CompiledPolicy, data: RuleData): number {
  return Math.max(1, ...matching(policy.requiredApprovals, data).map((rule) => rule.approvals));
}

function matching<Rule extends CompiledRule>(rules: readonly Rule[], data: RuleData): Rule[] {
  return rules.filter((rule) => holds(rule, data));
}

/**
 * A compiled rule uses only known operations, but a few can still throw on odd data (missing_some over a field that
 * is null). Such a rule counts as matching: an evaluation error must send a decision to a human, never release it.
 */
function holds(rule: CompiledRule, data: RuleData): boolean {
  try {
    return truthy(apply(rule.when as RulesLogic<AdditionalOperation>, data));
  } catch {
    return true;
  }
}
