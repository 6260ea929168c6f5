import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkflowAccess } from '@countersign/auth';
import { blindOpenJudgments } from '../domain/blind-open-judgments';
import { DecisionWorkflowLookup } from './decision-workflow-lookup';
import { ChainParam, DecisionIdParam, RecordsQuery, VerifyQuery } from './trail-requests';
import { TrailStore } from './trail-store';
import { TrailVerification, TrailVerifier } from './trail-verifier';
import { ChainHeadView, DecisionHistoryView, TrailRecordView, TrailVerificationView } from './trail-views';

@ApiTags('trail')
@ApiBearerAuth()
@Controller('api/v1')
export class TrailController {
  constructor(
    private readonly store: TrailStore,
    private readonly verifier: TrailVerifier,
  ) {}

  @Get('decisions/:id/history')
  @WorkflowAccess('decision-history.read', { param: 'id', lookup: DecisionWorkflowLookup })
  @ApiOperation({ summary: "A decision's audit events, oldest first, each with its place in the hash chain" })
  @ApiOkResponse({ type: DecisionHistoryView })
  async history(@Param() { id }: DecisionIdParam) {
    const records = await this.store.history(id);
    if (records.length === 0) throw new NotFoundException(`no audit events for decision ${id}`);
    return {
      decisionId: id,
      // Leads read this and may be the next reviewer of the decision's open task: blind review hides its verdicts.
      events: blindOpenJudgments(
        records.map(({ chain, seq, hash, prevHash, event, traceId }) => ({
          chain,
          seq,
          hash,
          prevHash,
          event,
          traceId,
        })),
      ),
    };
  }

  @Get('trail/verify')
  @WorkflowAccess('trail.read', 'all')
  @ApiOperation({ summary: 'Walk the hash chains (or one range) and name the first broken record' })
  @ApiOkResponse({ type: TrailVerificationView })
  verify(@Query() query: VerifyQuery): Promise<TrailVerification> {
    return this.verifier.verify(query);
  }

  @Get('trail/chains/:chain/records')
  @WorkflowAccess('trail.read', 'all')
  @ApiOperation({
    summary: "A chain's records as stored (seq, eventId, event, prevHash, hash), to recompute it against a checkpoint",
  })
  @ApiOkResponse({ type: TrailRecordView, isArray: true })
  async records(@Param() { chain }: ChainParam, @Query() { fromSeq = 1, limit = 5_000 }: RecordsQuery) {
    return this.store.range(chain, fromSeq, fromSeq + limit - 1);
  }

  @Get('trail/heads')
  @WorkflowAccess('trail.read', 'all')
  @ApiOperation({ summary: 'Where every chain ends now: sequence number and hash' })
  @ApiOkResponse({ type: ChainHeadView, isArray: true })
  heads() {
    return this.store.heads();
  }
}
