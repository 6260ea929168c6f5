import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@countersign/auth';
import { estimateFromJudgments, ModelEstimates } from '../domain/propensity-estimates';
import { JudgmentScope } from '../statistics/judgment-scope';
import { scopeFor } from '../statistics/workflow-access';
import { EstimatesReportView } from './estimates-views';
import { JudgedHistoryStore } from './judged-history-store';

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('api/v1')
export class EstimatesController {
  constructor(private readonly history: JudgedHistoryStore) {}

  @Get('estimates')
  @Roles('reviewer')
  @ApiOperation({
    summary: 'Accuracy and released error per workflow × model version from every judged decision, by its propensity',
    description:
      'Each judged decision is weighted by one over the probability the router gave it of review (inverse-propensity ' +
      'weighting, Hájek), beside the same figure from random samples alone; 95% intervals, with the judged decisions ' +
      'behind each. Released error is estimated from random samples either way (only they see released decisions).',
  })
  @ApiOkResponse({ type: EstimatesReportView })
  async estimates(
    @CurrentPrincipal() principal: Principal,
    @Query() scope: JudgmentScope,
  ): Promise<{ models: ModelEstimates[]; withoutPropensity: number }> {
    const { judgments, withoutPropensity } = await this.history.judgedHistory(scopeFor(principal, scope));
    return { models: estimateFromJudgments(judgments), withoutPropensity };
  }
}
