import { DecisionV1, MAX_SEGMENT_LENGTH, RiskControlFacts, riskRuleKey, TrustLevel } from '@countersign/contracts';
import { safetyOf as riskSafety } from '@countersign/statistics';
import { CompiledRiskBudget } from './compiled-policy';

export const RISK_UNCERTIFIED = 'risk_uncertified';
export const BELOW_RISK_CUT = 'below_risk_cut';
export const ERROR_COST_UNKNOWN = 'error_cost_unknown';
export const SEGMENT_UNKNOWN = 'segment_unknown';

/** What the risk budget adds to a decision's routing, beside the reasons the rules and threshold already gave. */
export interface RiskRouting {
  /**
   * risk_uncertified, below_risk_cut, or error_cost_unknown and segment_unknown (each that applies); empty when the
   * learned rule releases the decision.
   */
  readonly reasons: readonly string[];
  /** The level shown: the learned rule's (derived from the share it releases), 1 while none is certified. */
  readonly trustLevel: TrustLevel;
  readonly facts: RiskControlFacts;
}

/**
 * Routes a decision by its model version's learned rule (ADR 0007): released when its safety — confidence, or minus
 * the expected cost of an error in expected-loss mode — is at least the certified cut. A version with no certified
 * rule is reviewed in full (risk_uncertified): a new model version earns autonomy on its own evidence. A decision
 * that other reasons already send to review (`deterministic`) is outside the rule's population (`governed: false`):
 * it is never released, so it says nothing about the rule's released error.
 *
 * Under the opt-in `segmentBy` the rule is the model version × segment's: a segment earns autonomy on its own
 * evidence too. A decision without a usable segment value is reviewed (segment_unknown) and not governed — no rule
 * covers it, and the version-wide one is no fallback: it says nothing about any one segment (ADR 0007).
 */
export function riskRouting(
  decision: DecisionV1,
  budget: CompiledRiskBudget,
  deterministic: readonly string[],
): RiskRouting {
  const segment = segmentOf(decision, budget);
  const segmentKnown = budget.segmentBy === undefined || segment !== undefined;
  const rule = segmentKnown
    ? budget.rules.get(riskRuleKey({ modelVersion: decision.model.version, segmentBy: budget.segmentBy, segment }))
    : undefined;
  const errorCost = errorCostOf(decision, budget);
  const safety =
    budget.mode === 'confidence'
      ? decision.confidence
      : errorCost === undefined
        ? undefined
        : riskSafety('expected-loss', decision.confidence, errorCost) + 0;
  const unknowns = [...(safety === undefined ? [ERROR_COST_UNKNOWN] : []), ...(segmentKnown ? [] : [SEGMENT_UNKNOWN])];
  const reasons =
    unknowns.length > 0 || safety === undefined
      ? unknowns
      : rule === undefined
        ? [RISK_UNCERTIFIED]
        : safety < rule.cut
          ? [BELOW_RISK_CUT]
          : [];
  return {
    reasons,
    trustLevel: rule?.trustLevel ?? 1,
    facts: {
      mode: budget.mode,
      ...(safety === undefined ? {} : { safety }),
      ...(errorCost === undefined ? {} : { errorCost }),
      ...(rule === undefined ? {} : { cut: rule.cut }),
      sampleRate: budget.sampleRate,
      ...(budget.segmentBy === undefined ? {} : { segmentBy: budget.segmentBy }),
      ...(segment === undefined ? {} : { segment }),
      governed: deterministic.length === 0 && unknowns.length === 0,
    },
  };
}

/**
 * The decision's segment under `segmentBy`: its attribute's value when that is a string a rule could name (non-empty,
 * at most MAX_SEGMENT_LENGTH); undefined without segmentBy or without such a value. Only strings: coercing would make
 * 1 and "1" one segment, and a numeric attribute such as an amount would split the evidence without end.
 */
function segmentOf(decision: DecisionV1, budget: CompiledRiskBudget): string | undefined {
  if (budget.segmentBy === undefined) return undefined;
  const value = decision.attributes[budget.segmentBy];
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_SEGMENT_LENGTH ? value : undefined;
}

/** The decision's error cost in expected-loss mode; undefined in confidence mode or when it has no usable one. */
function errorCostOf(decision: DecisionV1, budget: CompiledRiskBudget): number | undefined {
  if (budget.errorCostAttribute === undefined) return undefined;
  const cost = decision.attributes[budget.errorCostAttribute];
  return typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? cost : undefined;
}
