import { DecisionV1, ReviewKind, ReviewRequestedV1, RoutingFacts } from '@countersign/contracts';
import { TaskState } from './task-state';

/** A review task as it is first stored: what a reviewer needs to see, keyed by decision and kind. */
export interface NewTask {
  decisionId: string;
  kind: ReviewKind;
  workflow: string;
  state: Extract<TaskState, 'open'>;
  routing: RoutingFacts;
  decision: DecisionV1;
  requestedAt: Date;
}

/**
 * The task a review request opens. The workflow is copied out of the decision because reviewers' queues are per
 * workflow and the store indexes it; routing and the decision are kept whole so the reviewer sees why it came to them.
 */
export function newTask(request: ReviewRequestedV1): NewTask {
  return {
    decisionId: request.decisionId,
    kind: request.kind,
    workflow: request.decision.workflow,
    state: 'open',
    routing: request.routing,
    decision: request.decision,
    requestedAt: new Date(request.requestedAt),
  };
}
