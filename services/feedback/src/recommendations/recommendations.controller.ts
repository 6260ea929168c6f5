import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, Roles, WorkflowAccess } from '@countersign/auth';
import { PolicyRecommendationV1, WorkflowParam } from '@countersign/contracts';
import { scopeFor } from '../statistics/workflow-access';
import { RecommendationStore } from './recommendation-store';
import { RecommendationScheduler } from './recommendation-scheduler';
import { TargetGovernance } from './target-governance';
import { TargetProposal } from './target-proposal-store';
import {
  RejectTargetProposalRequest,
  TargetProposalParam,
  TargetProposalView,
  TargetRequest,
  TargetView,
} from './target-request';

@ApiTags('recommendations')
@ApiBearerAuth()
@Controller('api/v1')
export class RecommendationsController {
  constructor(
    private readonly store: RecommendationStore,
    private readonly scheduler: RecommendationScheduler,
    private readonly targets: TargetGovernance,
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

  @Get('targets/:workflow')
  @WorkflowAccess('recommendation.read', { param: 'workflow' })
  @ApiOperation({
    summary: "A workflow's target in force (the service default, auto-apply off, until an admin sets one)",
  })
  @ApiOkResponse({ type: TargetView })
  async currentTarget(@Param() { workflow }: WorkflowParam): Promise<TargetView> {
    return this.targets.inForce(workflow);
  }

  @Put('targets/:workflow')
  @WorkflowAccess('target.change', { param: 'workflow' })
  @ApiOperation({
    summary:
      "Set a workflow's target (highest acceptable error rate of released decisions) and whether to auto-apply, or propose it when it accepts more error",
    description:
      'A target with a higher maxErrorRate than the one in force (the service default until one was set) lets ' +
      "feedback's threshold and trust-level recommendations ask for less oversight, so it is stored as a proposal " +
      '(202) that a second admin of the workflow approves; it closes any pending one. Other targets apply at once ' +
      '(204); the target in force sent again changes nothing.',
  })
  @ApiNoContentResponse({ description: 'Applied (or already in force)' })
  @ApiAcceptedResponse({
    type: TargetProposalView,
    description: 'Proposed: a second admin must approve (POST .../proposals/:id/approve)',
  })
  async target(
    @CurrentPrincipal() principal: Principal,
    @Param() { workflow }: WorkflowParam,
    @Body() request: TargetRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TargetProposal | void> {
    const outcome = await this.targets.change(
      workflow,
      { maxErrorRate: request.maxErrorRate, autoApply: request.autoApply },
      principal.subject,
    );
    response.status('proposal' in outcome ? 202 : 204);
    if ('proposal' in outcome) return outcome.proposal;
  }

  @Get('targets/:workflow/proposals')
  @WorkflowAccess('recommendation.read', { param: 'workflow' })
  @ApiOperation({ summary: 'Target changes that accept more released error: pending first, then newest first' })
  @ApiOkResponse({ type: TargetProposalView, isArray: true })
  proposals(@Param() { workflow }: WorkflowParam): Promise<TargetProposal[]> {
    return this.targets.list(workflow);
  }

  @Post('targets/:workflow/proposals/:id/approve')
  @HttpCode(200)
  @WorkflowAccess('target.change', { param: 'workflow' })
  @ApiOperation({ summary: 'Approve and apply a proposed target: a second admin of the workflow, never its proposer' })
  @ApiOkResponse({ type: TargetProposalView })
  approve(
    @Param() { workflow, id }: TargetProposalParam,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TargetProposal> {
    return this.targets.approve(workflow, id, principal.subject);
  }

  @Post('targets/:workflow/proposals/:id/reject')
  @HttpCode(200)
  @WorkflowAccess('target.change', { param: 'workflow' })
  @ApiOperation({ summary: 'Reject a pending target proposal (its proposer may withdraw it this way)' })
  @ApiOkResponse({ type: TargetProposalView })
  reject(
    @Param() { workflow, id }: TargetProposalParam,
    @Body() { reason }: RejectTargetProposalRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TargetProposal> {
    return this.targets.reject(workflow, id, principal.subject, reason);
  }
}
