import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, WorkflowAccess } from '@countersign/auth';
import { badRequest } from '@countersign/platform';
import { AuditPlan } from '../domain/audit-plan';
import { AuditPlanRequest, PlanProposalParam, RejectPlanProposalRequest } from './audit-plan-requests';
import { AuditPlanStore } from './audit-plan-store';
import { AuditPlanGovernance } from './audit-plan-governance';
import { AuditPlanProposal } from './audit-plan-proposal-store';
import { AuditPlanProposalView, AuditPlanView } from '../reports/report-views';
import { WorkflowParam } from '@countersign/contracts';

@ApiTags('audit plans')
@ApiBearerAuth()
@Controller('api/v1/audit-plans')
export class AuditPlansController {
  constructor(
    private readonly plans: AuditPlanStore,
    private readonly governance: AuditPlanGovernance,
  ) {}

  @Get(':workflow')
  @WorkflowAccess('audit-plan.read', { param: 'workflow' })
  @ApiOperation({ summary: "A workflow's audit plan (the default plan until an admin sets one)" })
  @ApiOkResponse({ type: AuditPlanView })
  get(@Param() { workflow }: WorkflowParam): Promise<AuditPlan> {
    return this.plans.planFor(workflow);
  }

  @Put(':workflow')
  @WorkflowAccess('audit-plan.change', { param: 'workflow' })
  @ApiOperation({
    summary:
      "Set a workflow's audit plan (it applies to decisions finalized from then on), or propose it when it lowers oversight",
    description:
      'A plan that lowers post-release oversight against the plan in force (the default until one was set) — a lower ' +
      'rate at any trust level, a lower minimum per day, or a confidence band guaranteed fewer checks — is stored as ' +
      'a proposal (202) that a second admin of the workflow approves. Other plans apply at once (200).',
  })
  @ApiOkResponse({ type: AuditPlanView, description: 'Applied: the plan now in force' })
  @ApiAcceptedResponse({
    type: AuditPlanProposalView,
    description: 'Proposed: a second admin must approve (POST .../proposals/:id/approve)',
  })
  async put(
    @Param() { workflow }: WorkflowParam,
    @Body() body: AuditPlanRequest,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuditPlan | AuditPlanProposal> {
    const cuts = body.confidenceCuts;
    if (cuts.some((cut, index) => index > 0 && cut <= cuts[index - 1])) {
      throw badRequest([{ field: 'confidenceCuts', errors: ['confidenceCuts must be strictly ascending'] }]);
    }
    const plan: AuditPlan = {
      workflow,
      ratesByTrustLevel: { ...body.ratesByTrustLevel },
      minimumPerPeriod: body.minimumPerPeriod,
      period: body.period,
      confidenceCuts: cuts,
    };
    const outcome = await this.governance.change(plan, principal.subject);
    response.status('proposal' in outcome ? 202 : 200);
    return 'proposal' in outcome ? outcome.proposal : outcome.applied;
  }

  @Get(':workflow/proposals')
  @WorkflowAccess('audit-plan.read', { param: 'workflow' })
  @ApiOperation({ summary: 'Audit-plan changes that lower oversight: pending first, then newest first' })
  @ApiOkResponse({ type: AuditPlanProposalView, isArray: true })
  proposals(@Param() { workflow }: WorkflowParam): Promise<AuditPlanProposal[]> {
    return this.governance.list(workflow);
  }

  @Post(':workflow/proposals/:id/approve')
  @HttpCode(200)
  @WorkflowAccess('audit-plan.change', { param: 'workflow' })
  @ApiOperation({
    summary: 'Approve and apply a proposed audit plan: a second admin of the workflow, never its proposer',
  })
  @ApiOkResponse({ type: AuditPlanProposalView })
  approve(
    @Param() { workflow, id }: PlanProposalParam,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AuditPlanProposal> {
    return this.governance.approve(workflow, id, principal.subject);
  }

  @Post(':workflow/proposals/:id/reject')
  @HttpCode(200)
  @WorkflowAccess('audit-plan.change', { param: 'workflow' })
  @ApiOperation({ summary: 'Reject a pending audit-plan proposal (its proposer may withdraw it this way)' })
  @ApiOkResponse({ type: AuditPlanProposalView })
  reject(
    @Param() { workflow, id }: PlanProposalParam,
    @Body() { reason }: RejectPlanProposalRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AuditPlanProposal> {
    return this.governance.reject(workflow, id, principal.subject, reason);
  }
}
