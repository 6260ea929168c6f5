import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles, WorkflowAccess } from '@countersign/auth';
import { PolicyRecommendationV1, WorkflowParam } from '@countersign/contracts';
import { scopeFor } from '../statistics/workflow-access';
import { RecommendationStore } from './recommendation-store';
import { RecommendationScheduler } from './recommendation-scheduler';
import { TargetRequest } from './target-request';

@ApiTags('recommendations')
@ApiBearerAuth()
@Controller('api/v1')
export class RecommendationsController {
  constructor(
    private readonly store: RecommendationStore,
    private readonly scheduler: RecommendationScheduler,
  ) {}

  @Get('recommendations')
  @Roles('lead')
  @ApiOperation({
    summary: 'The latest threshold and trust-level recommendation of each workflow (advice; never applied here)',
  })
  @ApiOkResponse({ type: PolicyRecommendationV1, isArray: true })
  latest(@CurrentPrincipal() principal: Principal): Promise<PolicyRecommendationV1[]> {
    return this.store.latest(scopeFor(principal, {}).workflows);
  }

  @Post('recommendations/run')
  @WorkflowAccess('recommendation.run', 'all')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Recompute gauges and recommendations now, issuing what changed (else every FEEDBACK_RECOMMEND_INTERVAL_MS)',
  })
  @ApiOkResponse({ type: PolicyRecommendationV1, isArray: true, description: 'The recommendations issued by this run' })
  run(): Promise<PolicyRecommendationV1[]> {
    return this.scheduler.runNow();
  }

  @Put('targets/:workflow')
  @WorkflowAccess('target.change', { param: 'workflow' })
  @HttpCode(204)
  @ApiOperation({
    summary: "Set a workflow's target (highest acceptable error rate of released decisions) and whether to auto-apply",
  })
  @ApiNoContentResponse()
  async target(
    @CurrentPrincipal() principal: Principal,
    @Param() { workflow }: WorkflowParam,
    @Body() request: TargetRequest,
  ): Promise<void> {
    await this.store.setTarget(
      workflow,
      { maxErrorRate: request.maxErrorRate, autoApply: request.autoApply },
      principal.subject,
    );
  }
}
