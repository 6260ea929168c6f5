import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsJsonObject, JsonObject, VERDICTS, VerdictKind, WORKFLOW_NAME_PATTERN } from '@countersign/contracts';
import { OneWorkflowScope } from './judgment-scope';

/** Query of GET /api/v1/reviewers: reviewer quality is always asked about one workflow's reviewers. */
export class ReviewerScope extends OneWorkflowScope {}

export class DecisionIdParam {
  @MaxLength(200)
  decisionId!: string;
}

/** Body of PUT /api/v1/gold/:decisionId: the known right answer of a decision seeded into review queues. */
export class GoldAnswerRequest {
  @ApiProperty({ example: 'invoice-coding' })
  @Matches(WORKFLOW_NAME_PATTERN, { message: 'workflow must be kebab-case, e.g. contract-review' })
  workflow!: string;

  @ApiProperty({ enum: VERDICTS })
  @IsIn(VERDICTS)
  verdict!: VerdictKind;

  @ApiPropertyOptional({ description: 'The right output: required when the verdict is correct, ignored otherwise.' })
  @ValidateIf((request: GoldAnswerRequest) => request.verdict === 'correct')
  @IsJsonObject()
  finalOutput?: JsonObject;
}
