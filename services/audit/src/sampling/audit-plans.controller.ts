import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, WorkflowAccess } from '@countersign/auth';
import { badRequest } from '@countersign/platform';
import { AuditPlan } from '../domain/audit-plan';
import { AuditPlanRequest } from './audit-plan-requests';
import { AuditPlanStore } from './audit-plan-store';
import { AuditPlanView } from '../reports/report-views';
import { WorkflowParam } from '@countersign/contracts';

@ApiTags('audit plans')
@ApiBearerAuth()
@Controller('api/v1/audit-plans')
export class AuditPlansController {
  constructor(private readonly plans: AuditPlanStore) {}

  @Get(':workflow')
  @WorkflowAccess('audit-plan.read', { param: 'workflow' })
  @ApiOperation({ summary: "A workflow's audit plan (the default plan until an admin sets one)" })
  @ApiOkResponse({ type: AuditPlanView })
  get(@Param() { workflow }: WorkflowParam): Promise<AuditPlan> {
    return this.plans.planFor(workflow);
  }

  @Put(':workflow')
  @WorkflowAccess('audit-plan.change', { param: 'workflow' })
  @ApiOperation({ summary: "Set a workflow's audit plan; it applies to decisions finalized from now on" })
  @ApiOkResponse({ type: AuditPlanView, description: 'The plan now in force' })
  put(
    @Param() { workflow }: WorkflowParam,
    @Body() body: AuditPlanRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AuditPlan> {
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
    return this.plans.save(plan, principal.subject);
  }
}
