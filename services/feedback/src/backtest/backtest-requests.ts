import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { WORKFLOW_NAME_PATTERN } from '@countersign/contracts';
import { JudgmentScope } from '../statistics/judgment-scope';

/** A finite number in [min, max], from JSON or the query string. */
const IsBounded = (min: number, max: number) =>
  applyDecorators(
    Type(() => Number),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(min),
    Max(max),
  );

/** What every backtest asks about: one workflow's judged history (optionally a version and window) and a sample rate. */
// JudgmentScope's workflow is optional (statistics pool the granted workflows); a backtest is of one workflow, and the
// optional marker would survive a redeclaration here, so the field is left out and declared anew (without
// @IsOptional, @Matches refuses a missing workflow).
export class BacktestScope extends OmitType(JudgmentScope, ['workflow'] as const) {
  @ApiProperty({ example: 'contract-review' })
  @Matches(WORKFLOW_NAME_PATTERN, { message: 'workflow must be kebab-case, e.g. contract-review' })
  workflow!: string;

  @ApiPropertyOptional({ description: 'Share of all decisions sampled at random for review (default 0.05).' })
  @IsOptional()
  @IsBounded(0, 1)
  sampleRate?: number;

  @ApiPropertyOptional({ description: 'Highest acceptable released-error rate, e.g. 0.02.', example: 0.02 })
  @IsOptional()
  @IsBounded(0, 1)
  budget?: number;

  @ApiPropertyOptional({ description: 'Cost of one review (with errorCost: the expected cost).' })
  @IsOptional()
  @IsBounded(0, 1e12)
  reviewCost?: number;

  @ApiPropertyOptional({ description: 'Cost of one released error (with reviewCost: the expected cost).' })
  @IsOptional()
  @IsBounded(0, 1e12)
  errorCost?: number;
}

/** Body of POST /api/v1/backtest. */
export class BacktestRequest extends BacktestScope {
  @ApiProperty({ description: 'Release decisions with at least this confidence.', example: 0.85 })
  @IsBounded(0, 1)
  threshold!: number;
}
