import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_PERIODS } from '../domain/audit-plan';

// The answers of the reports and audit-plan APIs as OpenAPI schemas (AuditReport, AuditPlan).

const counts = { type: 'object', additionalProperties: { type: 'integer' } } as const;
/** An estimate with its 95% interval. */
export class IntervalView {
  @ApiProperty({ type: 'number' }) estimate!: number;
  @ApiProperty({ type: 'number' }) lower!: number;
  @ApiProperty({ type: 'number' }) upper!: number;
}

export class AuditReportView {
  @ApiProperty() workflow!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: 'integer' }) decisions!: number;
  @ApiProperty({ type: 'integer' }) autonomous!: number;
  @ApiProperty({ type: 'integer' }) reviewed!: number;
  @ApiProperty({ ...counts, description: 'Final outcome → decisions' }) outcomes!: Record<string, number>;
  @ApiProperty({ ...counts, description: 'Routing reason → decisions sent to review' }) byReason!: Record<
    string,
    number
  >;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'sampled, judged, errorsFound, strata' })
  audit!: object;
  @ApiProperty({
    type: () => IntervalView,
    nullable: true,
    description: 'Error rate of autonomous decisions, 95% Wilson interval (and unjudgedReleased)',
  })
  autonomousErrorRate!: IntervalView | null;
  @ApiProperty({
    type: () => IntervalView,
    nullable: true,
    description: 'Errors caught in review against all errors, 95% interval',
  })
  catchRate!: IntervalView | null;
  @ApiProperty({ type: 'integer' }) caughtInReview!: number;
  @ApiProperty({ type: 'integer' }) slaBreaches!: number;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  trustLevelChanges!: object[];
}

export class AuditPlanView {
  @ApiProperty() workflow!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Trust level (1-4) → share of autonomous decisions sampled',
  })
  ratesByTrustLevel!: Record<string, number>;
  @ApiProperty({ type: 'integer' }) minimumPerPeriod!: number;
  @ApiProperty({ enum: AUDIT_PERIODS }) period!: string;
  @ApiProperty({ type: [Number] }) confidenceCuts!: number[];
}

export class AuditPlanProposalView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() workflow!: string;
  @ApiProperty({ type: AuditPlanView, description: 'The proposed plan' }) plan!: AuditPlanView;
  @ApiProperty({
    type: AuditPlanView,
    description: 'The plan in force when it was proposed (approving after the plan changed: 409 superseded)',
  })
  basePlan!: AuditPlanView;
  @ApiProperty({ type: [String], description: 'How it lowers post-release oversight' }) lowers!: string[];
  @ApiProperty({ description: 'The token subject that proposed it (may not approve it)' }) proposedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected', 'superseded'] }) status!: string;
  @ApiProperty({ type: String, nullable: true }) decidedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was rejected or superseded, or `applied`' })
  note!: string | null;
}
