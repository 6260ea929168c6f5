import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { CurrentPrincipal, Principal, Roles } from '@countersign/auth';
import { WORKFLOW_NAME_PATTERN } from '@countersign/contracts';
import { scopeFor } from '../statistics/workflow-access';
import { RISK_RULE_UPDATE_OUTCOMES, RiskRuleUpdateOutcome, RiskRuleUpdateStore } from './risk-rule-update-store';

/** Which recorded rule changes: a workflow (else every granted one), one outcome, the newest `limit`. */
export class RiskRuleUpdatesQuery {
  @ApiPropertyOptional({ example: 'contract-review' })
  @IsOptional()
  @Matches(WORKFLOW_NAME_PATTERN, { message: 'workflow must be kebab-case, e.g. contract-review' })
  workflow?: string;

  @ApiPropertyOptional({ enum: RISK_RULE_UPDATE_OUTCOMES, description: 'advice: recorded only (no auto-apply)' })
  @IsOptional()
  @IsIn(RISK_RULE_UPDATE_OUTCOMES)
  outcome?: RiskRuleUpdateOutcome;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class RiskRuleUpdateView {
  @ApiProperty() workflow!: string;
  @ApiProperty({ enum: ['tighter', 'looser'], description: 'tighter: more oversight, applied at once' })
  direction!: string;
  @ApiProperty({
    enum: RISK_RULE_UPDATE_OUTCOMES,
    description:
      'applied (a router policy version), proposed (awaits a second admin under the two-person rule) or advice ' +
      '(the workflow did not opt in to auto-apply: nothing was sent)',
  })
  outcome!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'The learned rules as feedback would have the router apply them, each with its evidence',
  })
  rules!: object[];
  @ApiPropertyOptional({ type: 'integer' }) policyVersion?: number;
  @ApiPropertyOptional() proposalId?: string;
  @ApiProperty({ description: 'Why: what changed, per model version (× segment), with the evidence' }) note!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

/**
 * What risk control did with each rule change it learned (issue #15): applied, proposed, or — for a workflow that did
 * not opt in to auto-apply — recorded as advice, which is where a team reads what the evidence would allow before
 * opting in.
 */
@ApiTags('risk-control')
@ApiBearerAuth()
@Controller('api/v1')
export class RiskRuleUpdatesController {
  constructor(private readonly store: RiskRuleUpdateStore) {}

  @Get('risk-rule-updates')
  @Roles('lead')
  @ApiOperation({
    summary: 'The rule changes risk control learned, newest first: applied, proposed, or recorded as advice',
  })
  @ApiOkResponse({ type: RiskRuleUpdateView, isArray: true })
  list(@CurrentPrincipal() principal: Principal, @Query() query: RiskRuleUpdatesQuery): Promise<RiskRuleUpdateView[]> {
    const scope = scopeFor(principal, { workflow: query.workflow });
    return this.store.recent({ ...scope, outcome: query.outcome, limit: query.limit ?? 50 });
  }
}
