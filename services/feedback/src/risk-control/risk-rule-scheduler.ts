import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TypedConfig } from '@countersign/platform';
import { FeedbackEnvironment } from '../feedback-environment';
import { RiskRuleService } from './risk-rule.service';

/** Every FEEDBACK_RISK_INTERVAL_MS: one risk-control run; one at a time; a failed run is logged and retried next. */
@Injectable()
export class RiskRuleScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RiskRuleScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly riskRules: RiskRuleService,
    private readonly config: TypedConfig<FeedbackEnvironment>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.get('FEEDBACK_RISK_INTERVAL_MS'));
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.riskRules
      .run()
      .then(() => undefined)
      .catch((error: unknown) =>
        this.log.error({ msg: 'risk control run failed', error: error instanceof Error ? error.message : error }),
      )
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
