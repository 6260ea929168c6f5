import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { dueForEscalation } from '../domain/sla';
import { escalate } from '../domain/escalate';
import { expireLease } from '../domain/expire-lease';
import { leaseExpired, TaskTransition } from '../domain/task-transition';
import { ReviewTask } from '../domain/review-task';
import { TaskCommands } from './task-commands';
import { TaskStore } from './task-store';
import { WebhookNotifier } from './webhook-notifier';
import { TypedConfig } from '@countersign/platform';
import { ReviewEnvironment } from '../review-environment';

/** Every few seconds: returns expired leases to the queue and escalates tasks whose SLA has passed, with a notice. */
@Injectable()
export class TaskScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(TaskScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly store: TaskStore,
    private readonly commands: TaskCommands,
    private readonly notifier: WebhookNotifier,
    private readonly config: TypedConfig<ReviewEnvironment>,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = this.config.get('REVIEW_SLA_SCAN_INTERVAL_MS');
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => this.log.error({ msg: 'SLA sweep failed', error: String(error) }))
        .finally(() => (this.running = undefined));
    }, everyMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns the tasks it escalated. */
  async sweep(now = new Date()): Promise<ReviewTask[]> {
    const escalated = await this.store.dataSource.transaction(async (manager) => {
      const breached: ReviewTask[] = [];
      for (const task of await this.store.lockDue(manager, 100)) {
        let current = task;
        const steps: TaskTransition[] = [];
        if (current.state === 'claimed' && leaseExpired(current, now)) {
          const step = expireLease(current, now);
          steps.push(step);
          current = step.task;
        }
        if (dueForEscalation(current, now)) {
          const step = escalate(current, 'sla_breached', now);
          steps.push(step);
          current = step.task;
          breached.push(current);
        }
        for (const step of steps) await this.commands.persist(manager, step, 'review', now);
      }
      return breached;
    });
    escalated.forEach((task) => this.notifier.notify('task.sla_breached', task));
    if (escalated.length) this.log.warn({ msg: 'tasks escalated: SLA breached', count: escalated.length });
    return escalated;
  }
}
