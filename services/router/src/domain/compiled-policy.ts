import { JsonObject, RiskMode, RiskRuleScope, SafeDefault, TrustLevel } from '@countersign/contracts';

/** The two settings a model-version override may change; routing reads them from here, overridden or not. */
export interface PolicyTerms {
  readonly threshold: number;
  readonly trustLevel: TrustLevel;
}

/** The trust ladder's rates, every one resolved (the workflow's own or the default). */
export interface LadderRates {
  readonly level1ReviewRate: number;
  readonly level2EdgeBand: number;
  readonly level2SampleRate: number;
  readonly level3SampleRate: number;
}

/** A rule whose JSON Logic was checked to use known operations and fields (see jsonLogicProblems). */
export interface CompiledRule {
  readonly name: string;
  readonly when: JsonObject;
}

export interface CompiledApprovalRule extends CompiledRule {
  readonly approvals: number;
}

/** A learned rule the router applies to one model version (× segment): release when safety >= cut. */
export interface CompiledRiskRule {
  readonly scope: RiskRuleScope;
  readonly cut: number;
  readonly trustLevel: TrustLevel;
}

/**
 * A workflow's risk budget, ready to route by: the learned rules kept are only those certified for this very budget
 * and mode (a changed budget voids them, so every version is reviewed in full until feedback certifies again).
 */
export interface CompiledRiskBudget {
  readonly mode: RiskMode;
  readonly maxErrorRate: number;
  readonly confidence: number;
  readonly sampleRate: number;
  readonly errorCostAttribute?: string;
  readonly reviewCost?: number;
  /** Rules per segment: the attribute whose string value picks a decision's rule within its model version. */
  readonly segmentBy?: string;
  /** By model version (× segment), keyed by the contracts' riskRuleKey. */
  readonly rules: ReadonlyMap<string, CompiledRiskRule>;
}

/**
 * A workflow's routing policy, checked and ready to evaluate per decision: defaults resolved, flag patterns compiled,
 * overrides indexed by model version. Only compilePolicy and defaultPolicy build one, so routing can trust it.
 */
export interface CompiledPolicy {
  readonly workflow: string;
  /** 0 is the built-in default for an unknown workflow; stored policies count from 1. */
  readonly version: number;
  readonly terms: PolicyTerms;
  /** By model version: the workflow's terms with the override's changes applied. */
  readonly overrides: ReadonlyMap<string, PolicyTerms>;
  readonly alwaysReview: readonly CompiledRule[];
  readonly reviewFlags: readonly RegExp[];
  readonly requiredApprovals: readonly CompiledApprovalRule[];
  readonly slaSeconds: number;
  /** After the SLA, how long until an unfinished review expires, and the safe default it then takes. */
  readonly expiry: { readonly afterSeconds: number; readonly outcome: SafeDefault };
  /** The policy's public sampling label (RoutingPolicyDocument.sampleSeed): changing it draws a fresh sample. */
  readonly sampleSeed: string;
  /**
   * The key random sampling hashes decision ids with. Compiling sets the bare seed; the router routes only with
   * policies keyed by withSamplingKey (from the server-side sampling secret), which producers cannot predict.
   */
  readonly sampleKey: string | Buffer;
  readonly ladder: LadderRates;
  readonly errorCostAttribute?: string;
  readonly riskBudget?: CompiledRiskBudget;
  /** Reasons that send every decision to review, first in the list; only the unknown-workflow default has one. */
  readonly standingReasons: readonly string[];
}
