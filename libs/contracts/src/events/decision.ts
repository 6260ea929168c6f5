import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { IsTimestamp } from './is-timestamp';
import { MayBeOmitted } from './may-be-omitted';
import { IsJsonObject, IsScalarRecord, JsonObject, ScalarRecord } from './scalar-record';

export const WORKFLOW_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class ModelRef {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  version!: string;
}

/**
 * A decision made by an AI system, produced onto `countersign.decisions` by a platform team, keyed by `id`.
 * `id` is the idempotency key: the same id sent twice is one decision.
 */
@JSONSchema({ description: 'An AI decision submitted for oversight (topic countersign.decisions, key = id).' })
export class DecisionV1 {
  @IsIn([1])
  @JSONSchema({ description: 'Version of this payload schema.' })
  schemaVersion!: 1;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @JSONSchema({ description: 'Idempotency key of the decision; also the Kafka record key.' })
  id!: string;

  @IsString()
  @Matches(WORKFLOW_NAME_PATTERN, { message: 'workflow must be kebab-case, e.g. contract-review' })
  workflow!: string;

  // IsObject because ValidateNested alone lets an array through (it validates each element of [] and finds none).
  @IsObject()
  @ValidateNested()
  @Type(() => ModelRef)
  model!: ModelRef;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  @JSONSchema({ description: "The model's confidence in its output, 0..1." })
  confidence!: number;

  @IsJsonObject()
  @JSONSchema({ description: "The AI's decision, a JSON object shaped by the workflow." })
  output!: JsonObject;

  @MayBeOmitted()
  @IsJsonObject()
  @JSONSchema({ description: 'What the model saw, for reviewers.' })
  input?: JsonObject;

  @MayBeOmitted()
  @IsJsonObject()
  @JSONSchema({ description: 'Evidence for reviewers, e.g. source text spans.' })
  evidence?: JsonObject;

  @MayBeOmitted()
  @IsScalarRecord()
  @JSONSchema({ description: 'Scalars that policy rules read, e.g. amount, region. Defaults to {}.' })
  attributes: ScalarRecord = {};

  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  @JSONSchema({ description: 'Labels raised by the producer, e.g. anomaly:liability-cap. Defaults to [].' })
  flags: string[] = [];

  @IsTimestamp()
  @JSONSchema({ description: 'When the AI made the decision (RFC 3339 date-time with offset).' })
  occurredAt!: string;
}
