import { Controller, Logger } from '@nestjs/common';
import { TypedConfig } from '@countersign/platform';
import { ReviewEnvironment } from '../review-environment';
import { EventPattern, Payload } from '@nestjs/microservices';
import { compiledDecoder, ReviewRequestedV1, Topics } from '@countersign/contracts';
import {
  BatchResult,
  currentTraceparent,
  InboundRecord,
  Outbox,
  outboundEvent,
  RecordOutcome,
} from '@countersign/kafka';
import { randomUUID } from 'node:crypto';
import { escalate } from '../domain/escalate';
import { openTask } from '../domain/open-task';
import { quorumReachable } from '../domain/quorum';
import { ReviewTask } from '../domain/review-task';
import { parseStaffing, Staffing, staffOf } from '../domain/staffing';
import { taskAuditEvent } from '../domain/task-audit-event';
import { TaskCommands } from './task-commands';
import { TaskStore } from './task-store';
import { WebhookNotifier } from './webhook-notifier';

const decodeRequest = compiledDecoder(ReviewRequestedV1);

/**
 * Opens one task per review request, a batch per database transaction. The unique (decision id, kind) makes a
 * redelivered request open nothing; a failure to store throws, so the batch is redelivered. A task needing more
 * approvals than its workflow has people (REVIEW_STAFFING) goes to the leads at once (quorum_unreachable).
 */
@Controller()
export class ReviewRequestedHandler {
  private readonly log = new Logger(ReviewRequestedHandler.name);
  private readonly staffing: Staffing;

  constructor(
    private readonly store: TaskStore,
    private readonly outbox: Outbox,
    private readonly notifier: WebhookNotifier,
    private readonly commands: TaskCommands,
    config: TypedConfig<ReviewEnvironment>,
  ) {
    this.staffing = parseStaffing(config.get('REVIEW_STAFFING'));
  }

  @EventPattern(Topics.reviewRequested, { batch: true })
  async open(@Payload() records: InboundRecord[]): Promise<BatchResult> {
    const now = new Date();
    const outcomes: RecordOutcome[] = [];
    const requests: ReviewRequestedV1[] = [];
    for (const record of records) {
      const decoded = decodeRequest(record.value);
      outcomes.push(decoded.ok ? RecordOutcome.done() : RecordOutcome.deadLetter(decoded.reason, decoded.errors));
      if (decoded.ok) requests.push(decoded.value);
    }
    const opened = await this.store.dataSource.transaction(async (manager) => {
      const stored: ReviewTask[] = [];
      for (const request of requests) {
        const task: ReviewTask = {
          ...openTask(request, { id: randomUUID(), now, errorCostAttribute: request.routing.errorCostAttribute }),
          traceparent: currentTraceparent(request.decisionId),
        };
        if (!(await this.store.insertIfAbsent(manager, task))) continue;
        await this.store.recordEvent(manager, task.id, 'created', 'review', { version: task.version });
        const audit = taskAuditEvent(
          { task, event: 'created' },
          { eventId: randomUUID(), actor: 'review', occurredAt: now },
        );
        await this.outbox.add(manager, [outboundEvent(Topics.auditEvents, task.decisionId, audit)]);
        if (quorumReachable(task, staffOf(this.staffing, task.workflow))) {
          stored.push(task);
          continue;
        }
        const escalated = escalate(task, 'quorum_unreachable', now);
        await this.commands.persist(manager, escalated, 'review', now);
        stored.push(escalated.task);
      }
      return stored;
    });
    if (opened.length < requests.length) {
      this.log.log({ msg: 'review requests already open, skipped', count: requests.length - opened.length });
    }
    return {
      outcomes,
      afterCommit: async () =>
        opened.forEach((task) =>
          this.notifier.notify(task.state === 'escalated' ? 'task.escalated' : 'task.queued', task),
        ),
    };
  }
}
