import { DecisionV1, ReviewRequestedV1 } from '@countersign/contracts';
import { newTask } from './new-task';
import { ReviewTask } from './review-task';
import { DEFAULT_SAFE_DEFAULT, expiresAt, slaDueAt } from './sla';

export interface TaskOpening {
  /** The task's id, chosen by the caller (the store, or a uuid made outside the domain). */
  id: string;
  /** When the task is stored. */
  now: Date;
  /** The policy's error-cost attribute (e.g. `amount`), by which the queue orders tasks due at the same time. */
  errorCostAttribute?: string;
  /** The workflow's SLA when the routing facts carry none; 24 h if not given. */
  slaFallbackSeconds?: number;
  /** The expiry window after the SLA when the routing facts carry none; 24 h if not given. */
  expiryFallbackSeconds?: number;
}

/**
 * The task a review request opens, waiting for the workflow's reviewers: due `routing.slaSeconds` after the request,
 * expiring `routing.expirySeconds` after that with `routing.safeDefault`, needing `routing.requiredApprovals`
 * distinct reviewers. The store keeps one per (decision id, kind), so a
 * redelivered request opens nothing new.
 */
export function openTask(request: ReviewRequestedV1, opening: TaskOpening): ReviewTask {
  const task = newTask(request);
  const dueAt = slaDueAt(task.requestedAt, request.routing, opening.slaFallbackSeconds);
  return {
    ...task,
    id: opening.id,
    group: 'reviewers',
    requiredApprovals: request.routing.requiredApprovals,
    judgments: [],
    dueAt,
    expiresAt: expiresAt(dueAt, request.routing, opening.expiryFallbackSeconds),
    safeDefault: request.routing.safeDefault ?? DEFAULT_SAFE_DEFAULT,
    errorCost: errorCostOf(request.decision, opening.errorCostAttribute),
    createdAt: opening.now,
    version: 1,
  };
}

/** The attribute's value when it is a finite number; text, flags and absent attributes put no cost on an error. */
function errorCostOf(decision: DecisionV1, attribute: string | undefined): number | null {
  if (attribute === undefined || !Object.prototype.hasOwnProperty.call(decision.attributes, attribute)) return null;
  const value = decision.attributes[attribute];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
