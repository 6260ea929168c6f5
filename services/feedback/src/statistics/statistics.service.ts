import { Injectable } from '@nestjs/common';
import { AccuracyEstimate, estimateAccuracy } from '../domain/accuracy';
import { Calibration, calibrate } from '../domain/calibration';
import { CatchRate, estimateCatchRate } from '../domain/catch-rate';
import { assessReviewers, ReviewerQuality } from '../domain/reviewer-quality';
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
    const samples = await this.store.unbiasedSamples(scope);
    const models = estimateAccuracy(samples).map((estimate) => ({
      ...estimate,
      calibration: calibrate(
        samples.filter((s) => s.workflow === estimate.workflow && s.modelVersion === estimate.modelVersion),
      ),
    }));
    const inputs = await this.store.catchRateInputs(scope);
    const catchRates = [...inputs]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
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
}
