import { Body, ConflictException, Controller, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, requireWorkflowAccess, Roles, WorkflowAccessInHandler } from '@countersign/auth';
import { DecisionWorkflowLookup } from './decision-workflow-lookup';
import { answerOf } from '../judgments/judgment-rows';
import { JudgmentScope } from './judgment-scope';
import { DecisionIdParam, GoldAnswerRequest, ReviewerScope } from './statistics-requests';
import { StatisticsStore } from './statistics-store';
import { FeedbackMetricsReport, StatisticsService } from './statistics.service';
import { ReviewerQuality } from '../domain/reviewer-quality';
import { scopeFor } from './workflow-access';
import { FeedbackMetricsReportView, GuardEffectView, ReviewerQualityView } from './statistics-views';
import { GuardEffect } from '../domain/guard-effect';
import { TypedConfig } from '@countersign/platform';
import { FeedbackEnvironment } from '../feedback-environment';

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('api/v1')
export class StatisticsController {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly store: StatisticsStore,
    private readonly config: TypedConfig<FeedbackEnvironment>,
    private readonly decisions: DecisionWorkflowLookup,
  ) {}

  @Get('metrics')
  @Roles('reviewer')
  @ApiOperation({
    summary: 'Accuracy (95% Wilson) and calibration per workflow × model version, catch rate per workflow',
    description:
      'Accuracy and calibration use only unbiased samples (random and audit samples). The catch rate is per workflow ' +
      '(released decisions do not carry a model version): caught / (caught + released × audited error rate).',
  })
  @ApiOkResponse({ type: FeedbackMetricsReportView })
  metrics(@CurrentPrincipal() principal: Principal, @Query() scope: JudgmentScope): Promise<FeedbackMetricsReport> {
    return this.statistics.report(scopeFor(principal, scope));
  }

  @Get('reviewers')
  @Roles('lead')
  @ApiOperation({
    summary: 'Reviewer quality for one workflow: agreement with peers and gold answers, approve rate and time vs peers',
    description: 'Over the last FEEDBACK_WINDOW_DAYS days unless `from` is given.',
  })
  @ApiOkResponse({ type: ReviewerQualityView, isArray: true, description: 'In reviewer order' })
  reviewers(@CurrentPrincipal() principal: Principal, @Query() scope: ReviewerScope): Promise<ReviewerQuality[]> {
    return this.statistics.reviewers({
      ...scopeFor(principal, scope),
      workflow: scope.workflow,
      from: this.from(scope),
    });
  }

  @Get('reviewers/guard-effect')
  @Roles('lead')
  @ApiOperation({
    summary: "The rubber-stamp prompt's effect: approve rate and gold agreement with and without a prompt shown",
    description:
      'Per workflow and per reviewer, over reviewer-verdicts (a four-eyes task counts once per reviewer), each rate ' +
      'with its 95% Wilson interval and n (`trials`). Observational: prompted verdicts are approvals that were fast for ' +
      'the reviewer. Over the last FEEDBACK_WINDOW_DAYS days unless `from` is given.',
  })
  @ApiOkResponse({ type: GuardEffectView })
  guardEffect(@CurrentPrincipal() principal: Principal, @Query() scope: ReviewerScope): Promise<GuardEffect> {
    return this.statistics.guardEffect({
      ...scopeFor(principal, scope),
      workflow: scope.workflow,
      from: this.from(scope),
    });
  }

  /** Every judgment in scope is read, so the window is bounded by default. */
  private from(scope: ReviewerScope): string {
    const days = this.config.get('FEEDBACK_WINDOW_DAYS');
    return scope.from ?? new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
  }

  @Put('gold/:decisionId')
  @WorkflowAccessInHandler('gold.change', 'decisionId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Record the known answer of a gold decision seeded into review queues',
    description:
      'The workflow is the one this service stored for the decision (gold answer, judgment or outcome); `workflow` in ' +
      'the body must match it (409 otherwise) and is used only for a decision not seen yet.',
  })
  @ApiNoContentResponse()
  async gold(
    @CurrentPrincipal() principal: Principal,
    @Param() { decisionId }: DecisionIdParam,
    @Body() request: GoldAnswerRequest,
  ): Promise<void> {
    // Stored facts first: a body naming a workflow the caller leads must not reach another workflow's decision.
    const stored = await this.decisions.workflowOf(decisionId);
    requireWorkflowAccess(principal, 'gold.change', stored ?? request.workflow);
    if (stored !== null && stored !== request.workflow) {
      throw new ConflictException(`decision ${decisionId} belongs to workflow ${stored}, not ${request.workflow}`);
    }
    const finalOutput = request.verdict === 'correct' ? (request.finalOutput ?? null) : null;
    await this.store.saveGoldAnswer({
      decisionId,
      workflow: request.workflow,
      verdict: request.verdict,
      finalOutput,
      answer: answerOf({ verdict: request.verdict, finalOutput }),
      createdBy: principal.subject,
    });
  }
}
