import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@countersign/auth';
import { Response } from 'express';
import { once } from 'node:events';
import { csvHeader, exportLine } from '../domain/export-format';
import { scopeFor } from '../statistics/workflow-access';
import { ExportQuery } from './export-query';
import { ExportStore } from './export-store';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/v1/exports')
export class ExportsController {
  constructor(private readonly store: ExportStore) {}

  @Get('judgments')
  @Roles('lead')
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOperation({
    summary: 'Stream judgments as training records {input, ai_output, human_output, label, metadata}',
    description:
      'JSONL: one record per line. CSV: a header, then one row per record with each member as a JSON cell (label ' +
      'plain). Ordered by metadata.seq; pass the last seq received as `after` to resume. X-Export-Total gives the ' +
      'number of records this request will send.',
  })
  @ApiOkResponse({
    description: 'The records, streamed',
    headers: { 'X-Export-Total': { description: 'Records this request sends', schema: { type: 'integer' } } },
    content: {
      'application/x-ndjson': { schema: { type: 'string', description: 'One JSON training record per line' } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async judgments(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ExportQuery,
    @Res() response: Response,
  ): Promise<void> {
    const filter = { ...scopeFor(principal, query), verdicts: query.verdict, after: query.after };
    const total = await this.store.count(filter);
    response.status(200);
    response.setHeader('Content-Type', query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    response.setHeader('X-Export-Total', String(total));
    if (query.format === 'csv' && query.after === undefined) response.write(csvHeader());
    let aborted = false;
    response.on('close', () => (aborted = !response.writableFinished));
    for await (const page of this.store.pages(filter)) {
      if (aborted) return;
      const chunk = page.map((record) => exportLine(record, query.format)).join('');
      // Waiting for the socket to drain keeps at most a page or two in memory when the client reads slowly.
      if (!response.write(chunk)) await Promise.race([once(response, 'drain'), once(response, 'close')]);
    }
    response.end();
  }
}
