import { IsolatedPlatform } from './isolated-platform';

export interface Fault {
  /** Share of the stream sent when the fault strikes. */
  at: number;
  name: string;
  strike: (platform: IsolatedPlatform) => Promise<unknown>;
}

/** Each service killed once, then the broker restarted, then Postgres crashed and restarted. */
export const DRILL_FAULTS: Fault[] = [
  { at: 0.1, name: 'kill -9 router', strike: (p) => p.services.router.crashAndRestart() },
  { at: 0.2, name: 'kill -9 review', strike: (p) => p.services.review.crashAndRestart() },
  { at: 0.3, name: 'kill -9 feedback', strike: (p) => p.services.feedback.crashAndRestart() },
  { at: 0.4, name: 'kill -9 audit', strike: (p) => p.services.audit.crashAndRestart() },
  { at: 0.55, name: 'restart the Kafka broker', strike: (p) => p.kafka.restart() },
  { at: 0.75, name: 'crash and restart PostgreSQL (pg_ctl stop -m immediate)', strike: (p) => p.postgres.restart() },
];

/**
 * Strikes each fault once the stream has got that far, while the stream goes on; the stream waits at the next
 * fault's point for the last one to recover, so every fault meets decisions in flight and no two overlap.
 */
export class FaultSchedule {
  readonly log: string[] = [];
  private readonly pending: Fault[];
  private striking: Promise<void> = Promise.resolve();

  constructor(
    faults: Fault[],
    private readonly total: number,
    private readonly platform: IsolatedPlatform,
    private readonly say: (message: string) => void,
  ) {
    this.pending = [...faults];
  }

  /** Called before each batch of the stream with how many decisions were sent so far. */
  readonly gate = async (sent: number): Promise<void> => {
    while (this.pending.length > 0 && sent >= this.pending[0].at * this.total) {
      await this.striking;
      this.striking = this.strike(this.pending.shift() as Fault);
    }
  };

  /** Resolves once the last fault has recovered (rejects if a recovery failed). */
  readonly recovered = (): Promise<void> => this.striking;

  private async strike(fault: Fault): Promise<void> {
    const started = Date.now();
    this.say(`fault: ${fault.name}`);
    await fault.strike(this.platform);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    this.log.push(`${fault.name}: back in ${seconds} s`);
    this.say(`recovered from: ${fault.name} (${seconds} s)`);
  }
}
