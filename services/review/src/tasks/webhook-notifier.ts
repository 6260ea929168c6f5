import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ReviewTask } from '../domain/review-task';
import { taskNotice, TaskNoticeType } from '../domain/task-notice';
import { signWebhook } from './webhook-signature';
import { TypedConfig } from '@countersign/platform';
import { ReviewEnvironment } from '../review-environment';

export type TaskNotice = TaskNoticeType;

/** Notices waiting for a free delivery slot beyond which new ones are dropped (logged), so memory stays bounded. */
const MAX_WAITING = 1_000;

interface Delivery {
  id: string;
  body: string;
  notice: TaskNotice;
  taskId: string;
}

/**
 * Tells a team's webhook (Slack, email bridge, ...) when a task enters a queue or breaches its SLA. Called after the
 * change has committed; each notice is signed (Standard Webhooks: HMAC-SHA256 with REVIEW_WEBHOOK_SECRET over id,
 * timestamp and body) and retried with exponential backoff; at most REVIEW_WEBHOOK_CONCURRENCY are in flight, so a
 * burst of tasks (or a slow receiver) never opens thousands of connections. A notice that still fails is logged and
 * never blocks review.
 */
@Injectable()
export class WebhookNotifier {
  private readonly log = new Logger(WebhookNotifier.name);
  private readonly waiting: Delivery[] = [];
  private inFlight = 0;

  constructor(private readonly config: TypedConfig<ReviewEnvironment>) {}

  notify(notice: TaskNotice, task: ReviewTask): void {
    if (!this.config.get('REVIEW_WEBHOOK_URL')) return;
    const body = JSON.stringify(taskNotice(notice, task, this.config.get('REVIEW_WEB_APP_URL')));
    if (this.waiting.length >= MAX_WAITING) {
      this.log.error({ msg: 'webhook backlog full; notice dropped', notice, taskId: task.id });
      return;
    }
    this.waiting.push({ id: `msg_${randomUUID()}`, body, notice, taskId: task.id });
    this.pump();
  }

  private pump(): void {
    const limit = this.config.get('REVIEW_WEBHOOK_CONCURRENCY');
    while (this.inFlight < limit && this.waiting.length > 0) {
      const delivery = this.waiting.shift() as Delivery;
      this.inFlight += 1;
      void this.deliver(delivery).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async deliver({ id, body, notice, taskId }: Delivery): Promise<void> {
    const url = this.config.require('REVIEW_WEBHOOK_URL');
    const secret = this.config.require('REVIEW_WEBHOOK_SECRET');
    const attempts = 5;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          // Signed per attempt: the timestamp is the sending time, which receivers check against replays.
          headers: { 'content-type': 'application/json', ...signWebhook(secret, id, body, new Date()) },
          body,
          signal: AbortSignal.timeout(5_000),
        });
        if (response.ok) return;
        throw new Error(`answered ${response.status}`);
      } catch (error) {
        if (attempt === attempts) {
          this.log.error({ msg: 'webhook failed', notice, taskId, error: (error as Error).message });
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}
