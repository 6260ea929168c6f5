import { FinalDecisionV1 } from '@countersign/contracts';
import { ReviewTask } from './review-task';

/**
 * The final outcome of a task that ended without a verdict: `expired` with the policy's safe default, or `withdrawn`
 * when a lead cancelled it. Published in one outbox transaction with the task's change, like a verdict's.
 *
 * Null for an audit task: its decision was released autonomously and already has its one final outcome, so an audit
 * sample that nobody checked (or a lead withdrew) only lapses — the trail records it (task.expired, task.cancelled),
 * no second final outcome is published, and no judgment reaches feedback.
 */
export function terminalOutcome(task: ReviewTask): FinalDecisionV1 | null {
  if (task.state !== 'expired' && task.state !== 'cancelled') {
    throw new Error(`task ${task.id} is ${task.state}, not expired or cancelled`);
  }
  if (task.kind === 'audit') return null;
  const decidedAt = task.state === 'expired' ? task.expiry?.at : task.cancellation?.at;
  if (decidedAt === undefined) throw new Error(`task ${task.id} is ${task.state} but does not say when`);
  return {
    schemaVersion: 1,
    decisionId: task.decisionId,
    workflow: task.workflow,
    outcome: task.state === 'expired' ? 'expired' : 'withdrawn',
    finalOutput: null,
    ...(task.state === 'expired' ? { safeDefault: task.expiry?.outcome ?? task.safeDefault } : {}),
    model: task.decision.model,
    confidence: task.decision.confidence,
    routing: task.routing,
    decidedAt: decidedAt.toISOString(),
  };
}
