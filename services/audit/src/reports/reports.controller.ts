import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@countersign/auth';
import { badRequest } from '@countersign/platform';
import { AuditReport } from '../domain/audit-report';
import { reportCsv, reportHtml } from '../domain/report-formats';
import { ReportQuery } from './report-requests';
import { ReportsService } from './reports.service';
import { WorkflowParam } from '@countersign/contracts';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':workflow')
  @Roles('lead')
  @ApiProduces('application/json', 'text/csv', 'text/html')
  @ApiOperation({
    summary: 'Report of one workflow over a period: outcomes, reasons, audit sample, error and catch rates (95%)',
  })
  async report(
    @Param() { workflow }: WorkflowParam,
    @Query() query: ReportQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuditReport | string> {
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    if (from && to && to <= from) throw badRequest([{ field: 'to', errors: ['to must be after from'] }]);
    const report = await this.reports.report(workflow, from, to);
    if (query.format === 'csv') {
      response.type('text/csv');
      response.attachment(`audit-${workflow}-${report.from.slice(0, 10)}.csv`);
      return reportCsv(report);
    }
    if (query.format === 'html') {
      response.type('text/html');
      return reportHtml(report);
    }
    return report;
  }

  @Get(':workflow/scheduled')
  @Roles('lead')
  @ApiOperation({ summary: 'Reports the schedule produced for this workflow, newest first' })
  scheduled(@Param() { workflow }: WorkflowParam): Promise<AuditReport[]> {
    return this.reports.scheduled(workflow);
  }
}
