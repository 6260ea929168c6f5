import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { MayBeOmitted } from '../events/may-be-omitted';
import { IsJsonObject, JsonObject } from '../events/scalar-record';

export const TRUST_LEVELS = [1, 2, 3, 4] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

const RULE_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

/** A declarative condition (JSON Logic) over the decision: confidence, model, attributes, flags. */
export class ReviewRule {
  @Matches(RULE_NAME, { message: 'name must be lower-case letters, digits, dot, dash or underscore' })
  name!: string;

  @IsJsonObject()
  @JSONSchema({
    description:
      'JSON Logic over {confidence, workflow, model: {name, version}, attributes: {<name>: scalar}, flags: [string]}, ' +
      'e.g. {">": [{"var": "attributes.amount"}, 100000]} or {"in": [{"var": "attributes.region"}, ["EU"]]}. ' +
      'Every operation must be a standard JSON Logic operation (log is not allowed).',
  })
  when!: JsonObject;
}

/** Decisions matching `when` need `approvals` distinct reviewers (four-eyes = 2). */
export class ApprovalRule extends ReviewRule {
  @IsInt()
  @Min(2)
  @Max(5)
  approvals!: number;
}

/** The trust ladder's rates; each workflow may override the defaults. */
export class TrustLadderSettings {
  @MayBeOmitted()
  @IsNumber()
  @Min(0.8)
  @Max(1)
  @JSONSchema({ description: 'Level 1: share of the remaining decisions that still go to review (at least 80%).' })
  level1ReviewRate = 0.8;

  @MayBeOmitted()
  @IsNumber()
  @Min(0)
  @Max(0.5)
  @JSONSchema({ description: 'Level 2: decisions within this distance above the threshold go to review.' })
  level2EdgeBand = 0.05;

  @MayBeOmitted()
  @IsNumber()
  @Min(0)
  @Max(1)
  level2SampleRate = 0.1;

  @MayBeOmitted()
  @IsNumber()
  @Min(0)
  @Max(1)
  level3SampleRate = 0.02;
}

/**
 * What a decision becomes when its review never finishes: `reject` (do not use the AI's output) or `hold` (do not use
 * it, and keep the case for a person outside Countersign). Either way downstream gets no output to act on.
 */
export const SAFE_DEFAULTS = ['reject', 'hold'] as const;
export type SafeDefault = (typeof SAFE_DEFAULTS)[number];

/** Seconds after the SLA (when review is escalated to the leads) at which an unfinished review expires, by default. */
export const DEFAULT_EXPIRY_SECONDS = 24 * 3600;

/** When a review that does not finish ends, and how: after the SLA, escalation; `afterSeconds` later, expiry. */
export class ReviewExpiry {
  @MayBeOmitted()
  @IsInt()
  @Min(1)
  @Max(30 * 24 * 3600)
  @JSONSchema({
    description:
      'Seconds after the SLA at which an unfinished review ends with the final outcome expired (the leads had this ' +
      'long after the escalation).',
  })
  afterSeconds: number = DEFAULT_EXPIRY_SECONDS;

  @MayBeOmitted()
  @IsIn(SAFE_DEFAULTS)
  @JSONSchema({ description: 'The safe default an expired decision carries: reject or hold.' })
  outcome: SafeDefault = 'hold';
}

/** A different threshold or trust level for one model version of the workflow. */
export class ModelOverride {
  @IsString()
  @Length(1, 100)
  modelVersion!: string;

  @MayBeOmitted()
  @IsNumber()
  @Min(0)
  @Max(1)
  threshold?: number;

  @MayBeOmitted()
  @IsIn(TRUST_LEVELS)
  trustLevel?: TrustLevel;
}

/** How a risk budget orders decisions: by confidence, or by the expected cost of an error (needs an error cost). */
export const RISK_MODES = ['confidence', 'expected-loss'] as const;
export type RiskMode = (typeof RISK_MODES)[number];

/**
 * The longest segment value a rule may name. A decision whose segment attribute is longer has no segment the router
 * could ever match to a rule, so it is routed as one whose segment is unknown.
 */
export const MAX_SEGMENT_LENGTH = 200;

/** Learned rules a budget holds at most: model versions × segments (feedback learns at most 20 segments a version). */
export const MAX_LEARNED_RULES = 100;

/**
 * The routing rule feedback certified for one model version — or, under the budget's opt-in `segmentBy`, one model
 * version × segment value — under the workflow's risk budget (issue #15, ADR 0007): release a decision when its safety
 * (confidence, or minus the expected cost of an error) is at least `cut`. Written by the feedback service, never by
 * hand; the router applies it only while the budget (and segmentation) it was certified for is the workflow's.
 */
