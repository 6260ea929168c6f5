import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { WORKFLOW_NAME_PATTERN } from '@countersign/contracts';

/** Query string of GET /api/v1/outcomes/summary. */
export class SummaryQuery {
  @ApiPropertyOptional({ description: 'Count only this workflow.', example: 'contract-review' })
  @IsOptional()
  @Matches(WORKFLOW_NAME_PATTERN, { message: 'workflow must be kebab-case, e.g. contract-review' })
  workflow?: string;
}
