import { Body, Controller, Get, HttpCode, Param, Post, Put, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CurrentPrincipal,
  JwtAuthGuard,
  Principal,
  RolesGuard,
  WorkflowAccess,
  WorkflowAccessGuard,
} from '@countersign/auth';
import { PolicyGovernance } from './policy-governance.service';
import { WorkflowParam } from '@countersign/contracts';
import { ProposalParam, ReasonRequest, TwoPersonRuleRequest } from './policy-requests';
import { PolicyProposalView } from './policy-views';

/** The two-person rule's proposals and the stop switch (#14; EU AI Act Art. 14(4)(e)). */
@ApiTags('policies')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard, RolesGuard, WorkflowAccessGuard)
@Controller('api/v1/policies')
export class GovernanceController {
  constructor(private readonly governance: PolicyGovernance) {}

  @Get(':workflow/proposals')
  @WorkflowAccess('policy.read', { param: 'workflow' })
  @ApiOperation({ summary: 'Changes that lower oversight, newest first: pending, approved, rejected or superseded' })
  @ApiOkResponse({ type: PolicyProposalView, isArray: true })
  proposals(@Param() { workflow }: WorkflowParam) {
    return this.governance.list(workflow);
  }

  @Post(':workflow/proposals/:id/approve')
  @HttpCode(200)
  @WorkflowAccess('policy.approve', { param: 'workflow' })
  @ApiOperation({
    summary:
      'Approve and apply a proposal: a second admin of the workflow, never its proposer nor the admin it was filed for',
  })
  @ApiOkResponse({ type: PolicyProposalView })
  approve(@Param() { workflow, id }: ProposalParam, @CurrentPrincipal() principal: Principal) {
    return this.governance.approve(workflow, id, principal.subject);
  }

  @Post(':workflow/proposals/:id/reject')
  @HttpCode(200)
  @WorkflowAccess('policy.approve', { param: 'workflow' })
  @ApiOperation({ summary: 'Reject a pending proposal (its proposer may withdraw it this way)' })
  @ApiOkResponse({ type: PolicyProposalView })
  reject(
    @Param() { workflow, id }: ProposalParam,
    @Body() { reason }: ReasonRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.governance.reject(workflow, id, principal.subject, reason);
  }

  @Post(':workflow/stop')
  @HttpCode(200)
  @WorkflowAccess('autonomy.stop', { param: 'workflow' })
  @ApiOperation({
    summary: 'Stop switch: from now every decision of the workflow goes to review, on every replica, until resumed',
  })
  stop(
    @Param() { workflow }: WorkflowParam,
    @Body() { reason }: ReasonRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.governance.stop(workflow, principal.subject, reason);
  }

  @Post(':workflow/resume')
  @WorkflowAccess('autonomy.stop', { param: 'workflow' })
  @ApiOperation({ summary: 'Resume routing by the policy: lowers oversight, so a proposal under the two-person rule' })
  @ApiOkResponse({ description: 'Resumed: the new policy version' })
  @ApiAcceptedResponse({ type: PolicyProposalView, description: 'Proposed: a second admin must approve' })
  async resume(
    @Param() { workflow }: WorkflowParam,
    @Body() { reason }: ReasonRequest,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.governance.resume(workflow, principal.subject, reason);
    if ('proposal' in outcome) {
      response.status(202);
      return outcome.proposal;
    }
    response.status(200);
    return outcome.applied;
  }

  @Put(':workflow/two-person-rule')
  @WorkflowAccess('policy.change', { param: 'workflow' })
  @ApiOperation({ summary: 'Switch the two-person rule on (at once) or off (a proposal a second admin approves)' })
  @ApiOkResponse({ description: 'Switched on at once' })
  @ApiAcceptedResponse({
    type: PolicyProposalView,
    description: 'Switching off lowers oversight: a proposal that a second admin approves',
  })
  async twoPersonRule(
    @Param() { workflow }: WorkflowParam,
    @Body() request: TwoPersonRuleRequest,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const outcome = await this.governance.setTwoPersonRule(
      workflow,
      request.enabled,
      principal.subject,
      request.reason,
    );
    response.status('proposal' in outcome ? 202 : 200);
    return 'proposal' in outcome ? outcome.proposal : outcome;
  }
}
