import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkflowAccess } from '@countersign/auth';
import { WorkflowParam } from '@countersign/contracts';
import { OversightQuery } from './oversight-requests';
import { OversightSeries, OversightService } from './oversight.service';
import { OversightSeriesView } from './oversight-views';

@ApiTags('oversight')
@ApiBearerAuth()
@Controller('api/v1/oversight')
export class OversightController {
  constructor(private readonly oversight: OversightService) {}

  @Get(':workflow')
  // Reviewer quality (gold agreement included) is in the answer: leads of the workflow only, as /reviewers.
  @WorkflowAccess('reviewers.read', { param: 'workflow' })
  @ApiOperation({
    summary:
      'One workflow week by week: review share, released error vs budget, catch rate (95%), calibration, reviewers',
    description:
      'Weeks are ISO weeks in UTC. Released error comes from audit samples of released decisions (Wilson 95%); a week ' +
      'with fewer audits than `smallSample` is marked. Calibration per model version and reviewer quality cover the ' +
      'whole window.',
  })
  @ApiOkResponse({ type: OversightSeriesView })
  series(@Param() { workflow }: WorkflowParam, @Query() query: OversightQuery): Promise<OversightSeries> {
    return this.oversight.series(workflow, query.weeks ?? 12);
  }
}
