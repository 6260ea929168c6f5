import { ApiProperty } from '@nestjs/swagger';

// The estimates API's answer as an OpenAPI schema; the figures' members are described in the operation.

const figure = { type: 'object', additionalProperties: true } as const;

export class ModelEstimatesView {
  @ApiProperty() workflow!: string;
  @ApiProperty() modelVersion!: string;
  @ApiProperty({ type: 'integer', description: 'Judged decisions with a stored propensity' }) judged!: number;
  @ApiProperty({ description: 'Decisions the judged ones stand for: the sum of one over their propensities' })
  decisions!: number;
  @ApiProperty({
    ...figure,
    description: '{ weighted, randomSamples, widthRatio }: each { estimate, lower, upper, judged }, 95% intervals',
  })
  accuracy!: object;
  @ApiProperty({ ...figure, description: 'Error rate of released decisions, same shape as accuracy' })
  releasedError!: object;
}

export class EstimatesReportView {
  @ApiProperty({ type: [ModelEstimatesView] }) models!: ModelEstimatesView[];
  @ApiProperty({
    type: 'integer',
    description: 'Judged decisions in scope without a usable propensity (older routers, audits): left out',
  })
  withoutPropensity!: number;
}
