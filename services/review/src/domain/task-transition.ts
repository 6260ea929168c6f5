import { Lease, ReviewTask, TaskGroup } from './review-task';
import { TaskAction } from './task-action';
import { AlreadyJudgedByReviewer, IllegalTransition, LeaseExpired, LeaseNotHeld } from './task-errors';
import { TaskState } from './task-state';

/** What a transition did, for the audit trail and for deciding what to publish. */
export type TaskEvent =
  | 'created'
  | 'claimed'
  | 'lease_renewed'
  | 'released'
  | 'lease_expired'
  | 'recorded'
  | 'completed'
  | 'escalated'
  | 'reassigned'
  | 'cancelled'
  | 'expired'
  | 'commented';

/** The task after a transition (a new object, `version` one higher) and what happened to it. */
export interface TaskTransition<E extends TaskEvent = TaskEvent> {
  task: ReviewTask;
  event: E;
}

/** Where a task of `group` waits for someone to claim it: the reviewers' queue, or the leads'. */
export function waitingState(group: TaskGroup): Extract<TaskState, 'open' | 'escalated'> {
  return group === 'escalation' ? 'escalated' : 'open';
}

/** Lease rule of the whole state machine: a lease is over at its `expiresAt`, not a millisecond later. */
export function leaseExpired(task: ReviewTask, now: Date): boolean {
  return task.lease !== undefined && task.lease.expiresAt.getTime() <= now.getTime();
}

/** Four-eyes: true when `reviewer` gave a judgment that counts, or one set aside by an escalation. */
export function hasJudged(task: ReviewTask, reviewer: string): boolean {
  const judged = [...task.judgments, ...(task.escalation?.judgments ?? [])];
  return judged.some((judgment) => judgment.reviewer === reviewer);
}

export function requireState(task: ReviewTask, action: TaskAction, allowed: readonly TaskState[]): void {
  if (!allowed.includes(task.state)) throw new IllegalTransition(task.state, action);
}

/**
 * Past its expiry time a task belongs to the expiry sweep: nobody claims, renews, reassigns or judges it any more, so
 * the decision's outcome is `expired` whether or not the sweep has run yet.
 */
export function requireNotExpired(task: ReviewTask, action: TaskAction, now: Date): void {
  if (task.expiresAt.getTime() <= now.getTime()) {
    throw new IllegalTransition(task.state, action, `its expiry time ${task.expiresAt.toISOString()} has passed`);
  }
}

export function requireNotJudgedBy(task: ReviewTask, reviewer: string): void {
  if (hasJudged(task, reviewer)) throw new AlreadyJudgedByReviewer(task.id, reviewer);
}

/** The task's lease, when `reviewer` holds it and it still runs at `now`. */
export function requireLiveLease(task: ReviewTask, reviewer: string, now: Date): Lease {
  const { lease } = task;
  if (lease?.holder !== reviewer) throw new LeaseNotHeld(task.id, reviewer);
  if (leaseExpired(task, now)) throw new LeaseExpired(task.id, lease.expiresAt);
  return lease;
}

export function requireLeaseLength(leaseMs: number): void {
  if (!Number.isSafeInteger(leaseMs) || leaseMs <= 0) {
    throw new RangeError(`a lease must last a positive whole number of milliseconds (got ${leaseMs})`);
  }
}

/** `task` with `changes` applied and without a lease, one version on. */
export function withoutLease(task: ReviewTask, changes: Partial<ReviewTask>): ReviewTask {
  const { lease: _lease, ...rest } = task;
  return { ...rest, ...changes, version: task.version + 1 };
}
