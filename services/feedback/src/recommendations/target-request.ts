import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { WORKFLOW_NAME_PATTERN } from '@countersign/contracts';

export class WorkflowParam {
  @Matches(WORKFLOW_NAME_PATTERN, { message: 'workflow must be kebab-case, e.g. contract-review' })
  workflow!: string;
}

/** Body of PUT /api/v1/targets/:workflow. */
export class TargetRequest {
  @ApiProperty({ example: 0.01, description: 'Highest acceptable error rate of released decisions, 0.0001..0.5' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.0001)
  @Max(0.5)
  maxErrorRate!: number;

  @ApiPropertyOptional({
    default: false,
    description:
      "Apply this workflow's recommendations through the router's policy API (versioned and audited there). Off by default: recommendations are advice.",
  })
  @IsOptional()
  @IsBoolean()
  autoApply = false;
}
