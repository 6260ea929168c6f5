import {
  DEFAULT_EXPIRY_SECONDS,
  RiskBudgetSettings,
  riskRuleLabel,
  RoutingPolicyDocument,
  TrustLevel,
} from '@countersign/contracts';
import { CompiledRiskBudget, CompiledRiskRule } from './compiled-policy';
import { compileRiskBudget } from './compile-risk-budget';

/** RoutingPolicyDocument's default slaSeconds. */
const DEFAULT_SLA_SECONDS = 24 * 3600;

/** How a policy change moves human oversight, dimension by dimension. */
export interface OversightComparison {
  /** Each way the new policy sends fewer decisions (or fewer eyes) to review; empty when it lowers nothing. */
  readonly lowers: readonly string[];
  /** Each way it sends more; informative only, a change that both lowers and raises still lowers. */
  readonly raises: readonly string[];
}

type Terms = { threshold: number; trustLevel: TrustLevel };
type Ladder = { level1ReviewRate: number; level2EdgeBand: number; level2SampleRate: number; level3SampleRate: number };

const LADDER_DEFAULTS: Ladder = {
  level1ReviewRate: 0.8,
  level2EdgeBand: 0.05,
  level2SampleRate: 0.1,
  level3SampleRate: 0.02,
};

/**
 * Compares two policies of one workflow for the two-person rule. Conservative by design: whatever cannot be shown to
 * keep oversight counts as lowering it, so a second admin looks at it —
 *   higher trust level, lower threshold (the workflow's or a model version's effective ones), lower ladder rate or
 *   edge band, an alwaysReview or requiredApprovals rule removed or its condition changed (conditions are not compared
 *   for meaning), fewer approvals, a review flag pattern removed, a different sample seed (it picks other decisions).
 * A shorter review window (SLA plus expiry) lowers it: a decision nobody reviewed in time ends `expired`, so a window
 * of seconds would end every review before a person could look. The SLA alone (escalation sooner, to the leads) and
 * error-cost ordering change how fast, not whether, people review.
 * `old` undefined is a workflow without a policy, which the router routes entirely to review: any policy lowers that.
 */
export function comparesOversight(
  old: RoutingPolicyDocument | undefined,
  next: RoutingPolicyDocument,
): OversightComparison {
  if (old === undefined) return { lowers: ['first policy: replaces review of every decision'], raises: [] };
  const lowers: string[] = [];
  const raises: string[] = [];
  compareTerms('', old, next, lowers, raises);
  for (const model of modelVersions(old, next)) {
    compareTerms(`modelOverrides[${model}].`, effectiveTerms(old, model), effectiveTerms(next, model), lowers, raises);
  }
  const [oldLadder, nextLadder] = [
    { ...LADDER_DEFAULTS, ...old.ladder },
    { ...LADDER_DEFAULTS, ...next.ladder },
  ];
  for (const rate of Object.keys(LADDER_DEFAULTS) as Array<keyof Ladder>) {
    compare(`ladder.${rate}`, oldLadder[rate], nextLadder[rate], lowers, raises);
  }
  compareRules('alwaysReview', old.alwaysReview ?? [], next.alwaysReview ?? [], lowers, raises);
  compareRules('requiredApprovals', old.requiredApprovals ?? [], next.requiredApprovals ?? [], lowers, raises);
  const oldFlags = new Set(old.reviewFlags ?? []);
  const nextFlags = new Set(next.reviewFlags ?? []);
  for (const flag of oldFlags) if (!nextFlags.has(flag)) lowers.push(`reviewFlags: ${flag} removed`);
  for (const flag of nextFlags) if (!oldFlags.has(flag)) raises.push(`reviewFlags: ${flag} added`);
  compare('review window (slaSeconds + expiry.afterSeconds)', reviewWindow(old), reviewWindow(next), lowers, raises);
  if ((old.sampleSeed ?? 'countersign') !== (next.sampleSeed ?? 'countersign')) {
    lowers.push('sampleSeed changed: a different set of decisions is sampled');
  }
  compareRiskBudgets(old.riskBudget, next.riskBudget, lowers, raises);
  return { lowers, raises };
}

/**
 * Compares the budgets as the router applies them ({@link compileRiskBudget}), not as written: a learned rule the
 * router ignores (certified for another budget, confidence or mode) releases nothing, and one that becomes effective
 * because the budget moved to where it was certified releases at once — so the rules compared are the effective ones.
 * A budget replaces the ladder's own release rule: adding one raises oversight for versions without a rule but lowers
 * it for each rule already in force; removing one lowers it. Within a budget: a higher maxErrorRate, a lower confidence
 * or sample rate, a changed mode, and an effective rule that releases more (safety >= cut releases, so a lower cut,
 * or a rule where none was in force) lower it; a higher cut or an effective rule withdrawn raises it. Rules are
 * compared per model version × segment under `segmentBy`, so a segment's first rule lowers oversight like a version's.
 */
function compareRiskBudgets(
  old: RoutingPolicyDocument['riskBudget'],
  next: RoutingPolicyDocument['riskBudget'],
  lowers: string[],
  raises: string[],
): void {
  if (old === undefined && next === undefined) return;
  if (next === undefined) return void lowers.push('riskBudget removed');
  if (old === undefined) {
    raises.push('riskBudget added: versions without a certified rule reviewed in full');
  } else {
    compareBudgetTerms(old, next, lowers, raises);
  }
  const oldRules = compileRiskBudget(old)?.rules ?? new Map<string, CompiledRiskRule>();
  const nextRules = (compileRiskBudget(next) as CompiledRiskBudget).rules;
  for (const [key, rule] of nextRules) {
    const before = oldRules.get(key);
    const name = `riskBudget.learnedRules[${riskRuleLabel(rule.scope)}]`;
    if (!before) lowers.push(`${name} in force: cut ${rule.cut}`);
    else compare(`${name}.cut`, before.cut, rule.cut, lowers, raises);
  }
  for (const [key, rule] of oldRules) {
    if (!nextRules.has(key)) {
      raises.push(`riskBudget.learnedRules[${riskRuleLabel(rule.scope)}] withdrawn: reviewed in full`);
    }
  }
}

