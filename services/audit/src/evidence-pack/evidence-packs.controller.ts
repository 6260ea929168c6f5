import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { WorkflowAccess } from '@countersign/auth';
import { WorkflowParam } from '@countersign/contracts';
import { badRequest } from '@countersign/platform';
import { EvidencePack } from '../domain/evidence-pack';
import { EvidencePackQuery } from './evidence-pack-requests';
import { EvidencePackService } from './evidence-pack.service';
import { EvidencePackView } from './evidence-pack-views';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/evidence-packs')
export class EvidencePacksController {
  constructor(private readonly packs: EvidencePackService) {}

  @Get(':workflow')
  @WorkflowAccess('report.read', { param: 'workflow' })
  @ApiOperation({
    summary: 'Evidence pack of one workflow and period: JSON, CSV and HTML files signed with the checkpoint key',
    description:
      'Policy versions in force, routing reasons, sample sizes, error and catch rates with 95% intervals, ' +
      'escalations and expiries, reviewer activity and the trail verification result. Verify offline with ' +
      '`npm run evidence:verify -- <file> --public-key <pem>` (the key from /api/v1/trail/checkpoints/public-key).',
  })
  @ApiOkResponse({ type: EvidencePackView, description: 'Sent as an attachment (evidence-<workflow>-<from>.json)' })
  async pack(
    @Param() { workflow }: WorkflowParam,
    @Query() query: EvidencePackQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EvidencePack> {
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    if (from && to && to <= from) throw badRequest([{ field: 'to', errors: ['to must be after from'] }]);
    const pack = await this.packs.pack(workflow, from, to);
    response.attachment(`evidence-${workflow}-${pack.manifest.from.slice(0, 10)}.json`);
    return pack;
  }
}
