import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  MAX_SEGMENT_LENGTH,
  RISK_MODES,
  RiskMode,
  SAFE_DEFAULTS,
  SafeDefault,
  TRUST_LEVELS,
  TrustLevel,
} from '../api/routing-policy';
import { DecisionV1 } from './decision';
import { IsTimestamp } from './is-timestamp';
import { MayBeOmitted } from './may-be-omitted';

export const ROUTES = ['autonomous', 'review'] as const;
export type Route = (typeof ROUTES)[number];

/**
 * Under a risk budget, what the risk rule saw of a decision: feedback replays these, in routing order, to learn and
 * monitor the rule (issue #15). `governed` is false when a rule, flag, threshold or standing reason sent the decision to
 * review regardless of the risk rule: such decisions are never released, so they are no evidence about it.
 */
export class RiskControlFacts {
  @IsIn(RISK_MODES)
  mode!: RiskMode;

  @MayBeOmitted()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @JSONSchema({
    description: 'Confidence, or minus the expected cost of an error; absent when the error cost is unknown.',
  })
  safety?: number;

  @MayBeOmitted()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @JSONSchema({ description: 'Expected-loss mode: the cost of an error of this decision (its errorCostAttribute).' })
  errorCost?: number;

  @MayBeOmitted()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @JSONSchema({
    description: "The certified cut in force for the decision's model version; absent: none, all reviewed.",
  })
  cut?: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(1)
  @JSONSchema({ description: "The budget's random sample rate of released decisions." })
  sampleRate!: number;

  @MayBeOmitted()
  @IsString()
  @Length(1, 100)
  @JSONSchema({ description: "Rules per segment: the budget's segmentBy attribute the decision was routed under." })
  segmentBy?: string;

  @MayBeOmitted()
  @IsString()
  @Length(1, MAX_SEGMENT_LENGTH)
  @JSONSchema({
    description:
      "Rules per segment: the decision's value of segmentBy, whose rule decided; absent when the value is missing or " +
      'not a string (then segment_unknown: reviewed, not governed).',
  })
  segment?: string;

  @IsBoolean()
  governed!: boolean;
}

/** The routing facts every downstream consumer needs: why a decision went where it went, under which policy. */
export class RoutingFacts {
  @IsIn(ROUTES)
  route!: Route;

  // Sized for the most the router can give: unknown_workflow, below_threshold, 50 rules, the decision's 100 flags,
  // edge_band, trust_level_1 and random_sample; a flag reason is `flag:` and a flag of up to 200 characters.
  @IsArray()
  @ArrayMaxSize(160)
  @IsString({ each: true })
  @MaxLength(205, { each: true })
  @JSONSchema({
    description:
      'Every reason that applied: unknown_workflow, autonomy_stopped, below_threshold, rule:<name>, flag:<flag>, edge_band, ' +
      'trust_level_1, random_sample; under a risk budget also risk_uncertified, below_risk_cut, error_cost_unknown, ' +
      'segment_unknown. ' +
      'Empty when the route is autonomous.',
  })
  reasons!: string[];

  @IsInt()
  @Min(0)
  @JSONSchema({ description: 'The policy version the decision was evaluated against (0 = built-in default).' })
  policyVersion!: number;

  @IsIn(TRUST_LEVELS)
  @JSONSchema({ description: 'The trust level applied, after any model-version override (1 = high oversight).' })
  trustLevel!: TrustLevel;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  @JSONSchema({ description: 'The confidence threshold applied, after any model-version override.' })
  threshold!: number;

  @IsBoolean()
  @JSONSchema({ description: 'True when the decision was chosen by random sampling: an unbiased sample.' })
  randomSample!: boolean;

  // Optional only so events from routers older than issue #15 stay valid; the router always sets it.
  @MayBeOmitted()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  @JSONSchema({
    description:
      'The probability, fixed before the sample was drawn, that this decision goes to review: 1 when a reason other ' +
      'than sampling applies, else the sample rate of its trust level (0 at level 4, where only audits look). ' +
      'Feedback weights judgments by its inverse to estimate the error of any policy without bias (issue #15).',
  })
  reviewPropensity?: number;

  @IsInt()
  @Min(1)
  @Max(5)
  @JSONSchema({ description: 'Distinct approvals a review needs (four-eyes = 2).' })
  requiredApprovals!: number;

  @MayBeOmitted()
  @IsInt()
  @Min(60)
  @JSONSchema({ description: 'Review SLA in seconds, when the decision goes to review.' })
  slaSeconds?: number;

  @MayBeOmitted()
  @IsInt()
  @Min(1)
  @JSONSchema({
    description:
      'Seconds after the SLA at which an unfinished review expires (final outcome expired), when the decision goes ' +
      "to review; absent from older routers, then the review service's default applies.",
  })
  expirySeconds?: number;

  @MayBeOmitted()
  @IsIn(SAFE_DEFAULTS)
  @JSONSchema({
    description: 'The safe default (reject or hold) of an expired review, when the decision goes to review.',
  })
  safeDefault?: SafeDefault;

  @MayBeOmitted()
  @IsString()
  @MaxLength(100)
  @JSONSchema({
    description: "The attribute measuring this workflow's error cost (e.g. amount); review queues order by it.",
  })
  errorCostAttribute?: string;

  @MayBeOmitted()
  @IsObject()
  @ValidateNested()
  @Type(() => RiskControlFacts)
  @JSONSchema({ description: 'Present when the workflow routes by a risk budget (issue #15).' })
  riskControl?: RiskControlFacts;
}

/** Published on `countersign.decisions.routed` for every valid decision, exactly once. */
export class RoutedDecisionV1 {
  @IsIn([1])
  schemaVersion!: 1;

  @IsString()
  @MaxLength(200)
  decisionId!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => RoutingFacts)
  routing!: RoutingFacts;

  @IsObject()
  @ValidateNested()
  @Type(() => DecisionV1)
  decision!: DecisionV1;

  @IsTimestamp()
  routedAt!: string;
}

export const REVIEW_KINDS = ['review', 'audit'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** Published on `countersign.review.requested`: a human must look at this decision. */
export class ReviewRequestedV1 {
  @IsIn([1])
  schemaVersion!: 1;

  @IsString()
  @MaxLength(200)
  decisionId!: string;

  @IsIn(REVIEW_KINDS)
  @JSONSchema({
    description: 'review: routed to review before release; audit: a released decision checked afterwards.',
  })
  kind!: ReviewKind;

  @IsObject()
  @ValidateNested()
  @Type(() => RoutingFacts)
  routing!: RoutingFacts;

  @IsObject()
  @ValidateNested()
  @Type(() => DecisionV1)
  decision!: DecisionV1;

  @IsTimestamp()
  requestedAt!: string;
}
