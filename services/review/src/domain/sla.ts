import { RoutingFacts } from '@countersign/contracts';
import { ReviewTask } from './review-task';

/** The review deadline when the routing facts carry none (a request from before SLAs were routed, or from audit). */
export const DEFAULT_SLA_SECONDS = 24 * 60 * 60;

/**
 * When review of a decision is due: `routing.slaSeconds` (the workflow policy's SLA) after review was requested, or
 * `fallbackSeconds` (the workflow's default, else 24 h) when routing has none.
 */
export function slaDueAt(requestedAt: Date, routing: RoutingFacts, fallbackSeconds = DEFAULT_SLA_SECONDS): Date {
  return new Date(requestedAt.getTime() + (routing.slaSeconds ?? fallbackSeconds) * 1000);
}

/** True when the task is not finished and its due time has come (at `dueAt` exactly, it is overdue). */
export function isOverdue(task: Pick<ReviewTask, 'state' | 'dueAt'>, now: Date): boolean {
  const unfinished = task.state === 'open' || task.state === 'claimed' || task.state === 'escalated';
  return unfinished && task.dueAt.getTime() <= now.getTime();
}

/**
 * What the SLA scheduler escalates: an overdue task still with the reviewers. A task already with the leads is
 * overdue but stays where it is (the leads' queue shows it first, since it orders by due time).
 */
export function dueForEscalation(task: Pick<ReviewTask, 'state' | 'dueAt' | 'group'>, now: Date): boolean {
  return isOverdue(task, now) && task.group === 'reviewers';
}
