import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { PutPolicyRequest } from '@countersign/contracts';
import { DryRunRequest, PutPolicyQuery, WorkflowParam } from './policy-requests';
import { PoliciesService } from './policies.service';

@ApiTags('policies')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard, RolesGuard, WorkflowAccessGuard)
@Controller('api/v1/policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get()
  @Roles('lead')
  @ApiOperation({ summary: 'The current policy of every workflow your token grants' })
  list(@CurrentPrincipal() principal: Principal) {
    return this.policies.list(grantedWorkflows(principal, 'policy.read'));
  }

  @Get(':workflow')
  @WorkflowAccess('policy.read', { param: 'workflow' })
  @ApiOperation({ summary: "A workflow's current policy" })
  get(@Param() { workflow }: WorkflowParam) {
    return this.policies.get(workflow);
  }

  @Get(':workflow/history')
  @WorkflowAccess('policy.read', { param: 'workflow' })
  @ApiOperation({ summary: 'Every version of a workflow policy, newest first: who, when, why' })
  history(@Param() { workflow }: WorkflowParam) {
    return this.policies.history(workflow);
  }

  @Put(':workflow')
  @WorkflowAccess('policy.change', { param: 'workflow' })
  @ApiOperation({ summary: 'Store a new version; every router replica applies it within seconds' })
  put(
    @Param() { workflow }: WorkflowParam,
    @Query() { ifVersion }: PutPolicyQuery,
    @Body() request: PutPolicyRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.policies.put(workflow, request, principal.subject, ifVersion);
  }

  @Post(':workflow/dry-run')
  @HttpCode(200)
  @WorkflowAccess('policy.dry-run', { param: 'workflow' })
  @ApiOperation({ summary: 'Replay recent decisions against a proposed policy and report how routing would change' })
  dryRun(@Param() { workflow }: WorkflowParam, @Body() request: DryRunRequest) {
    return this.policies.dryRun(workflow, request.policy, request.sampleSize);
  }
}
