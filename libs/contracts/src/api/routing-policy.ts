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
}
