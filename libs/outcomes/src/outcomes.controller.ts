import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, grantedWorkflows, Principal, Roles } from '@countersign/auth';
import { OutcomeSummaryView } from './outcome-summary-view';
import { OutcomesService } from './outcomes.service';
import { SummaryQuery } from './summary-query';

// Business figures (how many decisions each workflow had, how they ended): only for signed-in users (#14).
@ApiBearerAuth()
@Roles('reviewer')
@ApiTags('outcomes')
@Controller('api/v1/outcomes')
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Get('summary')
  @ApiOperation({ summary: 'How decisions ended: counts per outcome and per workflow' })
  @ApiOkResponse({ type: OutcomeSummaryView })
  summary(@CurrentPrincipal() principal: Principal, @Query() query: SummaryQuery): Promise<OutcomeSummaryView> {
    // A token sees the figures of the workflows it is granted, never another workflow's (#14).
    return this.outcomes.summary(query.workflow, grantedWorkflows(principal, 'metrics.read'));
  }
}
