import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { SAFE_DEFAULTS, SafeDefault } from '../api/routing-policy';
import { ModelRef } from './decision';
import { IsJsonObjectOrNull } from './is-json-object-or-null';
import { IsTimestamp } from './is-timestamp';
import { MayBeOmitted } from './may-be-omitted';
import { REVIEW_KINDS, ReviewKind, RoutingFacts } from './routing';
import { IsJsonObject, JsonObject } from './scalar-record';

/**
 * autonomous: released without review. approved, corrected, rejected: reviewed. expired: review did not finish in the
 * policy's window and the decision took its safe default (`safeDefault`). withdrawn: a lead cancelled the review.
 */
export const FINAL_OUTCOMES = ['autonomous', 'approved', 'corrected', 'rejected', 'expired', 'withdrawn'] as const;
export type FinalOutcome = (typeof FINAL_OUTCOMES)[number];

/** The outcomes that release no output: downstream must not act on the AI's output. */
export const OUTCOMES_WITHOUT_OUTPUT = ['rejected', 'expired', 'withdrawn'] as const;

/**
 * Published on `countersign.decisions.final`: the one outcome downstream systems act on, exactly one per decision.
 * `finalOutput` is what to act on; it is null when the decision was rejected and must not be used.
 */
export class FinalDecisionV1 {
  @IsIn([1])
  schemaVersion!: 1;

  @IsString()
  @MaxLength(200)
  decisionId!: string;

  @IsString()
  @MaxLength(63)
  workflow!: string;

  @IsIn(FINAL_OUTCOMES)
  outcome!: FinalOutcome;

  @IsJsonObjectOrNull({ property: 'outcome', equals: OUTCOMES_WITHOUT_OUTPUT })
  @JSONSchema({ description: 'The output to act on; null when rejected, expired or withdrawn.' })
  finalOutput!: JsonObject | null;

  @MayBeOmitted()
  @IsIn(SAFE_DEFAULTS)
  @JSONSchema({
    description:
      "When the outcome is expired: the workflow policy's safe default, reject (treat as rejected) or hold (do not " +
      'act; a person outside Countersign takes the case).',
  })
  safeDefault?: SafeDefault;

  @IsObject()
  @ValidateNested()
  @Type(() => ModelRef)
  model!: ModelRef;

  @IsNumber()
  @Min(0)
  @Max(1)
  confidence!: number;

  @IsObject()
  @ValidateNested()
  @Type(() => RoutingFacts)
  routing!: RoutingFacts;

  @IsTimestamp()
  decidedAt!: string;
}

export const VERDICTS = ['approve', 'reject', 'correct'] as const;
export type VerdictKind = (typeof VERDICTS)[number];

/** One field that a reviewer changed: a JSON Pointer into the output, with the AI's and the human's value. */
export class FieldChange {
  @IsString()
  @MaxLength(1000)
  path!: string;

  @MayBeOmitted()
  @Allow()
  @JSONSchema({ description: "The AI's value (absent when the reviewer added the field)." })
  before?: unknown;

  @MayBeOmitted()
  @Allow()
  @JSONSchema({ description: "The reviewer's value (absent when the reviewer removed the field)." })
  after?: unknown;
}

/** A reviewer of the task whom the rubber-stamp guard asked "did you check the evidence?" before their verdict. */
export class GuardPrompt {
  @IsString()
  @MaxLength(200)
  reviewer!: string;

  @IsBoolean()
  @JSONSchema({ description: 'True when the reviewer went back to the evidence instead of approving from the prompt.' })
  reconsidered!: boolean;
}

/** Published on `countersign.review.completed` when a human judgment is final: training data for feedback. */
export class ReviewCompletedV1 {
  @IsIn([1])
  schemaVersion!: 1;

  @IsString()
  @MaxLength(200)
  decisionId!: string;

  @IsString()
  @MaxLength(100)
  taskId!: string;

  @IsIn(REVIEW_KINDS)
  kind!: ReviewKind;

  @IsString()
  @MaxLength(63)
  workflow!: string;

  @IsIn(VERDICTS)
  verdict!: VerdictKind;

  @IsJsonObject()
  aiOutput!: JsonObject;

  @MayBeOmitted()
  @IsJsonObject()
  @JSONSchema({ description: "What the model saw (the decision's input), when the producer sent one: training data." })
  input?: JsonObject;

  @IsJsonObjectOrNull({ property: 'verdict', equals: 'reject' })
  @JSONSchema({
    description: "The AI's output when approved, the corrected output when corrected; null when rejected.",
  })
  finalOutput!: JsonObject | null;

  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldChange)
  diff!: FieldChange[];

  @MayBeOmitted()
  @IsString()
  @MaxLength(100)
  reasonCode?: string;

  @MayBeOmitted()
  @IsString()
  @MaxLength(4000)
  comment?: string;

  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  reviewers!: string[];

  @IsInt()
  @Min(0)
  timeOnTaskMs!: number;

  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => GuardPrompt)
  @JSONSchema({
    description:
      'The reviewers the rubber-stamp guard prompted before their verdict (absent: nobody was, or the client has no guard).',
  })
  guardPrompts?: GuardPrompt[];

  @IsObject()
  @ValidateNested()
  @Type(() => RoutingFacts)
  routing!: RoutingFacts;

  @IsObject()
  @ValidateNested()
  @Type(() => ModelRef)
  model!: ModelRef;

  @IsNumber()
  @Min(0)
  @Max(1)
  confidence!: number;

  @IsTimestamp()
  completedAt!: string;
}
