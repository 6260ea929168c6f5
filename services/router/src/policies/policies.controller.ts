import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, JwtAuthGuard, Principal, Roles, RolesGuard } from '@countersign/auth';
import { PutPolicyRequest, WorkflowParam } from '@countersign/contracts';
import { DryRunRequest, PutPolicyQuery } from './policy-requests';
import { PoliciesService } from './policies.service';

@ApiTags('policies')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard, RolesGuard)
@Controller('api/v1/policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get()
  @Roles('lead')
  @ApiOperation({ summary: 'The current policy of every workflow' })
  list() {
    return this.policies.list();
  }

  @Get(':workflow')
  @Roles('lead')
  @ApiOperation({ summary: "A workflow's current policy" })
  get(@Param() { workflow }: WorkflowParam) {
    return this.policies.get(workflow);
  }

  @Get(':workflow/history')
  @Roles('lead')
  @ApiOperation({ summary: 'Every version of a workflow policy, newest first: who, when, why' })
  history(@Param() { workflow }: WorkflowParam) {
    return this.policies.history(workflow);
  }

  @Put(':workflow')
  @Roles('admin')
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
  @Roles('admin')
  @ApiOperation({ summary: 'Replay recent decisions against a proposed policy and report how routing would change' })
  dryRun(@Param() { workflow }: WorkflowParam, @Body() request: DryRunRequest) {
    return this.policies.dryRun(workflow, request.policy, request.sampleSize);
  }
}
