import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@countersign/auth';
import { backtest, BacktestResult, sweep, SWEEP_THRESHOLDS } from '../domain/backtest';
import { JudgedHistoryStore } from '../estimates/judged-history-store';
import { scopeFor } from '../statistics/workflow-access';
import { BacktestRequest, BacktestScope } from './backtest-requests';
import { BacktestResultView } from './backtest-views';

/** Until a workflow says otherwise, the router's level-2 sample rate's order of magnitude. */
const DEFAULT_SAMPLE_RATE = 0.05;

@ApiTags('recommendations')
@ApiBearerAuth()
@Controller('api/v1/backtest')
export class BacktestController {
  constructor(private readonly history: JudgedHistoryStore) {}

  @Post()
  @HttpCode(200)
  @Roles('lead')
  @ApiOperation({
    summary: "Replay a workflow's judged history against a proposed threshold and sample rate",
    description:
      'Reviews needed, released error and (with both costs) expected cost, each with a 95% interval, estimated from ' +
      'every judged decision weighted by one over its propensity. Rule and flag reasons stay (rules always win). ' +
      '`enough` is false, with a `note`, when too few judgments stand behind the answer.',
  })
  @ApiOkResponse({ type: BacktestResultView })
  async backtest(@CurrentPrincipal() principal: Principal, @Body() request: BacktestRequest): Promise<BacktestResult> {
    const { judgments } = await this.history.judgedHistory(scopeFor(principal, request));
    return backtest(judgments, { ...policyOf(request), threshold: request.threshold });
  }

  @Get('sweep')
  @Roles('lead')
  @ApiOperation({
    summary: 'The backtest at thresholds from 0.5 to 0.99: reviews against released error, for the dashboard plot',
    description: `Thresholds ${SWEEP_THRESHOLDS.join(', ')}; each point as POST /api/v1/backtest answers it.`,
  })
  @ApiOkResponse({ type: BacktestResultView, isArray: true })
  async sweep(@CurrentPrincipal() principal: Principal, @Query() scope: BacktestScope): Promise<BacktestResult[]> {
    const { judgments } = await this.history.judgedHistory(scopeFor(principal, scope));
    return sweep(judgments, policyOf(scope));
  }
}

function policyOf(scope: BacktestScope) {
  return {
    sampleRate: scope.sampleRate ?? DEFAULT_SAMPLE_RATE,
    ...(scope.budget === undefined ? {} : { budget: scope.budget }),
    ...(scope.reviewCost === undefined ? {} : { reviewCost: scope.reviewCost }),
    ...(scope.errorCost === undefined ? {} : { errorCost: scope.errorCost }),
  };
}
