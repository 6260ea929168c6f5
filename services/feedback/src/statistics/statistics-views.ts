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

export class GuardArmView {
  @ApiProperty({ type: 'integer', description: 'Reviewer-verdicts on this side of the prompt' }) verdicts!: number;
  @ApiProperty({ ...statistics, description: 'Approve rate with its 95% Wilson interval' }) approveRate!: object;
  @ApiProperty({ ...statistics, description: 'Agreement with gold answers (gold decisions only), 95% Wilson' })
  goldAgreement!: object;
}

export class GuardSplitView {
  @ApiProperty({ type: GuardArmView, description: 'Verdicts given after the prompt was shown' })
  prompted!: GuardArmView;
  @ApiProperty({ type: 'integer', description: 'Prompted verdicts the reviewer went back to reconsider' })
  reconsidered!: number;
  @ApiProperty({ type: GuardArmView }) notPrompted!: GuardArmView;
}

export class ReviewerGuardSplitView extends GuardSplitView {
  @ApiProperty() reviewer!: string;
}

export class GuardEffectView extends GuardSplitView {
  @ApiProperty() workflow!: string;
  @ApiProperty({ type: ReviewerGuardSplitView, isArray: true, description: 'In reviewer order' })
  reviewers!: ReviewerGuardSplitView[];
}
