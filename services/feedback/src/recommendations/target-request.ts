import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNumber, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { WorkflowParam } from '@countersign/contracts';

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
  // Absent means false; null is refused (IsOptional would let it through to a NOT NULL column and into a proposal).
  @ValidateIf((_request: TargetRequest, value: unknown) => value !== undefined)
  @IsBoolean()
  autoApply = false;
}

/** The path of a target proposal: /api/v1/targets/:workflow/proposals/:id. */
export class TargetProposalParam extends WorkflowParam {
  @IsUUID()
  id!: string;
}

/** Body of POST .../proposals/:id/reject: why, for the audit trail. */
export class RejectTargetProposalRequest {
  @ApiProperty({ example: 'a 5 % error rate is more than this workflow may release', minLength: 3, maxLength: 2000 })
  @IsString()
  @Length(3, 2000)
  reason!: string;
}

/** A workflow's target as stored or proposed. */
export class TargetView {
  @ApiProperty({ example: 0.01 }) maxErrorRate!: number;
  @ApiProperty() autoApply!: boolean;
}

/** A target change that accepts more released error, waiting for (or decided by) a second admin. */
export class TargetProposalView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() workflow!: string;
  @ApiProperty({ type: TargetView, description: 'The proposed target' }) target!: TargetView;
  @ApiProperty({
    type: TargetView,
    description: 'The target in force when it was proposed (approving after the target changed: 409 superseded)',
  })
  baseTarget!: TargetView;
  @ApiProperty({ type: [String], description: 'How it lowers oversight' }) lowers!: string[];
  @ApiProperty({ description: 'The token subject that proposed it (may not approve it)' }) proposedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected', 'superseded'] }) status!: string;
  @ApiProperty({ type: String, nullable: true }) decidedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was rejected or superseded, or `applied`' })
  note!: string | null;
}