export class LearnedRiskRule {
  @IsString()
  @Length(1, 100)
  modelVersion!: string;

  @IsIn(RISK_MODES)
  mode!: RiskMode;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @JSONSchema({ description: 'Release when safety >= cut: a confidence, or minus an expected error cost.' })
  cut!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.0001)
  @Max(0.5)
  @JSONSchema({ description: 'The budget (maxErrorRate) the rule was certified for.' })
  maxErrorRate!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.5)
  @Max(0.999)
  @JSONSchema({ description: 'The confidence (1 - delta) the rule was certified at.' })
  confidence!: number;

  @IsIn(TRUST_LEVELS)
  @JSONSchema({ description: 'The trust-ladder level shown for this version, derived from the share it releases.' })
  trustLevel!: TrustLevel;

  @IsJsonObject()
  @JSONSchema({
    description:
      'The evidence behind the rule, as feedback computed it: decisions observed, judged, released share, the ' +
      'inverse-propensity estimate of the released error and its upper bound, the p-value of the certifying test.',
  })
  evidence!: JsonObject;

  @IsString()
  @Length(1, 40)
  learnedAt!: string;

  @MayBeOmitted()
  @IsString()
  @Length(1, 100)
  @JSONSchema({
    description:
      'Warm start: the predecessor model version whose certified cut this rule releases at, until the version’s own ' +
      'evidence certifies one (assumes the version no worse than its predecessor there). Void without warmStartSteps.',
  })
  inheritedFrom?: string;

  @MayBeOmitted()
  @IsString()
  @Length(1, 100)
  @JSONSchema({
    description:
      'Rules per segment: the attribute the budget segmented by when this rule was certified (with segment). Void ' +
      'unless it is the budget’s segmentBy.',
  })
  segmentBy?: string;

  @MayBeOmitted()
  @IsString()
  @Length(1, MAX_SEGMENT_LENGTH)
  @JSONSchema({
    description:
      'Rules per segment: the value of segmentBy whose decisions of this model version the rule releases, ' +
      'certified on that segment’s evidence alone.',
  })
  segment?: string;
}

/**
 * A workflow's risk budget: release the most decisions while, with `confidence`, the error rate of the released ones is
 * at most `maxErrorRate`. A model version without a learned rule is reviewed in full. With `errorCostAttribute` and
 * `reviewCost`, decisions are ordered by the expected cost of an error instead of confidence (expected-loss mode).
 */
export class RiskBudgetSettings {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.0001)
  @Max(0.5)
  @JSONSchema({ description: 'Highest acceptable error rate of the decisions released without review, e.g. 0.02.' })
  maxErrorRate!: number;

  @MayBeOmitted()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.5)
  @Max(0.999)
  @JSONSchema({ description: 'Confidence of the guarantee (1 - delta), 0.95 by default.' })
  confidence = 0.95;

  @MayBeOmitted()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(0.5)
  @JSONSchema({
    description:
      'Share of the released decisions still sent to review at random: the evidence about what is released, ' +
      'and the drift monitor’s eyes. 0.05 by default.',
  })
  sampleRate = 0.05;

  @MayBeOmitted()
  @IsString()
  @Length(1, 100)
  @JSONSchema({ description: 'Expected-loss mode: the numeric attribute that is the cost of an error (e.g. amount).' })
  errorCostAttribute?: string;

  @MayBeOmitted()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e12)
  @JSONSchema({ description: 'Expected-loss mode: the cost of one review, in the unit of the error cost.' })
  reviewCost?: number;

  @MayBeOmitted()
  @IsInt()
  @Min(0)
  @Max(10)
  @JSONSchema({
    description:
      'Opt-in warm start (off when absent): a new model version releases at its predecessor’s certified cut moved ' +
      'this many cuts more conservative until its own evidence certifies one. Assumes the new version is no worse ' +
      'than its predecessor at that cut; the drift monitor watches it (ADR 0007).',
  })
  warmStartSteps?: number;

  @MayBeOmitted()
  @IsString()
  @Length(1, 100)
  @JSONSchema({
    description:
      'Opt-in rules per segment (off when absent): the decision attribute (e.g. region) whose string value splits ' +
      'each model version into segments, each learning its own rule on its own evidence, so the budget holds per ' +
      'segment. A decision without a string value goes to review (segment_unknown). Changing it voids every rule.',
  })
  segmentBy?: string;

  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(MAX_LEARNED_RULES)
  @ValidateNested({ each: true })
  @Type(() => LearnedRiskRule)
  @JSONSchema({
    description:
      'Rules feedback certified, one per model version (per model version × segment with segmentBy); written by ' +
      'feedback, not by hand.',
  })
  learnedRules: LearnedRiskRule[] = [];
}

