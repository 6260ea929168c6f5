import {
  ApprovalRule,
  ModelOverride,
  ReviewExpiry,
  ReviewRule,
  RoutingPolicyDocument,
  TrustLadderSettings,
} from '@countersign/contracts';
import { CompiledPolicy, LadderRates, PolicyTerms } from './compiled-policy';
import { compileRiskBudget, riskBudgetProblems } from './compile-risk-budget';
import { compileFlagPattern, flagPatternProblem } from './flag-pattern';
import { jsonLogicProblems } from './json-logic-problems';
import { PolicyCompilationError, PolicyProblem } from './policy-compilation-error';

// What compilePolicy throws, importable from where it is called.
export { PolicyCompilationError } from './policy-compilation-error';
export type { PolicyProblem } from './policy-compilation-error';

/**
 * Checks a policy document beyond what its class-validator schema can (rules that are sound JSON Logic over fields
 * the rules can see, usable flag patterns, one override per model version, unique rule names) and compiles it for
 * routing. Throws PolicyCompilationError listing every problem.
 *
 * Expects a document that passed `validateEvent(RoutingPolicyDocument, ...)`: its ranges are trusted here.
 */
export function compilePolicy(workflow: string, version: number, document: RoutingPolicyDocument): CompiledPolicy {
  const problems = [
    ...versionProblems(version),
    ...ruleProblems('alwaysReview', document.alwaysReview),
    ...ruleProblems('requiredApprovals', document.requiredApprovals),
    ...flagProblems(document.reviewFlags),
    ...overrideProblems(document.modelOverrides),
    ...riskBudgetProblems(document.riskBudget),
  ];
  if (problems.length > 0) throw new PolicyCompilationError(workflow, problems);
  const terms: PolicyTerms = { threshold: document.threshold, trustLevel: document.trustLevel };
  return Object.freeze({
    workflow,
    version,
    terms,
    overrides: overridesByModelVersion(document.modelOverrides, terms),
    // Copies, so that whoever holds the document cannot change a compiled policy behind the router's back.
    alwaysReview: document.alwaysReview.map(({ name, when }) => ({ name, when: structuredClone(when) })),
    reviewFlags: document.reviewFlags.map(compileFlagPattern),
    requiredApprovals: document.requiredApprovals.map(({ name, when, approvals }) => ({
      name,
      when: structuredClone(when),
      approvals,
    })),
    slaSeconds: document.slaSeconds,
    expiry: resolveExpiry(document.expiry),
    sampleSeed: document.sampleSeed,
    // Unkeyed until ActivePolicies applies the sampling secret (withSamplingKey).
    sampleKey: document.sampleSeed,
    ladder: resolveLadder(document.ladder),
    ...(document.errorCostAttribute === undefined ? {} : { errorCostAttribute: document.errorCostAttribute }),
    ...(document.riskBudget === undefined ? {} : { riskBudget: compileRiskBudget(document.riskBudget) }),
    standingReasons: [],
  });
}

function versionProblems(version: number): PolicyProblem[] {
  return Number.isSafeInteger(version) && version >= 0
    ? []
    : [{ path: 'version', message: 'must be a whole number, 0 or more' }];
}

/** Names must be unique within a list: `rule:<name>` is how reviewers and statistics tell rules apart. */
function ruleProblems(field: string, rules: readonly (ReviewRule | ApprovalRule)[]): PolicyProblem[] {
  const firstIndex = new Map<string, number>();
  return rules.flatMap((rule, i) => {
    const logic = jsonLogicProblems(rule.when).map((message) => ({ path: `${field}[${i}].when`, message }));
    const earlier = firstIndex.get(rule.name);
    if (earlier === undefined) firstIndex.set(rule.name, i);
    const duplicate =
      earlier === undefined
        ? []
        : [{ path: `${field}[${i}].name`, message: `"${rule.name}" is already the name of ${field}[${earlier}]` }];
    return [...duplicate, ...logic];
  });
}

function flagProblems(patterns: readonly string[]): PolicyProblem[] {
  return patterns.flatMap((pattern, i) => {
    const problem = flagPatternProblem(pattern);
    if (problem !== undefined) return [{ path: `reviewFlags[${i}]`, message: problem }];
    const earlier = patterns.indexOf(pattern);
    return earlier < i ? [{ path: `reviewFlags[${i}]`, message: `repeats reviewFlags[${earlier}]` }] : [];
  });
}

/** Two overrides for one model version would make the one that applies depend on list order. */
function overrideProblems(overrides: readonly ModelOverride[]): PolicyProblem[] {
  return overrides.flatMap((override, i) => {
    const earlier = overrides.findIndex((other) => other.modelVersion === override.modelVersion);
    if (earlier < i) {
      const message = `model version "${override.modelVersion}" already has modelOverrides[${earlier}]`;
      return [{ path: `modelOverrides[${i}].modelVersion`, message }];
    }
    if (override.threshold === undefined && override.trustLevel === undefined) {
      return [{ path: `modelOverrides[${i}]`, message: 'must change threshold, trustLevel or both' }];
    }
    return [];
  });
}

function overridesByModelVersion(overrides: readonly ModelOverride[], terms: PolicyTerms): Map<string, PolicyTerms> {
  return new Map(
    overrides.map((override) => [
      override.modelVersion,
      { threshold: override.threshold ?? terms.threshold, trustLevel: override.trustLevel ?? terms.trustLevel },
    ]),
  );
}

/** Rates the workflow leaves out take the contract's defaults (TrustLadderSettings' initialisers: one source). */
function resolveLadder(ladder: Partial<TrustLadderSettings> | undefined): LadderRates {
  const defaults = new TrustLadderSettings();
  return {
    level1ReviewRate: ladder?.level1ReviewRate ?? defaults.level1ReviewRate,
    level2EdgeBand: ladder?.level2EdgeBand ?? defaults.level2EdgeBand,
    level2SampleRate: ladder?.level2SampleRate ?? defaults.level2SampleRate,
    level3SampleRate: ladder?.level3SampleRate ?? defaults.level3SampleRate,
  };
}

/** A policy stored before expiry existed has none: it takes the contract's defaults (ReviewExpiry's initialisers). */
function resolveExpiry(expiry: Partial<ReviewExpiry> | undefined): CompiledPolicy['expiry'] {
  const defaults = new ReviewExpiry();
  return Object.freeze({
    afterSeconds: expiry?.afterSeconds ?? defaults.afterSeconds,
    outcome: expiry?.outcome ?? defaults.outcome,
  });
}
