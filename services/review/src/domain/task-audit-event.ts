import { AuditEventType, AuditEventV1, JsonObject } from '@countersign/contracts';
import { ReviewTask } from './review-task';
import { TaskEvent, TaskTransition } from './task-transition';

/**
 * The audit type of each task event. The audit catalogue has no type for a renewal, a recorded judgment that waits
 * for the next reviewer, a reassignment or an expiry, so those go under the nearest one; `data.event` always names
 * the exact event.
 */
export const AUDIT_TYPE_OF: Record<TaskEvent, AuditEventType> = {
  created: 'task.created',
  claimed: 'task.claimed',
  lease_renewed: 'task.claimed',
  reassigned: 'task.claimed',
  released: 'task.released',
  lease_expired: 'task.released',
  recorded: 'task.released',
  completed: 'task.completed',
  escalated: 'task.escalated',
  cancelled: 'task.cancelled',
  expired: 'task.expired',
  commented: 'task.commented',
};

export interface AuditStamp {
  /** A uuid made by the caller: consumers deduplicate on it. */
  eventId: string;
  /** Who caused it: the reviewer's or lead's subject, or `review` for the service's own schedulers. */
  actor: string;
  occurredAt: Date;
}

/** The audit event for a task transition (or for `{ task, event: 'created' }` when a task is opened). */
export function taskAuditEvent(transition: TaskTransition, stamp: AuditStamp): AuditEventV1 {
  const { task, event } = transition;
  return {
    schemaVersion: 1,
    eventId: stamp.eventId,
    type: AUDIT_TYPE_OF[event],
    decisionId: task.decisionId,
    workflow: task.workflow,
    actor: stamp.actor,
    source: 'review',
    data: {
      event,
      taskId: task.id,
      kind: task.kind,
      state: task.state,
      group: task.group,
      version: task.version,
      ...detailsOf(event, task),
    },
    occurredAt: stamp.occurredAt.toISOString(),
  };
}

function detailsOf(event: TaskEvent, task: ReviewTask): JsonObject {
  switch (event) {
    case 'created':
      return { dueAt: task.dueAt.toISOString(), requiredApprovals: task.requiredApprovals, errorCost: task.errorCost };
    case 'claimed':
    case 'lease_renewed':
    case 'reassigned':
      return {
        holder: task.lease?.holder ?? null,
        leaseExpiresAt: task.lease?.expiresAt.toISOString() ?? null,
        ...(task.lease?.assignedBy === undefined ? {} : { assignedBy: task.lease.assignedBy }),
      };
    case 'recorded':
    case 'completed':
      return {
        judgments: task.judgments.map(({ reviewer, verdict, givenAt }) => ({
          reviewer,
          verdict,
          givenAt: givenAt.toISOString(),
        })),
        ...(task.outcome ? { verdict: task.outcome.verdict, reviewers: task.outcome.reviewers } : {}),
      };
    case 'escalated':
      return {
        reason: task.escalation?.reason ?? null,
        setAside: (task.escalation?.judgments ?? []).map(({ reviewer, verdict }) => ({ reviewer, verdict })),
      };
    case 'cancelled':
      return { reason: task.cancellation?.reason ?? null };
    case 'expired':
      return {
        outcome: task.expiry?.outcome ?? task.safeDefault,
        dueAt: task.dueAt.toISOString(),
        expiresAt: task.expiresAt.toISOString(),
        judgments: task.judgments.map(({ reviewer, verdict }) => ({ reviewer, verdict })),
      };
    case 'commented': {
      const latest = task.comments?.at(-1);
      return { author: latest?.author ?? null, comment: latest?.text ?? null };
    }
    case 'released':
    case 'lease_expired':
      return {};
  }
}
