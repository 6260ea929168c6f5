import { ApiProperty } from '@nestjs/swagger';

// The answers of the metrics and reviewers APIs as OpenAPI schemas (FeedbackMetricsReport, ReviewerQuality). The
// statistics inside are free-form objects here: their members are described in the operations' descriptions.

const statistics = { type: 'object', additionalProperties: true } as const;

export class FeedbackMetricsReportView {
  @ApiProperty({
    type: 'array',
    items: statistics,
    description: 'Accuracy (95% Wilson) and calibration per workflow × model version, from unbiased samples only',
  })
  models!: object[];

  @ApiProperty({ type: 'array', items: statistics, description: 'Error catch rate per workflow' })
  catchRates!: object[];
}

export class ReviewerQualityView {
  @ApiProperty() reviewer!: string;
  @ApiProperty({ type: 'integer' }) judgments!: number;
  @ApiProperty({ ...statistics, description: 'Approve rate with its 95% interval' }) approveRate!: object;
  @ApiProperty({ ...statistics }) peerApproveRate!: object;
  @ApiProperty({ type: 'number', nullable: true }) medianTimeOnTaskMs!: number | null;
  @ApiProperty({ type: 'number', nullable: true }) peerMedianTimeOnTaskMs!: number | null;
  @ApiProperty({ ...statistics }) peerAgreement!: object;
  @ApiProperty({ ...statistics }) goldAgreement!: object;
  @ApiProperty({ description: 'Approves more often than peers in under half their time: a prompt to look' })
  rubberStampSuspected!: boolean;
}
