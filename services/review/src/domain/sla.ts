import { DEFAULT_EXPIRY_SECONDS, RoutingFacts, SafeDefault } from '@countersign/contracts';
import { ReviewTask } from './review-task';
import { isFinal } from './task-state';

/** The review deadline when the routing facts carry none (a request from before SLAs were routed, or from audit). */
export const DEFAULT_SLA_SECONDS = 24 * 60 * 60;

/** What an expired task gives its decision when the routing facts carry no safe default (an older router). */
export const DEFAULT_SAFE_DEFAULT: SafeDefault = 'hold';

/**
 * When review of a decision is due: `routing.slaSeconds` (the workflow policy's SLA) after review was requested, or
 * `fallbackSeconds` (the workflow's default, else 24 h) when routing has none.
 */
export function slaDueAt(requestedAt: Date, routing: RoutingFacts, fallbackSeconds = DEFAULT_SLA_SECONDS): Date {
  return new Date(requestedAt.getTime() + (routing.slaSeconds ?? fallbackSeconds) * 1000);
}

/**
 * When an unfinished review expires: `routing.expirySeconds` (the policy's expiry window) after it was due, or
 * `fallbackSeconds` (a day) when routing has none. Always after the due time, so escalation comes first.
 */
export function expiresAt(dueAt: Date, routing: RoutingFacts, fallbackSeconds = DEFAULT_EXPIRY_SECONDS): Date {
  return new Date(dueAt.getTime() + Math.max(1, routing.expirySeconds ?? fallbackSeconds) * 1000);
}

/** True when the task is not finished and its due time has come (at `dueAt` exactly, it is overdue). */
export function isOverdue(task: Pick<ReviewTask, 'state' | 'dueAt'>, now: Date): boolean {
  return !isFinal(task.state) && task.dueAt.getTime() <= now.getTime();
}

/**
 * What the SLA scheduler escalates: an overdue task still with the reviewers. A task already with the leads is
 * overdue but stays where it is (the leads' queue shows it first, since it orders by due time).
 */
export function dueForEscalation(task: Pick<ReviewTask, 'state' | 'dueAt' | 'group'>, now: Date): boolean {
  return isOverdue(task, now) && task.group === 'reviewers';
}

/** What the scheduler expires: an unfinished task whose expiry time has come (at `expiresAt` exactly, it expires). */
export function dueForExpiry(task: Pick<ReviewTask, 'state' | 'expiresAt'>, now: Date): boolean {
  return !isFinal(task.state) && task.expiresAt.getTime() <= now.getTime();
}
