import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { hasRole, Principal } from '@countersign/auth';
import { Topics } from '@countersign/contracts';
import { continuingTrace, Outbox, OutboundRecord, outboundEvent } from '@countersign/kafka';
import { randomUUID } from 'node:crypto';
import { Queryable } from '../database/queryable';
import { ReviewTask } from '../domain/review-task';
import { reviewOutcomeEvents } from '../domain/review-outcome-events';
import { terminalOutcome } from '../domain/terminal-outcome';
import { authorize } from '../domain/task-access';
import { TaskAction } from '../domain/task-action';
import { taskAuditEvent } from '../domain/task-audit-event';
import { requireLeaseLength, TaskTransition } from '../domain/task-transition';
import { NotPermitted } from '../domain/task-errors';
import { TaskStore } from './task-store';
import { WebhookNotifier } from './webhook-notifier';
import { TypedConfig } from '@countersign/platform';
import { ReviewEnvironment } from '../review-environment';

/**
 * Applies one transition of one task in one database transaction: lock the row, check who may act, run the domain's
 * transition, store the task and its history, and put its events (audit; on completion review.completed and the final
 * outcome; on expiry or cancellation the final outcome expired or withdrawn) in the outbox — published if and only if
 * the change commits.
 */
const MAX_ATTEMPTS = 5;

@Injectable()
export class TaskCommands {
  constructor(
    private readonly store: TaskStore,
    private readonly outbox: Outbox,
    private readonly notifier: WebhookNotifier,
    private readonly config: TypedConfig<ReviewEnvironment>,
  ) {}

  get leaseMs(): number {
    return this.config.get('REVIEW_LEASE_SECONDS') * 1000;
  }

  /**
   * Reads the task without a lock, runs the transition and writes it only if nobody changed the task meanwhile
   * (version check) — two round trips instead of a transaction's five. A concurrent change means: read again and let
   * the domain decide on the new state (which may now refuse, e.g. a lease someone else took); so does a write that
   * came too long after the read (the store refuses it: the lease would start in the past). The transition's `now`
   * is the database's clock, read with the task: a lease, SLA or expiry time means the same on every replica (the
   * fault drill found leases cut short and taken early when this service's clock was minutes off).
   */
  async apply(
    principal: Principal,
    taskId: string,
    action: TaskAction,
    transition: (task: ReviewTask, now: Date) => TaskTransition,
  ): Promise<ReviewTask> {
    for (let attempt = 1; ; attempt += 1) {
      const read = await this.store.getWithClock(taskId);
      if (!read) throw new NotFoundException(`no task ${taskId}`);
      const { task, now } = read;
      authorize(principal, action, task);
      const next = transition(task, now);
      if (await this.persist(this.store.prepared, next, principal.subject, now, task.version)) {
        if (next.event === 'escalated') this.notifier.notify('task.escalated', next.task);
        return next.task;
      }
      if (attempt === MAX_ATTEMPTS) {
        throw new ConflictException(
          `task ${taskId} kept changing (or the database was too slow to keep its clock reading) under ${MAX_ATTEMPTS} attempts; try again`,
        );
      }
    }
  }

  /**
   * Claims the first task in queue order the caller may take; null when there is none. One statement (the store's
   * `claimNext`, the domain's claim written in SQL): no transaction held open across round trips on the reviewers'
   * busiest request.
   */
  async next(principal: Principal, workflow?: string): Promise<ReviewTask | null> {
    if (!hasRole(principal, 'reviewer')) throw new NotPermitted('claim', principal.subject, 'not a reviewer');
    requireLeaseLength(this.leaseMs);
    return this.store.claimNext(
      principal,
      hasRole(principal, 'lead'),
      workflow,
      this.leaseMs,
      this.outbox,
      Topics.auditEvents,
    );
  }

  /**
   * Writes a transition with its audit event and, on completion, review.completed and the final outcome — one
   * statement. `expectedVersion`: write only if the task is still at that version; false when it was not.
   */
  async persist(
    runner: Queryable,
    transition: TaskTransition,
    actor: string,
    now: Date,
    expectedVersion?: number,
  ): Promise<boolean> {
    const { task, event } = transition;
    const audit = taskAuditEvent(transition, { eventId: randomUUID(), actor, occurredAt: now });
    const records: OutboundRecord[] = [outboundEvent(Topics.auditEvents, task.decisionId, audit)];
    if (event === 'completed') {
      const { completed, final } = reviewOutcomeEvents(task);
      records.push(outboundEvent(Topics.reviewCompleted, task.decisionId, completed));
      if (final) records.push(outboundEvent(Topics.decisionsFinal, task.decisionId, final));
    }
    if (event === 'expired' || event === 'cancelled') {
      const final = terminalOutcome(task);
      if (final) records.push(outboundEvent(Topics.decisionsFinal, task.decisionId, final));
    }
    // Published on the decision's trace, whoever acts (a reviewer's request, the expiry sweep).
    const traced = continuingTrace(records, task.traceparent);
    return this.store.saveTransition(runner, { task, event, actor, at: now, expectedVersion }, this.outbox, traced);
  }
}
