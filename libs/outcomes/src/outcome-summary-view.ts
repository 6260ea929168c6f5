import { ApiProperty } from '@nestjs/swagger';
import { FinalOutcome } from '@countersign/contracts';
import { OutcomeSummary } from './domain/summarize-outcomes';

class OutcomeCountsView implements Record<FinalOutcome, number> {
  @ApiProperty({ type: 'integer', description: 'Released without review.' })
  autonomous!: number;

  @ApiProperty({ type: 'integer', description: 'Reviewed and approved as the AI decided.' })
  approved!: number;

  @ApiProperty({ type: 'integer', description: 'Reviewed and corrected.' })
  corrected!: number;

  @ApiProperty({ type: 'integer', description: 'Reviewed and rejected.' })
  rejected!: number;

  @ApiProperty({
    type: 'integer',
    description: "Review did not finish within the policy's window: the safe default (reject or hold) applied.",
  })
  expired!: number;

  @ApiProperty({ type: 'integer', description: 'Review withdrawn (cancelled by a lead): no output released.' })
  withdrawn!: number;
}

/** Response of GET /api/v1/outcomes/summary; the OpenAPI description of the domain's OutcomeSummary. */
export class OutcomeSummaryView implements OutcomeSummary {
  @ApiProperty({ type: 'integer', description: 'Decisions with a final outcome.' })
  total!: number;

  @ApiProperty({ type: OutcomeCountsView })
  byOutcome!: OutcomeCountsView;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { 'contract-review': 8, 'invoice-coding': 92 },
  })
  byWorkflow!: Record<string, number>;
}
