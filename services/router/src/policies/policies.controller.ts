import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  grantedWorkflows,
  JwtAuthGuard,
  Principal,
  Roles,
  RolesGuard,
  WorkflowAccess,
  WorkflowAccessGuard,
} from '@countersign/auth';
import { PutPolicyRequest, WorkflowParam } from '@countersign/contracts';
import { DryRunRequest, PutPolicyQuery, RotateSamplingSecretRequest } from './policy-requests';
import { PoliciesService } from './policies.service';
import { PolicyGovernance } from './policy-governance.service';
import { ActivePolicyView, PolicyProposalView, PolicyVersionView, RoutingPreviewView } from './policy-views';

@ApiTags('policies')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard, RolesGuard, WorkflowAccessGuard)
@Controller('api/v1/policies')
export class PoliciesController {
  constructor(
    private readonly policies: PoliciesService,
    private readonly governance: PolicyGovernance,
  ) {}

  @Get()
  @Roles('lead')
  @ApiOperation({ summary: 'The current policy of every workflow your token grants' })
  @ApiOkResponse({ type: PolicyVersionView, isArray: true })
  list(@CurrentPrincipal() principal: Principal) {
    return this.policies.list(grantedWorkflows(principal, 'policy.read'));
  }

  @Get(':workflow')
  @WorkflowAccess('policy.read', { param: 'workflow' })
  @ApiOperation({ summary: "A workflow's current policy" })
  @ApiOkResponse({ type: ActivePolicyView })
  get(@Param() { workflow }: WorkflowParam) {
    return this.policies.get(workflow);
  }

  @Get(':workflow/history')
  @WorkflowAccess('policy.read', { param: 'workflow' })
  @ApiOperation({ summary: 'Every version of a workflow policy, newest first: who, when, why' })
  @ApiOkResponse({ type: PolicyVersionView, isArray: true })
  history(@Param() { workflow }: WorkflowParam) {
    return this.policies.history(workflow);
  }

  @Put(':workflow')
  @WorkflowAccess('policy.change', { param: 'workflow' })
  @ApiOperation({
    summary:
      'Store a new version (every router replica applies it within seconds), or propose it when it lowers oversight',
    description:
      'A change that lowers oversight (comparesOversight: higher trust level, lower threshold or rate, a rule or flag ' +
      'removed, fewer approvals) is stored as a proposal (202) that a second admin of the workflow approves, unless ' +
      "the workflow's two-person rule is off. Other changes apply at once (200). A service filing a change an admin " +
      "set it to make (feedback's target) names that admin in `onBehalfOf`; that admin may not approve the proposal.",
  })
  @ApiOkResponse({ type: PolicyVersionView, description: 'Applied: the new policy version' })
  @ApiAcceptedResponse({
    type: PolicyProposalView,
    description: 'Proposed: a second admin must approve (POST .../proposals/:id/approve)',
  })
  async put(
    @Param() { workflow }: WorkflowParam,
    @Query() { ifVersion }: PutPolicyQuery,
    @Body() request: PutPolicyRequest,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    this.policies.compileOrReject(workflow, request.policy);
    const outcome = await this.governance.change(workflow, request, principal.subject, ifVersion);
    if ('proposal' in outcome) {
      response.status(202);
      return outcome.proposal;
    }
    response.status(200);
    return outcome.applied;
  }

  @Post(':workflow/dry-run')
  @HttpCode(200)
  @WorkflowAccess('policy.dry-run', { param: 'workflow' })
  @ApiOperation({ summary: 'Replay recent decisions against a proposed policy and report how routing would change' })
  @ApiOkResponse({ type: RoutingPreviewView })
  dryRun(@Param() { workflow }: WorkflowParam, @Body() request: DryRunRequest) {
    return this.policies.dryRun(workflow, request.policy, request.sampleSize);
  }

  @Post(':workflow/sampling-secret/rotate')
  @HttpCode(200)
  @WorkflowAccess('policy.change', { param: 'workflow' })
  @ApiOperation({
    summary: "Rotate the workflow's sampling key: a fresh random sample from now on; audited, the key never shown",
  })
  rotateSamplingSecret(
    @Param() { workflow }: WorkflowParam,
    @Body() request: RotateSamplingSecretRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.policies.rotateSamplingKey(workflow, principal.subject, request.reason);
  }
}
