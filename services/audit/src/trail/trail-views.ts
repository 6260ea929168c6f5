import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditCheckpointV1 } from '@countersign/contracts';

// The answers of the trail and checkpoint APIs as OpenAPI schemas (what TrailStore, TrailVerifier and
// CheckpointsService return).

export class ChainHeadView {
  @ApiProperty({ type: 'integer' }) chain!: number;
  @ApiProperty({ type: 'integer' }) seq!: number;
  @ApiProperty({ description: 'SHA-256, hex' }) hash!: string;
}

export class TrailRecordView {
  @ApiProperty({ type: 'integer' }) chain!: number;
  @ApiProperty({ type: 'integer' }) seq!: number;
  @ApiProperty() eventId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The AuditEventV1 as published' })
  event!: object;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
}

export class HistoryEventView {
  @ApiProperty({ type: 'integer' }) chain!: number;
  @ApiProperty({ type: 'integer' }) seq!: number;
  @ApiProperty() hash!: string;
  @ApiProperty() prevHash!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The AuditEventV1 as published' })
  event!: object;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'W3C trace id of the work that produced the event (not hashed; null when none was carried)',
  })
  traceId!: string | null;
}

export class DecisionHistoryView {
  @ApiProperty() decisionId!: string;
  @ApiProperty({ type: () => [HistoryEventView], description: 'Oldest first' }) events!: HistoryEventView[];
}

export class BrokenRecordView {
  @ApiProperty({ type: 'integer' }) chain!: number;
  @ApiProperty({ type: 'integer' }) seq!: number;
  @ApiProperty({ type: String, nullable: true }) eventId!: string | null;
  @ApiProperty({ description: 'What is wrong: altered, unlinked, missing, ...' }) problem!: string;
}

export class TrailVerificationView {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: 'integer' }) chains!: number;
  @ApiProperty({ type: 'integer' }) recordsChecked!: number;
  @ApiPropertyOptional({ type: () => BrokenRecordView, description: 'The first broken record; absent when intact' })
  broken?: BrokenRecordView;
}

export class CheckpointCheckView {
  @ApiProperty() checkpointId!: string;
  @ApiProperty() signatureValid!: boolean;
  @ApiProperty({ type: [Number], description: 'Chains that no longer carry the checkpointed hash' })
  divergedChains!: number[];
}

export class LatestCheckpointView {
  @ApiProperty({ type: () => AuditCheckpointV1 }) checkpoint!: AuditCheckpointV1;
  @ApiProperty({ type: () => CheckpointCheckView }) check!: CheckpointCheckView;
}
