import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PolicyRecommendationV1 } from '@countersign/contracts';
import { StatisticsService } from '../statistics/statistics.service';
import { RecommendationsService } from './recommendations.service';
import { TypedConfig } from '@countersign/platform';
import { FeedbackEnvironment } from '../feedback-environment';

/**
 * Every FEEDBACK_RECOMMEND_INTERVAL_MS: refresh the Prometheus gauges and issue changed recommendations. One run at a
 * time; a failed run is logged and the next one tries again.
 */
@Injectable()
export class RecommendationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RecommendationScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly recommendations: RecommendationsService,
    private readonly statistics: StatisticsService,
    private readonly config: TypedConfig<FeedbackEnvironment>,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.get('FEEDBACK_RECOMMEND_INTERVAL_MS');
    this.timer = setInterval(() => void this.tick(), interval);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One run now: refresh the gauges over the window, then issue what changed. Returns what was issued. */
  async runNow(): Promise<PolicyRecommendationV1[]> {
    const days = this.config.get('FEEDBACK_WINDOW_DAYS');
    await this.statistics.refreshGauges({ from: new Date(Date.now() - days * 24 * 3600 * 1000).toISOString() });
    return this.recommendations.run();
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = (async () => {
      try {
        await this.runNow();
      } catch (error) {
        this.log.error({ msg: 'recommendation run failed', error: error instanceof Error ? error.message : error });
      } finally {
        this.running = undefined;
      }
    })();
    await this.running;
  }
}
