import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { WorkflowAccess } from '@countersign/auth';
import { badRequest } from '@countersign/platform';
import { AuditReport } from '../domain/audit-report';
import { reportCsv, reportHtml } from '../domain/report-formats';
import { ReportQuery } from './report-requests';
import { ReportsService } from './reports.service';
import { AuditReportView } from './report-views';
import { WorkflowParam } from '@countersign/contracts';

@ApiTags('reports')
@ApiExtraModels(AuditReportView)
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':workflow')
  @WorkflowAccess('report.read', { param: 'workflow' })
  @ApiProduces('application/json', 'text/csv', 'text/html')
  @ApiOperation({
    summary: 'Report of one workflow over a period: outcomes, reasons, audit sample, error and catch rates (95%)',
  })
  @ApiOkResponse({
    description: 'The report: JSON, or CSV / HTML with format=csv|html',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AuditReportView) } },
      'text/csv': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
    },
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
  @WorkflowAccess('report.read', { param: 'workflow' })
  @ApiOperation({ summary: 'Reports the schedule produced for this workflow, newest first' })
  @ApiOkResponse({ type: AuditReportView, isArray: true })
  scheduled(@Param() { workflow }: WorkflowParam): Promise<AuditReport[]> {
    return this.reports.scheduled(workflow);
  }
}
