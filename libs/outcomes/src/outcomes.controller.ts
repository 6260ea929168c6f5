import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@countersign/platform';
import { OutcomeSummaryView } from './outcome-summary-view';
import { OutcomesService } from './outcomes.service';
import { SummaryQuery } from './summary-query';

// Aggregate counts only, no decision content: open like health and metrics. Every other route of the services needs
// a token.
@Public()
@ApiTags('outcomes')
@Controller('api/v1/outcomes')
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Get('summary')
  @ApiOperation({ summary: 'How decisions ended: counts per outcome and per workflow' })
  @ApiOkResponse({ type: OutcomeSummaryView })
  summary(@Query() query: SummaryQuery): Promise<OutcomeSummaryView> {
    return this.outcomes.summary(query.workflow);
  }
}
