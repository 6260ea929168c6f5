import { Injectable } from '@nestjs/common';
import { Counter, Gauge, register } from 'prom-client';

function counter(name: string, help: string, labelNames: string[]): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames });
}

function gauge(name: string, help: string, labelNames: string[]): Gauge<string> {
  return (register.getSingleMetric(name) as Gauge<string>) ?? new Gauge({ name, help, labelNames });
}

/** The feedback service's Prometheus metrics (scraped at /metrics). Gauges are refreshed by each statistics run. */
@Injectable()
export class FeedbackMetrics {
  readonly received = counter(
    'countersign_feedback_judgments_received_total',
    'Valid judgments received (stored or already stored)',
    ['kind'],
  );
  readonly duplicates = counter(
    'countersign_feedback_judgments_duplicate_total',
    'Redelivered judgments recognised and not stored again',
    [],
  );
  readonly deadLettered = counter('countersign_feedback_dead_letters_total', 'Records dead-lettered', ['reason']);
  readonly accuracy = gauge(
    'countersign_feedback_accuracy',
    'AI accuracy from unbiased samples (random + audit), point estimate and 95% Wilson bounds',
    ['workflow', 'model_version', 'bound'],
  );
  readonly accuracySamples = gauge(
    'countersign_feedback_accuracy_samples',
    'Unbiased samples behind countersign_feedback_accuracy',
    ['workflow', 'model_version'],
  );
  readonly catchRate = gauge(
    'countersign_feedback_catch_rate',
    'Share of AI errors caught by review before release, point estimate and 95% bounds',
    ['workflow', 'bound'],
  );
  readonly calibrationError = gauge(
    'countersign_feedback_expected_calibration_error',
    'Expected calibration error of the model confidence on unbiased samples',
    ['workflow', 'model_version'],
  );
}
