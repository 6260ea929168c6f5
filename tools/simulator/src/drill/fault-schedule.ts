import { describeFault, PlannedFault } from '../domain/fault-plan';
import { sleep } from '../simulated-reviewer';
import { IsolatedPlatform } from './isolated-platform';
import { RecoveryCanary } from './recovery-canary';
import { pauseProcesses, pidFromFile, withChildren } from './process-pause';

/** What one fault did and when: struck, lifted (the condition removed), recovered (the platform working again). */
export interface FaultRecord {
  fault: PlannedFault;
  description: string;
  struckAt: number;
  liftedAt?: number;
  /** Every service healthy and a canary sent after the lift routed (released, if autonomous); undefined: not in time. */
  recoveredAt?: number;
  error?: string;
}

/** A platform that has not recovered this long after a fault lifted would need a person: counted as not recovered. */
const RECOVERY_LIMIT_MS = 300_000;

/** Injects the fault and resolves once its condition is lifted. */
async function inject(fault: PlannedFault, platform: IsolatedPlatform): Promise<void> {
  const service = fault.service ? platform.services[fault.service] : undefined;
  const needService = () => {
    if (!service) throw new Error(`${fault.kind} needs a service`);
    return service;
  };
  switch (fault.kind) {
    case 'kill-9':
      return needService().crashAndRestart();
    case 'pause-service-short':
    case 'pause-service-long': {
      const target = needService();
      return pauseProcesses(() => (target.pid === undefined ? [] : [target.pid]), fault.durationMs);
    }
    case 'pause-broker-short':
    case 'pause-broker-long':
      return pauseProcesses(() => withChildren(pidFromFile(platform.kafka.pidFile)).slice(0, 1), fault.durationMs);
    case 'pause-postgres-short':
    case 'pause-postgres-long':
      return pauseProcesses(() => withChildren(pidFromFile(platform.postgres.pidFile)), fault.durationMs);
    case 'clock-ahead':
    case 'clock-behind': {
      const clock = platform.clocks?.[fault.service ?? 'router'];
      if (!clock) throw new Error('clock skew needs the services started on skewable clocks');
      clock.set(fault.skewSeconds ?? 0);
      try {
        return await sleep(fault.durationMs);
      } finally {
        clock.set(0);
      }
    }
    case 'partition-service-broker':
    case 'partition-service-postgres': {
      const network = platform.network;
      if (!network) throw new Error('partitions need the drill network (run as root)');
      const name = needService().name;
      const port = fault.kind === 'partition-service-broker' ? platform.kafka.port : platform.postgres.port;
      await network.partition(name, port);
      try {
        return await sleep(fault.durationMs);
      } finally {
        await network.heal(name);
      }
    }
    case 'restart-broker':
      return platform.kafka.restart();
    case 'crash-postgres':
      return platform.postgres.restart();
  }
}

/** Lifted at once: the fault is the instant of the kill or crash; what follows (restart, recovery) is recovery. */
const INSTANT = new Set(['kill-9', 'restart-broker', 'crash-postgres']);

/**
 * Strikes each planned fault once the stream has got that far, while the stream goes on (it is never held: a
 * recovery is seen as the platform publishing again). No two faults overlap: one whose point comes while the last is
 * still active or recovering strikes as soon as that one has recovered.
 */
export class FaultSchedule {
  readonly records: FaultRecord[] = [];
  private readonly pending: PlannedFault[];
  private striking: Promise<void> = Promise.resolve();

  constructor(
    faults: PlannedFault[],
    private readonly total: number,
    private readonly platform: IsolatedPlatform,
    private readonly canary: RecoveryCanary,
    private readonly say: (message: string) => void,
  ) {
    this.pending = [...faults].sort((a, b) => a.at - b.at);
  }

  /** Called before each batch of the stream with how many decisions were sent so far. */
  readonly gate = async (sent: number): Promise<void> => {
    while (this.pending.length > 0 && sent >= this.pending[0].at * this.total) {
      const fault = this.pending.shift() as PlannedFault;
      this.striking = this.striking.then(() => this.strike(fault));
    }
  };

  /** Resolves once every fault struck (the rest strike now) has recovered or was given up on. */
  readonly recovered = async (): Promise<void> => {
    await this.gate(Number.POSITIVE_INFINITY);
    await this.striking;
  };

  private async strike(fault: PlannedFault): Promise<void> {
    const record: FaultRecord = { fault, description: describeFault(fault), struckAt: Date.now() };
    this.records.push(record);
    this.say(`fault: ${record.description}`);
    try {
      const injected = inject(fault, this.platform);
      if (INSTANT.has(fault.kind)) record.liftedAt = record.struckAt;
      await injected;
      record.liftedAt ??= Date.now();
      await this.awaitRecovery(record);
    } catch (error) {
      record.liftedAt ??= Date.now();
      record.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
      this.say(`fault ${record.description} FAILED: ${record.error}`);
      await this.awaitRecovery(record);
    }
  }

  private async awaitRecovery(record: FaultRecord): Promise<void> {
    const liftedAt = record.liftedAt ?? Date.now();
    let dealtWith: (() => boolean) | undefined;
    while (Date.now() - liftedAt < RECOVERY_LIMIT_MS) {
      // Sending may fail while the broker is still coming back: then try again.
      dealtWith ??= await this.canary.send().catch(() => undefined);
      if (dealtWith?.() && (await this.allHealthy())) {
        record.recoveredAt = Date.now();
        this.say(`recovered from: ${record.description} (${((record.recoveredAt - liftedAt) / 1000).toFixed(1)} s)`);
        return;
      }
      await sleep(250);
    }
    this.say(`NOT RECOVERED ${RECOVERY_LIMIT_MS / 1000} s after: ${record.description}`);
  }

  private async allHealthy(): Promise<boolean> {
    const answers = await Promise.all(
      Object.values(this.platform.services).map((service) =>
        fetch(`${service.url}/health`, { signal: AbortSignal.timeout(2_000) })
          .then((response) => response.ok)
          .catch(() => false),
      ),
    );
    return answers.every(Boolean);
  }
}
