import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ReviewTask } from '../domain/review-task';
import { scheduledTransitions } from '../domain/scheduled-transitions';
import { TaskCommands } from './task-commands';
import { TaskStore } from './task-store';
import { WebhookNotifier } from './webhook-notifier';
import { TypedConfig } from '@countersign/platform';
import { ReviewEnvironment } from '../review-environment';

/**
 * Every few seconds: returns expired leases to the queue, escalates tasks whose SLA has passed (with a notice), and
 * ends tasks whose expiry time has come as `expired` with their safe default — so time alone gives every review task
 * one final outcome.
 */
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

  /**
   * One pass at the database's clock (a replica whose own clock runs ahead must not take live leases away); returns
   * the tasks it escalated and those it expired.
   */
  async sweep(): Promise<{ escalated: ReviewTask[]; expired: ReviewTask[] }> {
    const swept = await this.store.dataSource.transaction(async (manager) => {
      const now = await this.store.clock(manager);
      const breached: ReviewTask[] = [];
      const expired: ReviewTask[] = [];
      for (const task of await this.store.lockDue(manager, 100, now)) {
        for (const step of scheduledTransitions(task, now)) {
          await this.commands.persist(manager, step, 'review', now);
          if (step.event === 'escalated') breached.push(step.task);
          if (step.event === 'expired') expired.push(step.task);
        }
      }
      return { escalated: breached, expired };
    });
    swept.escalated.forEach((task) => this.notifier.notify('task.sla_breached', task));
    if (swept.escalated.length) this.log.warn({ msg: 'tasks escalated: SLA breached', count: swept.escalated.length });
    for (const task of swept.expired) {
      this.log.warn({ msg: 'task expired', decisionId: task.decisionId, taskId: task.id, outcome: task.safeDefault });
    }
    return swept;
  }
}
