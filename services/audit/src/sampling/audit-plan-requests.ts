import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { WorkflowParam } from '@countersign/contracts';
import { AUDIT_PERIODS, AuditPeriod } from '../domain/audit-plan';

/** A share of decisions, 0..1. */
const IsRate = () => applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false }), Min(0), Max(1));

class RatesByTrustLevel {
  @ApiProperty({ example: 0.2 })
  @IsRate()
  1!: number;

  @ApiProperty({ example: 0.1 })
  @IsRate()
  2!: number;

  @ApiProperty({ example: 0.05 })
  @IsRate()
  3!: number;

  @ApiProperty({ example: 0.02 })
  @IsRate()
  4!: number;
}

/** Body of PUT /api/v1/audit-plans/:workflow. */
export class AuditPlanRequest {
  @ApiProperty({ type: RatesByTrustLevel, description: 'Share of autonomous decisions checked per trust level.' })
  @IsObject()
  @ValidateNested()
  @Type(() => RatesByTrustLevel)
  ratesByTrustLevel!: RatesByTrustLevel;

  @ApiProperty({ description: 'Audit checks per period at least, spread over the confidence buckets.', example: 30 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  minimumPerPeriod!: number;

  @ApiProperty({ enum: AUDIT_PERIODS, example: 'week' })
  @IsIn(AUDIT_PERIODS)
  period!: AuditPeriod;

  @ApiProperty({ type: [Number], description: 'Ascending confidence cut points in (0, 1).', example: [0.8, 0.9, 0.95] })
  @IsArray()
  @ArrayMaxSize(10)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  @Min(0.000001, { each: true })
  @Max(0.999999, { each: true })
  confidenceCuts!: number[];
}

/** The path of an audit-plan proposal: /api/v1/audit-plans/:workflow/proposals/:id. */
export class PlanProposalParam extends WorkflowParam {
  @IsUUID()
  id!: string;
}

/** Body of POST .../proposals/:id/reject: why, for the audit trail. */
export class RejectPlanProposalRequest {
  @ApiProperty({ example: 'the high-confidence band must keep its own checks', minLength: 3, maxLength: 2000 })
  @IsString()
  @Length(3, 2000)
  reason!: string;
}
