import { applyDecorators, SetMetadata, type Type } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { WorkflowOperation } from '../core/workflow-access';
import { Roles } from './auth-metadata';
import { WORKFLOW_OPERATIONS } from '../core/workflow-access';

export const WORKFLOW_ACCESS = 'countersign:workflow-access';

/**
 * Finds the workflow an object belongs to in the service's own stored data (a decision's, a gold answer's), so access
 * never depends on what the request claims. Returns null when the object is unknown (the request is answered 404).
 */
export interface WorkflowLookup {
  workflowOf(id: string): Promise<string | null>;
}

/** Where the guard finds the workflow a request acts on. */
export type WorkflowSource =
  /** Named in the route, e.g. `{ param: 'workflow' }` for `/policies/:workflow`. */
  | { param: string }
  /** Of the stored object whose id is the route parameter `param`, as `lookup` (a provider) finds it. */
  | { param: string; lookup: Type<WorkflowLookup> }
  /** Chain-wide or cross-workflow: only principals scoped to every workflow. */
  | 'all';

export interface WorkflowAccessMetadata {
  operation: WorkflowOperation;
  source: WorkflowSource;
}

/**
 * Puts a route behind the one workflow-access rule (decideAccess): the operation's least role, and the workflow from
 * `source` granted by the token. Implies `@Roles(<the operation's role>)`, so the two cannot disagree.
 */
export const WorkflowAccess = (operation: WorkflowOperation, source: WorkflowSource) =>
  applyDecorators(
    Roles(WORKFLOW_OPERATIONS[operation].role),
    SetMetadata(WORKFLOW_ACCESS, { operation, source } satisfies WorkflowAccessMetadata),
    describeAccess(
      operation,
      source === 'all' ? 'all' : { param: source.param, checkedBy: 'lookup' in source ? 'lookup' : 'route' },
    ),
  );

/**
 * For routes whose handler applies the rule itself, because the workflow is known only from an object it loads anyway
 * (a review task, a gold answer): documents the operation as WorkflowAccess does, and implies its role.
 */
export const WorkflowAccessInHandler = (operation: WorkflowOperation, param: string) =>
  applyDecorators(
    Roles(WORKFLOW_OPERATIONS[operation].role),
    describeAccess(operation, { param, checkedBy: 'handler' }),
  );

/**
 * `x-countersign-access` in the service's OpenAPI document: the operation, its role and scope, and where the workflow
 * comes from. The authorisation matrix test reads it, so the expected status of every cell follows from the document.
 */
function describeAccess(operation: WorkflowOperation, source: 'all' | { param: string; checkedBy: string }) {
  return ApiExtension('x-countersign-access', { operation, ...WORKFLOW_OPERATIONS[operation], source });
}
