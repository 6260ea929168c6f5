import { Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { hasRole, Principal } from '@countersign/auth';
import { Topics } from '@countersign/contracts';
import { Outbox, OutboundRecord, outboundEvent } from '@countersign/kafka';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { claim } from '../domain/claim';
import { ReviewTask } from '../domain/review-task';
import { reviewOutcomeEvents } from '../domain/review-outcome-events';
import { authorize } from '../domain/task-access';
import { TaskAction } from '../domain/task-action';
import { taskAuditEvent } from '../domain/task-audit-event';
import { TaskTransition } from '../domain/task-transition';
import { TaskStore } from './task-store';
import { WebhookNotifier } from './webhook-notifier';

/**
 * Applies one transition of one task in one database transaction: lock the row, check who may act, run the domain's
 * transition, store the task and its history, and put its events (audit; on completion review.completed and the final
 * outcome) in the outbox — published if and only if the change commits.
 */
@Injectable()
export class TaskCommands {
  constructor(
    private readonly store: TaskStore,
    private readonly outbox: Outbox,
    private readonly notifier: WebhookNotifier,
    private readonly config: ConfigService,
  ) {}

  get leaseMs(): number {
    return Number(this.config.get('REVIEW_LEASE_SECONDS') ?? 300) * 1000;
  }

  async apply(
    principal: Principal,
    taskId: string,
    action: TaskAction,
    transition: (task: ReviewTask, now: Date) => TaskTransition,
  ): Promise<ReviewTask> {
    const result = await this.store.dataSource.transaction(async (manager) => {
      const task = await this.store.lock(manager, taskId);
      if (!task) throw new NotFoundException(`no task ${taskId}`);
      authorize(principal, action, task);
      const now = new Date();
      const next = transition(task, now);
      await this.persist(manager, next, principal.subject, now);
      return next;
    });
    if (result.event === 'escalated') this.notifier.notify('task.escalated', result.task);
    return result.task;
  }

  /** Claims the first task in queue order the caller may take; null when there is none. */
  async next(principal: Principal, workflow?: string): Promise<ReviewTask | null> {
    return this.store.dataSource.transaction(async (manager) => {
      const task = await this.store.lockNext(manager, principal, hasRole(principal, 'lead'), workflow);
      if (!task) return null;
      authorize(principal, 'claim', task);
      const now = new Date();
      const claimed = claim(task, principal.subject, now, this.leaseMs);
      await this.persist(manager, claimed, principal.subject, now);
      return claimed.task;
    });
  }

  async persist(manager: EntityManager, transition: TaskTransition, actor: string, now: Date): Promise<void> {
    const { task, event } = transition;
    await this.store.save(manager, task);
    await this.store.recordEvent(manager, task.id, event, actor, { version: task.version, state: task.state });
    const audit = taskAuditEvent(transition, { eventId: randomUUID(), actor, occurredAt: now });
    const records: OutboundRecord[] = [outboundEvent(Topics.auditEvents, task.decisionId, audit)];
    if (event === 'completed') {
      const { completed, final } = reviewOutcomeEvents(task);
      records.push(outboundEvent(Topics.reviewCompleted, task.decisionId, completed));
      if (final) records.push(outboundEvent(Topics.decisionsFinal, task.decisionId, final));
    }
    await this.outbox.add(manager, records);
  }
}
