import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNumber, IsOptional, Max, Min } from 'class-validator';

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
