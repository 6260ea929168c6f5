import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { RoutedDecisionLedger } from './routed-decision-ledger';
import { TypedConfig } from '@countersign/platform';
import { RouterEnvironment } from '../router-environment';

const DAY_MS = 24 * 3600 * 1000;

/** Hourly, forgets routed ids (and dry-run samples) older than DEDUP_RETENTION_DAYS, so the ledger stays bounded. */
@Injectable()
export class LedgerRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(LedgerRetention.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ledger: RoutedDecisionLedger,
    private readonly config: TypedConfig<RouterEnvironment>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), 3600 * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(now = new Date()): Promise<void> {
    const days = this.config.get('DEDUP_RETENTION_DAYS');
    try {
      const forgotten = await this.ledger.forgetBefore(new Date(now.getTime() - days * DAY_MS));
      if (forgotten > 0) this.log.log({ msg: 'forgot routed decision ids past retention', forgotten, days });
    } catch (error) {
      this.log.error({ msg: 'ledger retention sweep failed', error: (error as Error).message });
    }
  }
}
