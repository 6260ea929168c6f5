import { ALL_WORKFLOWS, hasRole, type Principal, type Role } from './principal';

/**
 * Where an operation acts: on one workflow's objects, or across every workflow (hash chains mix workflows, a
 * checkpoint covers all chains, a recommendation run touches every workflow).
 */
export type OperationScope = 'workflow' | 'all';

export interface OperationRule {
  /** The least role that may perform it (roles are ordered: admin ⊇ lead ⊇ reviewer). */
  readonly role: Role;
  readonly scope: OperationScope;
}

/**
 * Every operation of the services' HTTP APIs that names a workflow, a task, a decision, a chain or a report, with the
 * least role and the scope it needs. docs/decisions/0006-authorisation-model.md is this table in prose; the matrix
 * test (test/authorisation-matrix.e2e-spec.ts) proves the services apply it.
 */
export const WORKFLOW_OPERATIONS = {
  // review
  'task.read': { role: 'reviewer', scope: 'workflow' },
  'task.work': { role: 'reviewer', scope: 'workflow' },
  'task.manage': { role: 'lead', scope: 'workflow' },
  'output-schema.read': { role: 'reviewer', scope: 'workflow' },
  // router
  'policy.read': { role: 'lead', scope: 'workflow' },
  'policy.change': { role: 'admin', scope: 'workflow' },
  'policy.dry-run': { role: 'admin', scope: 'workflow' },
  'policy.approve': { role: 'admin', scope: 'workflow' },
  'autonomy.stop': { role: 'admin', scope: 'workflow' },
  // feedback
  'metrics.read': { role: 'reviewer', scope: 'workflow' },
  'judgments.export': { role: 'lead', scope: 'workflow' },
  'reviewers.read': { role: 'lead', scope: 'workflow' },
  'recommendation.read': { role: 'lead', scope: 'workflow' },
  'recommendation.run': { role: 'admin', scope: 'all' },
  'target.change': { role: 'admin', scope: 'workflow' },
  'gold.change': { role: 'lead', scope: 'workflow' },
  // audit
  'report.read': { role: 'lead', scope: 'workflow' },
  'audit-plan.read': { role: 'lead', scope: 'workflow' },
  'audit-plan.change': { role: 'admin', scope: 'workflow' },
  'decision-history.read': { role: 'lead', scope: 'workflow' },
  'trail.read': { role: 'lead', scope: 'all' },
  'checkpoint.issue': { role: 'admin', scope: 'all' },
} as const satisfies Record<string, OperationRule>;

export type WorkflowOperation = keyof typeof WORKFLOW_OPERATIONS;

export type AccessDenial = 'insufficient_role' | 'workflow_not_granted' | 'not_all_workflows';

export type AccessDecision = { allowed: true } | { allowed: false; reason: AccessDenial; message: string };

/** True when the token grants every workflow (`workflows` holds `*`): the only way to reach chain-wide operations. */
export function isScopedToAllWorkflows(principal: Principal): boolean {
  return principal.workflows.includes(ALL_WORKFLOWS);
}

/**
 * The one workflow-access rule: may `principal` perform `operation` on `workflow` (a workflow id taken from stored
 * data or the route, or ALL_WORKFLOWS for chain-wide and cross-workflow operations)?
 *
 * Roles and workflows are independent axes: a role never widens the workflows granted, and a workflow grant never
 * raises the role. `*` in the token's `workflows` grants every workflow, and is the only way to pass an operation whose
 * scope is `all` — such operations expose or change objects of every workflow at once.
 */
export function decideAccess(principal: Principal, operation: WorkflowOperation, workflow: string): AccessDecision {
  const rule: OperationRule = WORKFLOW_OPERATIONS[operation];
  if (!hasRole(principal, rule.role)) {
    const held = principal.roles.length > 0 ? `role ${principal.roles.join(', ')}` : 'no role';
    return {
      allowed: false,
      reason: 'insufficient_role',
      message: `${operation} requires role ${rule.role}; ${principal.subject} has ${held}`,
    };
  }
  if (rule.scope === 'all' || workflow === ALL_WORKFLOWS) {
    return isScopedToAllWorkflows(principal)
      ? { allowed: true }
      : {
          allowed: false,
          reason: 'not_all_workflows',
          message: `${operation} spans every workflow; ${principal.subject}'s token does not grant all workflows (*)`,
        };
  }
  return isScopedToAllWorkflows(principal) || principal.workflows.includes(workflow)
    ? { allowed: true }
    : {
        allowed: false,
        reason: 'workflow_not_granted',
        message: `${principal.subject}'s token does not grant workflow ${workflow}`,
      };
}

/**
 * The workflows a list operation may show: `undefined` for all (the token grants `*`), else those granted by name.
 * Empty when the role is too low, so a list never shows more than the rule would allow one by one.
 */
export function grantedWorkflows(principal: Principal, operation: WorkflowOperation): readonly string[] | undefined {
  if (!hasRole(principal, WORKFLOW_OPERATIONS[operation].role)) return [];
  return isScopedToAllWorkflows(principal) ? undefined : principal.workflows;
}
