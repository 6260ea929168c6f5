import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { OneWorkflowScope } from '../statistics/judgment-scope';

/** A finite number in [min, max], from JSON or the query string. */
const IsBounded = (min: number, max: number) =>
  applyDecorators(
    Type(() => Number),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(min),
    Max(max),
  );

/** What every backtest asks about: one workflow's judged history (optionally a version and window) and a sample rate. */
export class BacktestScope extends OneWorkflowScope {
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
