import { ForbiddenException } from '@nestjs/common';
import { ALL_WORKFLOWS, Principal } from '@countersign/auth';
import { JudgmentScope } from './judgment-scope';
import { ScopedQuery } from './statistics-store';

/**
 * Narrows a scope to the workflows the caller's token grants: asking for another workflow is refused (403), asking
 * for none means every granted one.
 */
export function scopeFor(principal: Principal, scope: JudgmentScope): ScopedQuery {
  if (principal.workflows.includes(ALL_WORKFLOWS)) return scope;
  if (scope.workflow !== undefined) {
    if (!principal.workflows.includes(scope.workflow)) {
      throw new ForbiddenException(`your token does not grant workflow ${scope.workflow}`);
    }
    return scope;
  }
  return { ...scope, workflows: principal.workflows };
}
