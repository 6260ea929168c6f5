import { Injectable, Logger } from '@nestjs/common';
import { PolicyRecommendationV1 } from '@countersign/contracts';
import { randomUUID } from 'node:crypto';
import { applicationReason, applyRecommendation } from '../domain/apply-recommendation';
import { recommendPolicy } from '../domain/policy-recommendations';
import { StatisticsStore } from '../statistics/statistics-store';
import { RecommendationStore } from './recommendation-store';
import { RouterPolicyClient } from './router-policy-client';
import { TypedConfig } from '@countersign/platform';
import { FeedbackEnvironment } from '../feedback-environment';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Recomputes each workflow's recommendations from the recent unbiased samples and issues those that changed since the
 * last one of their kind. Recommendations are advice: a policy changes only for a workflow that opted in.
 */
@Injectable()
export class RecommendationsService {
  private readonly log = new Logger(RecommendationsService.name);

  constructor(
    private readonly recommendations: RecommendationStore,
    private readonly statistics: StatisticsStore,
    private readonly config: TypedConfig<FeedbackEnvironment>,
    private readonly router: RouterPolicyClient,
  ) {}

  async run(now = new Date()): Promise<PolicyRecommendationV1[]> {
    const since = new Date(now.getTime() - this.config.get('FEEDBACK_WINDOW_DAYS') * DAY_MS);
    const defaultTarget = this.config.get('FEEDBACK_TARGET_ERROR_RATE');
    const minThresholdSamples = this.config.get('FEEDBACK_MIN_THRESHOLD_SAMPLES');
    const [applied, targets, previous] = await Promise.all([
      this.recommendations.appliedPolicies(since),
      this.recommendations.targets(),
      this.recommendations.latest(),
    ]);
    const issued: PolicyRecommendationV1[] = [];
    for (const policy of applied) {
      const samples = await this.statistics.unbiasedSamples({
        workflow: policy.workflow,
        modelVersion: policy.modelVersion,
        from: since.toISOString(),
      });
      const maxErrorRate = targets.get(policy.workflow)?.maxErrorRate ?? defaultTarget;
      for (const recommendation of recommendPolicy(policy, samples, { maxErrorRate, minThresholdSamples })) {
        const last = previous.find((p) => p.workflow === recommendation.workflow && p.kind === recommendation.kind);
        const unchanged =
          last !== undefined &&
          last.modelVersion === recommendation.modelVersion &&
          last.current === recommendation.current &&
          last.recommended === recommendation.recommended;
        if (unchanged) continue;
        issued.push({
          schemaVersion: 1,
          recommendationId: randomUUID(),
          ...recommendation,
          issuedAt: now.toISOString(),
        });
      }
    }
    await this.recommendations.issue(issued);
    if (issued.length > 0) this.log.log({ msg: 'policy recommendations issued', count: issued.length });
    await this.applyOptedIn();
    return issued;
  }

  /**
   * Applies the unsettled recommendations of workflows that opted in, through the router's policy API (which versions
   * and audits the change). A recommendation computed against a value the policy no longer has is closed unapplied:
   * a person changed the policy since, and advice about the old value must not overwrite their change. A failed call
   * leaves it unsettled, to be tried again next run.
   */
  private async applyOptedIn(): Promise<void> {
    const targets = await this.recommendations.targets();
    for (const recommendation of await this.recommendations.unsettled()) {
      try {
        const { version, policy } = await this.router.current(recommendation.workflow);
        const applied = applyRecommendation(policy, recommendation);
        const before = applyRecommendation(policy, { ...recommendation, recommended: recommendation.current });
        if (JSON.stringify(before) !== JSON.stringify(policy)) {
          await this.recommendations.settle(
            recommendation,
            null,
            `policy version ${version} no longer has the value it was computed for`,
          );
          continue;
        }
        const outcome = await this.router.put(
          recommendation.workflow,
          applied,
          applicationReason(recommendation),
          version,
          // Applied because its admin opted in and chose the target: filed for them, so they cannot also approve it.
          targets.get(recommendation.workflow)?.setBy,
        );
        if ('proposalId' in outcome) {
          // A promotion lowers oversight: it waits for an admin of the workflow, never applies by itself.
          await this.recommendations.settle(
            recommendation,
            null,
            `proposed to the router as ${outcome.proposalId}; an admin of ${recommendation.workflow} must approve it`,
          );
          this.log.log({
            msg: 'recommendation proposed',
            workflow: recommendation.workflow,
            proposalId: outcome.proposalId,
          });
          continue;
        }
        await this.recommendations.settle(
          recommendation,
          outcome.version,
          `applied as policy version ${outcome.version}`,
        );
        this.log.log({
          msg: 'recommendation applied',
          workflow: recommendation.workflow,
          kind: recommendation.kind,
          policyVersion: outcome.version,
        });
      } catch (error) {
        this.log.warn({
          msg: 'could not apply recommendation; will retry',
          workflow: recommendation.workflow,
          recommendationId: recommendation.recommendationId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
