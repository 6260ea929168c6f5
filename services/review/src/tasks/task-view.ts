import { Principal } from '@countersign/auth';
import { taskAsSeenBy } from '../domain/blind-review';
import { ReviewTask } from '../domain/review-task';

/**
 * What the API shows `principal` of a task — through blind review (taskAsSeenBy), whatever the endpoint. The decision
 * and routing facts come with the single-task view.
 */
export function taskView(principal: Principal, stored: ReviewTask, detail = false) {
  const { task, hiddenJudgments } = taskAsSeenBy(principal, stored);
  return {
    id: task.id,
    decisionId: task.decisionId,
    kind: task.kind,
    workflow: task.workflow,
    state: task.state,
    group: task.group,
    requiredApprovals: task.requiredApprovals,
    judgments: task.judgments,
    hiddenJudgments,
    lease: task.lease
      ? { holder: task.lease.holder, claimedAt: task.lease.claimedAt, expiresAt: task.lease.expiresAt }
      : null,
    dueAt: task.dueAt,
    expiresAt: task.expiresAt,
    safeDefault: task.safeDefault,
    errorCost: task.errorCost,
    createdAt: task.createdAt,
    version: task.version,
    escalation: task.escalation ?? null,
    outcome: task.outcome ?? null,
    expiry: task.expiry ?? null,
    cancellation: task.cancellation ?? null,
    comments: task.comments ?? [],
    ...(detail && { decision: task.decision, routing: task.routing }),
  };
}

export function encodeCursor(task: ReviewTask): string {
  return Buffer.from(JSON.stringify({ createdAt: task.createdAt.toISOString(), id: task.id })).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return typeof parsed.createdAt === 'string' && typeof parsed.id === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