/** Two budgets or confidences written by different services (JSON round trips, arithmetic) count as one within this. */
const SAME_BUDGET = 1e-12;

/**
 * Whether a learned rule was certified for this budget: same mode, maxErrorRate and confidence, the same segmentation
 * (a rule of a segment only while the budget segments by that attribute, a version-wide rule only while it does not),
 * and an inherited rule only under a warm start. The router applies only such rules and feedback revises only such
 * rules, so both must answer this one way — hence one predicate here, the only module both may import.
 */
export function certifiedFor(
  rule: Pick<LearnedRiskRule, 'mode' | 'maxErrorRate' | 'confidence' | 'inheritedFrom' | 'segmentBy' | 'segment'>,
  budget: Pick<
    RiskBudgetSettings,
    'maxErrorRate' | 'confidence' | 'errorCostAttribute' | 'warmStartSteps' | 'segmentBy'
  >,
): boolean {
  // A rule resting on a predecessor's evidence holds only under the warm start's assumption, which the budget states.
  if (rule.inheritedFrom !== undefined && budget.warmStartSteps === undefined) return false;
  // A segment's guarantee is about that segment of that segmentation; a version-wide one about no segment in particular.
  if (rule.segmentBy !== budget.segmentBy || (rule.segment === undefined) !== (budget.segmentBy === undefined)) {
    return false;
  }
  const mode: RiskMode = budget.errorCostAttribute === undefined ? 'confidence' : 'expected-loss';
  // An omitted confidence is the contract's default (the class initialiser does not run on plain objects).
  const confidence = budget.confidence ?? 0.95;
  return (
    rule.mode === mode &&
    Math.abs(rule.maxErrorRate - budget.maxErrorRate) < SAME_BUDGET &&
    Math.abs(rule.confidence - confidence) < SAME_BUDGET
  );
}

/** A workflow's routing policy as administrators write it (PUT /api/v1/policies/:workflow). */
export class RoutingPolicyDocument {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  @JSONSchema({ description: 'Decisions with confidence below this go to review (except at trust level 4).' })
  threshold!: number;

  @IsIn(TRUST_LEVELS)
  @JSONSchema({
    description: '1 high oversight, 2 edge band + ~10% sample, 3 spot-check ~2% + flagged, 4 autonomous with audit.',
  })
  trustLevel!: TrustLevel;

  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ReviewRule)
  alwaysReview: ReviewRule[] = [];

  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  @JSONSchema({ description: 'Flag patterns that always go to review; * matches any run of characters (anomaly:*).' })
  reviewFlags: string[] = [];

  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ApprovalRule)
  requiredApprovals: ApprovalRule[] = [];

  @MayBeOmitted()
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  slaSeconds = 24 * 3600;

  @MayBeOmitted()
  @IsObject()
  @ValidateNested()
  @Type(() => ReviewExpiry)
  @JSONSchema({ description: 'What happens when review does not finish: expiry after the SLA, with a safe default.' })
  expiry?: ReviewExpiry = new ReviewExpiry();

  @MayBeOmitted()
  @IsString()
  @Length(1, 100)
  @JSONSchema({ description: 'Seed of the deterministic sampling hash; change it to draw a different sample.' })
  sampleSeed = 'countersign';

  @MayBeOmitted()
  @IsObject()
  @ValidateNested()
  @Type(() => TrustLadderSettings)
  ladder: TrustLadderSettings = new TrustLadderSettings();

  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ModelOverride)
  modelOverrides: ModelOverride[] = [];

  @MayBeOmitted()
  @IsString()
  @Length(1, 100)
  @JSONSchema({ description: 'The attribute that measures error cost (e.g. amount); review queues order by it.' })
  errorCostAttribute?: string;

  @MayBeOmitted()
  @IsObject()
  @ValidateNested()
  @Type(() => RiskBudgetSettings)
  @JSONSchema({
    description:
      'The recommended way to configure (issue #15): a released-error budget with a guarantee, learned per model ' +
      'version by feedback. Rules, review flags and the threshold still send decisions to review first.',
  })
  riskBudget?: RiskBudgetSettings;
}

/** Body of PUT /api/v1/policies/:workflow: the new policy and why. */
export class PutPolicyRequest {
  @IsObject()
  @ValidateNested()
  @Type(() => RoutingPolicyDocument)
  policy!: RoutingPolicyDocument;

  @IsString()
  @Length(3, 2000)
  reason!: string;

  @MayBeOmitted()
  @IsString()
  @Length(1, 200)
  @JSONSchema({
    description:
      'Only from a service principal (the router refuses it from anyone else, 400): the admin whose setting this ' +
      "change follows (feedback's target). Stored with the proposal; that admin may not approve it either.",
  })
  onBehalfOf?: string;
}
