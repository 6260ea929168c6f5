import { Injectable, Logger } from '@nestjs/common';
import { ReviewTask } from '../domain/review-task';
import { TypedConfig } from '@countersign/platform';
import { ReviewEnvironment } from '../review-environment';

export type TaskNotice = 'task.queued' | 'task.sla_breached' | 'task.escalated';

/**
 * Tells a team's webhook (Slack, email bridge, ...) when a task enters a queue or breaches its SLA. Called after the
 * change has committed; retried with exponential backoff; a notice that still fails is logged, never blocks review.
 */
@Injectable()
export class WebhookNotifier {
  private readonly log = new Logger(WebhookNotifier.name);

  constructor(private readonly config: TypedConfig<ReviewEnvironment>) {}

  notify(notice: TaskNotice, task: ReviewTask): void {
    const url = this.config.get('REVIEW_WEBHOOK_URL');
    if (!url) return;
    const body = JSON.stringify({
      type: notice,
      taskId: task.id,
      decisionId: task.decisionId,
      workflow: task.workflow,
      kind: task.kind,
      group: task.group,
      dueAt: task.dueAt.toISOString(),
      reasons: task.routing.reasons,
    });
    void this.deliver(url, body, notice, task.id);
  }

  private async deliver(url: string, body: string, notice: TaskNotice, taskId: string): Promise<void> {
    const attempts = 5;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
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
