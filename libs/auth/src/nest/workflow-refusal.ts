import { ForbiddenException, HttpException } from '@nestjs/common';
import type { Principal } from '../core/principal';
import { type AccessDecision, decideAccess, type WorkflowOperation } from '../core/workflow-access';
import type { ChallengeResponse } from './http-refusal';

/** 403 for a denied access decision: `reason` is insufficient_role, workflow_not_granted or not_all_workflows. */
export function workflowRefusal(
  decision: Extract<AccessDecision, { allowed: false }>,
  response?: ChallengeResponse,
): HttpException {
  response?.header('WWW-Authenticate', 'Bearer realm="countersign", error="insufficient_scope"');
  return new ForbiddenException({
    statusCode: 403,
    error: 'Forbidden',
    message: decision.message,
    reason: decision.reason,
  });
}

/**
 * For handlers that learn the workflow only part-way (e.g. from a stored object they load anyway): the same rule as
 * WorkflowAccessGuard, throwing its 403.
 */
export function requireWorkflowAccess(principal: Principal, operation: WorkflowOperation, workflow: string): void {
  const decision = decideAccess(principal, operation, workflow);
  if (!decision.allowed) throw workflowRefusal(decision);
}
