import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PolicyRecommendationV1 } from '@countersign/contracts';
import { randomUUID } from 'node:crypto';
import { recommendPolicy } from '../domain/policy-recommendations';
import { StatisticsStore } from '../statistics/statistics-store';
import { RecommendationStore } from './recommendation-store';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Recomputes each workflow's recommendations from the recent unbiased samples and issues those that changed since the
 * last one of their kind. Recommendations are advice: nothing here changes a policy (see MERGE-NOTES / README).
 */
@Injectable()
export class RecommendationsService {
  private readonly log = new Logger(RecommendationsService.name);

  constructor(
    private readonly recommendations: RecommendationStore,
    private readonly statistics: StatisticsStore,
    private readonly config: ConfigService,
  ) {}

  async run(now = new Date()): Promise<PolicyRecommendationV1[]> {
    const since = new Date(now.getTime() - Number(this.config.get('FEEDBACK_WINDOW_DAYS') ?? 30) * DAY_MS);
    const defaultTarget = Number(this.config.get('FEEDBACK_TARGET_ERROR_RATE') ?? 0.01);
    const minThresholdSamples = Number(this.config.get('FEEDBACK_MIN_THRESHOLD_SAMPLES') ?? 100);
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
      const maxErrorRate = targets.get(policy.workflow) ?? defaultTarget;
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
    return issued;
  }
}
