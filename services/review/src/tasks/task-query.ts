import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { WORKFLOW_NAME_PATTERN } from '@countersign/contracts';

/** Query string of GET /api/v1/tasks. */
export class TaskQuery {
  @ApiPropertyOptional({ description: 'Only the tasks of this decision.', maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  decisionId?: string;

  @ApiPropertyOptional({ description: 'Only the tasks of this workflow.', example: 'contract-review' })
  @IsOptional()
  @Matches(WORKFLOW_NAME_PATTERN, { message: 'workflow must be kebab-case, e.g. contract-review' })
  workflow?: string;

  @ApiPropertyOptional({ description: 'Most tasks to return.', type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}
