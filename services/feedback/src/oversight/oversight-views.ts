import { ApiProperty } from '@nestjs/swagger';

// The oversight series as an OpenAPI schema; the statistics inside (Proportion, CatchRate, Calibration,
// ReviewerQuality) are the same objects the metrics and reviewers operations describe.
const statistics = { type: 'object', additionalProperties: true } as const;

export class OversightWeekView {
  @ApiProperty({ format: 'date-time', description: 'Monday 00:00 UTC' }) weekStart!: string;
  @ApiProperty({ type: 'integer' }) decisions!: number;
  @ApiProperty({ type: 'integer' }) reviewed!: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'reviewed / decisions (a count, not a sample)' })
  reviewShare!: number | null;
  @ApiProperty({ type: 'integer' }) expired!: number;
  @ApiProperty({ type: 'integer' }) withdrawn!: number;
  @ApiProperty({ ...statistics, description: 'Released error rate from audit samples, 95% Wilson interval' })
  releasedError!: object;
  @ApiProperty({ enum: ['within', 'over', 'undetermined', 'no-budget'] }) budget!: string;
  @ApiProperty({ ...statistics, description: 'Catch rate with its 95% interval' }) catchRate!: object;
  @ApiProperty({ description: 'Fewer audits than smallSample behind the released-error interval' })
  smallSample!: boolean;
}

export class OversightSeriesView {
  @ApiProperty() workflow!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: 'number', nullable: true, description: 'The budget; null when none is set' })
  maxErrorRate!: number | null;
  @ApiProperty({ type: 'integer', description: 'Trials under which an interval is marked as a small sample' })
  smallSample!: number;
  @ApiProperty({ type: () => OversightWeekView, isArray: true }) weeks!: OversightWeekView[];
  @ApiProperty({ type: 'array', items: statistics, description: 'Reliability table per model version' })
  calibration!: object[];
  @ApiProperty({ type: 'array', items: statistics, description: 'Reviewer quality, as GET /api/v1/reviewers' })
  reviewers!: object[];
}