function compareBudgetTerms(
  old: RiskBudgetSettings,
  next: RiskBudgetSettings,
  lowers: string[],
  raises: string[],
): void {
  const defaults = new RiskBudgetSettings();
  // A higher budget accepts more released errors: less oversight.
  const budgetChange = `riskBudget.maxErrorRate ${old.maxErrorRate} → ${next.maxErrorRate}`;
  if (next.maxErrorRate > old.maxErrorRate) lowers.push(budgetChange);
  if (next.maxErrorRate < old.maxErrorRate) raises.push(budgetChange);
  compare(
    'riskBudget.confidence',
    old.confidence ?? defaults.confidence,
    next.confidence ?? defaults.confidence,
    lowers,
    raises,
  );
  compare(
    'riskBudget.sampleRate',
    old.sampleRate ?? defaults.sampleRate,
    next.sampleRate ?? defaults.sampleRate,
    lowers,
    raises,
  );
  compareWarmStart(old.warmStartSteps, next.warmStartSteps, lowers, raises);
  // Every rule of the old segmentation is void under the new one (certifiedFor), so each segment, and each decision
  // without a value, is reviewed in full until its own rule is certified: more oversight, the rules' own lines say so.
  if (old.segmentBy !== next.segmentBy) {
    raises.push(`riskBudget.segmentBy ${old.segmentBy ?? 'none'} → ${next.segmentBy ?? 'none'}: rules void`);
  }
  if ((old.errorCostAttribute ?? null) !== (next.errorCostAttribute ?? null)) lowers.push('riskBudget mode changed');
  else if ((next.reviewCost ?? 0) > (old.reviewCost ?? 0)) lowers.push('riskBudget.reviewCost raised');
}

/**
 * The warm start accepts an extra assumption (a new version no worse than its predecessor) in exchange for releasing
 * sooner: turning it on, or inheriting a cut fewer steps back, lowers oversight; off, or more steps back, raises it.
 */
function compareWarmStart(old: number | undefined, next: number | undefined, lowers: string[], raises: string[]) {
  if (old === next) return;
  if (old === undefined) return void lowers.push(`riskBudget.warmStartSteps on (${next}): new versions may inherit`);
  if (next === undefined) return void raises.push('riskBudget.warmStartSteps off: inherited rules void');
  compare('riskBudget.warmStartSteps', old, next, lowers, raises);
}

/** Seconds from a task's creation to its expiry without a verdict (the contract's defaults where omitted). */
function reviewWindow(policy: RoutingPolicyDocument): number {
  return (policy.slaSeconds ?? DEFAULT_SLA_SECONDS) + (policy.expiry?.afterSeconds ?? DEFAULT_EXPIRY_SECONDS);
}

function compare(name: string, before: number, after: number, lowers: string[], raises: string[]): void {
  if (after < before) lowers.push(`${name} ${before} → ${after}`);
  if (after > before) raises.push(`${name} ${before} → ${after}`);
}

function compareTerms(prefix: string, old: Terms, next: Terms, lowers: string[], raises: string[]): void {
  compare(`${prefix}threshold`, old.threshold, next.threshold, lowers, raises);
  // A higher trust level is less oversight.
  const change = `${prefix}trustLevel ${old.trustLevel} → ${next.trustLevel}`;
  if (next.trustLevel > old.trustLevel) lowers.push(change);
  if (next.trustLevel < old.trustLevel) raises.push(change);
}

function modelVersions(old: RoutingPolicyDocument, next: RoutingPolicyDocument): string[] {
  const versions = [...(old.modelOverrides ?? []), ...(next.modelOverrides ?? [])].map((o) => o.modelVersion);
  return [...new Set(versions)].sort();
}

function effectiveTerms(policy: RoutingPolicyDocument, modelVersion: string): Terms {
  const override = (policy.modelOverrides ?? []).find((o) => o.modelVersion === modelVersion);
  return { threshold: override?.threshold ?? policy.threshold, trustLevel: override?.trustLevel ?? policy.trustLevel };
}

type Rule = { name: string; when: unknown; approvals?: number };

function compareRules(field: string, old: readonly Rule[], next: readonly Rule[], lowers: string[], raises: string[]) {
  const nextByName = new Map(next.map((rule) => [rule.name, rule]));
  const oldNames = new Set(old.map((rule) => rule.name));
  for (const rule of old) {
    const after = nextByName.get(rule.name);
    if (!after) lowers.push(`${field}: ${rule.name} removed`);
    else if (canonical(after.when) !== canonical(rule.when)) lowers.push(`${field}: ${rule.name} condition changed`);
    else if ((after.approvals ?? 0) < (rule.approvals ?? 0)) {
      lowers.push(`${field}: ${rule.name} approvals ${rule.approvals} → ${after.approvals}`);
    } else if ((after.approvals ?? 0) > (rule.approvals ?? 0)) {
      raises.push(`${field}: ${rule.name} approvals ${rule.approvals} → ${after.approvals}`);
    }
  }
  for (const rule of next) if (!oldNames.has(rule.name)) raises.push(`${field}: ${rule.name} added`);
}

/** JSON with object keys sorted, so that two spellings of one condition compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : inner,
  );
}
