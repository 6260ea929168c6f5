import { Injectable } from '@nestjs/common';
import { compare } from '../domain/accuracy';
import { Calibration, calibrate } from '../domain/calibration';
import { OversightWeek, oversightWeek, SMALL_SAMPLE, weekStarts } from '../domain/oversight-weeks';
import { ReviewerQuality } from '../domain/reviewer-quality';
import { StatisticsService } from '../statistics/statistics.service';
import { StatisticsStore } from '../statistics/statistics-store';
import { OversightStore } from './oversight-store';

const WEEK_MS = 7 * 24 * 3600 * 1000;

export interface OversightSeries {
  workflow: string;
  from: string;
  to: string;
  /** The workflow's highest acceptable released error rate; null when no budget is set (nothing to compare with). */
  maxErrorRate: number | null;
  smallSample: number;
  weeks: OversightWeek[];
  /** Reliability table per model version over the whole window, from unbiased samples. */
  calibration: Array<{ modelVersion: string } & Calibration>;
  /** For leads: gold agreement is here, never on the reviewer's own screen. */
  reviewers: ReviewerQuality[];
}

/** The oversight view's figures for one workflow over its last weeks: counted by the store, judged by the domain. */
@Injectable()
export class OversightService {
  constructor(
    private readonly store: OversightStore,
    private readonly statistics: StatisticsService,
    private readonly judgments: StatisticsStore,
  ) {}

  async series(workflow: string, weeks: number, now = new Date()): Promise<OversightSeries> {
    const starts = weekStarts(now, weeks);
    const from = starts[0];
    const to = new Date(starts[starts.length - 1].getTime() + WEEK_MS);
    const scope = { workflow, from: from.toISOString(), to: to.toISOString() };
    const [counts, maxErrorRate, samples, reviewers] = await Promise.all([
      this.store.weekCounts(workflow, from, to),
      this.store.maxErrorRate(workflow),
      this.judgments.unbiasedSamples(scope),
      this.statistics.reviewers(scope),
    ]);
    const none = { outcomes: {}, caught: 0, audited: 0, auditErrors: 0 };
    const versions = [...new Set(samples.map((sample) => sample.modelVersion))].sort(compare);
    return {
      workflow,
      from: scope.from,
      to: scope.to,
      maxErrorRate,
      smallSample: SMALL_SAMPLE,
      weeks: starts.map((start) =>
        oversightWeek(start, counts.get(start.toISOString().slice(0, 10)) ?? none, maxErrorRate),
      ),
      calibration: versions.map((modelVersion) => ({
        modelVersion,
        ...calibrate(samples.filter((sample) => sample.modelVersion === modelVersion)),
      })),
      reviewers,
    };
  }
}
