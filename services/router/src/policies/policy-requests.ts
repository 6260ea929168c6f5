import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RoutingPolicyDocument, WorkflowParam } from '@countersign/contracts';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class PutPolicyQuery {
  @ApiPropertyOptional({ description: 'Refuse (409) unless the current version is this one: optimistic concurrency.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  ifVersion?: number;
}

export class DryRunRequest {
  @ApiProperty({ description: 'The proposed policy' })
  @IsObject()
  @ValidateNested()
  @Type(() => RoutingPolicyDocument)
  policy!: RoutingPolicyDocument;

  @ApiPropertyOptional({
    description: 'How many recent decisions to replay',
    default: 1000,
    minimum: 1,
    maximum: 10000,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  sampleSize = 1000;
}

export class RotateSamplingSecretRequest {
  @ApiProperty({ description: 'Why the key is rotated; recorded in the policy history and on the audit trail.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class ProposalParam extends WorkflowParam {
  @IsUUID()
  id!: string;
}

/** Body of stop, resume and reject: why, for the audit trail. */
export class ReasonRequest {
  @ApiProperty({ example: 'model drift suspected after the 2.3 release', minLength: 3, maxLength: 2000 })
  @IsString()
  @Length(3, 2000)
  reason!: string;
}

/** Body of PUT /api/v1/policies/:workflow/two-person-rule. */
export class TwoPersonRuleRequest extends ReasonRequest {
  @ApiProperty({ description: 'false proposes switching it off (a second admin approves); true applies at once' })
  @IsBoolean()
  enabled!: boolean;
}
