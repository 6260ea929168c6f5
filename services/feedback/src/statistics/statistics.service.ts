import { Injectable } from '@nestjs/common';
import { AccuracyEstimate, compare, estimateAccuracy } from '../domain/accuracy';
import { wilsonInterval } from '@countersign/statistics';
import { Calibration, calibrate } from '../domain/calibration';
import { CatchRate, estimateCatchRate } from '../domain/catch-rate';
import { assessReviewers, ReviewerQuality } from '../domain/reviewer-quality';
import { GuardEffect, guardEffect } from '../domain/guard-effect';
import { FeedbackMetrics } from '../judgments/judgment-metrics';
import { ScopedQuery, StatisticsStore } from './statistics-store';

export interface WorkflowModelMetrics extends AccuracyEstimate {
  calibration: Calibration;
}

export interface FeedbackMetricsReport {
  /** Accuracy and calibration per workflow × model version, from unbiased samples only. */
  models: WorkflowModelMetrics[];
  /** Error catch rate per workflow. */
  catchRates: Array<{ workflow: string } & CatchRate>;
}

/** Answers the metrics questions by reading the judgments in scope and handing them to the domain. */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly store: StatisticsStore,
    private readonly metrics: FeedbackMetrics,
  ) {}

  async report(scope: ScopedQuery): Promise<FeedbackMetricsReport> {
    const [samples, judged] = await Promise.all([this.store.unbiasedSamples(scope), this.store.judgedCounts(scope)]);
    // Versions judged only through biased reviews have no estimate, but still belong in the report.
    const unsampled = [...judged.keys()].map((key) => JSON.parse(key) as [string, string]);
    const estimates = estimateAccuracy(samples);
    for (const [workflow, modelVersion] of unsampled) {
      if (estimates.some((e) => e.workflow === workflow && e.modelVersion === modelVersion)) continue;
      estimates.push({ workflow, modelVersion, judged: 0, basis: 'none', accuracy: wilsonInterval(0, 0) });
    }
    estimates.sort((a, b) => compare(a.workflow, b.workflow) || compare(a.modelVersion, b.modelVersion));
    const models = estimates.map((estimate) => ({
      ...estimate,
      judged: judged.get(JSON.stringify([estimate.workflow, estimate.modelVersion])) ?? estimate.judged,
      calibration: calibrate(
        samples.filter((s) => s.workflow === estimate.workflow && s.modelVersion === estimate.modelVersion),
      ),
    }));
    const inputs = await this.store.catchRateInputs(scope);
    const catchRates = [...inputs]
      .sort(([a], [b]) => compare(a, b))
      .map(([workflow, counts]) => ({ workflow, ...estimateCatchRate(counts) }));
    return { models, catchRates };
  }

  /** Recomputes the Prometheus gauges over the given window (all workflows). */
  async refreshGauges(scope: ScopedQuery): Promise<void> {
    const { models, catchRates } = await this.report(scope);
    this.metrics.accuracy.reset();
    this.metrics.accuracySamples.reset();
    this.metrics.catchRate.reset();
    this.metrics.calibrationError.reset();
    for (const { workflow, modelVersion, accuracy, calibration } of models) {
      const labels = { workflow, model_version: modelVersion };
      this.metrics.accuracySamples.set(labels, accuracy.trials);
      if (accuracy.estimate === null) continue;
      this.metrics.accuracy.set({ ...labels, bound: 'estimate' }, accuracy.estimate);
      this.metrics.accuracy.set({ ...labels, bound: 'lower' }, accuracy.lower);
      this.metrics.accuracy.set({ ...labels, bound: 'upper' }, accuracy.upper);
      if (calibration.expectedCalibrationError !== null) {
        this.metrics.calibrationError.set(labels, calibration.expectedCalibrationError);
      }
    }
    for (const { workflow, estimate, lower, upper } of catchRates) {
      if (estimate !== null) this.metrics.catchRate.set({ workflow, bound: 'estimate' }, estimate);
      this.metrics.catchRate.set({ workflow, bound: 'lower' }, lower);
      this.metrics.catchRate.set({ workflow, bound: 'upper' }, upper);
    }
  }

  async reviewers(scope: ScopedQuery & { workflow: string }): Promise<ReviewerQuality[]> {
    const [judgments, gold] = await Promise.all([
      this.store.allJudgments(scope),
      this.store.goldAnswers(scope.workflow),
    ]);
    return assessReviewers(judgments, gold);
  }

  async guardEffect(scope: ScopedQuery & { workflow: string }): Promise<GuardEffect> {
    const [judgments, gold] = await Promise.all([
      this.store.allJudgments(scope),
      this.store.goldAnswers(scope.workflow),
    ]);
    return guardEffect(scope.workflow, judgments, gold);
  }
}
