import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const interval = {
  type: 'object',
  properties: { estimate: { type: 'number' }, lower: { type: 'number' }, upper: { type: 'number' } },
} as const;

export class BacktestResultView {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The policy tried' }) policy!: object;
  @ApiProperty({ type: 'integer', description: 'Judged decisions with a stored propensity' }) judged!: number;
  @ApiProperty({ description: 'Decisions they stand for (sum of one over their propensities)' }) decisions!: number;
  @ApiProperty({ type: 'integer', description: 'Judged decisions the policy would release' }) releasedJudged!: number;
  @ApiProperty({ description: 'False when there are too few judgments; `note` says why' }) enough!: boolean;
  @ApiPropertyOptional() note?: string;
  @ApiProperty({ ...interval, description: 'Share of decisions sent to review, 95% interval' }) reviewShare!: object;
  @ApiProperty({ ...interval, description: 'Reviews over the decisions in scope' }) reviews!: object;
  @ApiProperty({ ...interval, description: 'Error rate of released decisions, 95% interval' }) releasedError!: object;
  @ApiProperty({ type: 'boolean', nullable: true, description: 'Released error upper bound within the budget' })
  withinBudget!: boolean | null;
  @ApiProperty({ ...interval, nullable: true, description: 'Expected cost per 1,000 decisions (95%, Bonferroni)' })
  costPer1000!: object | null;
}
