import { CanActivate, ExecutionContext, Injectable, NotFoundException } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { AuthenticationError } from '../core/authentication-error';
import { ALL_WORKFLOWS } from '../core/principal';
import { decideAccess } from '../core/workflow-access';
import { type AuthenticatedRequest, type ChallengeResponse, httpRefusal } from './http-refusal';
import { WORKFLOW_ACCESS, type WorkflowAccessMetadata } from './workflow-access.decorator';
import { workflowRefusal } from './workflow-refusal';

/** The request once WorkflowAccessGuard let it through: the workflow it acts on, as the guard established it. */
export interface WorkflowScopedRequest extends AuthenticatedRequest {
  params: Record<string, string | undefined>;
  accessedWorkflow?: string;
}

/**
 * Enforces `@WorkflowAccess(...)`; runs after JwtAuthGuard and RolesGuard. Routes without the metadata pass (their
 * handlers narrow lists with grantedWorkflows). A lookup that finds nothing answers 404 before any handler runs.
 */
@Injectable()
export class WorkflowAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const metadata = this.reflector.getAllAndOverride<WorkflowAccessMetadata | undefined>(WORKFLOW_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!metadata) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<WorkflowScopedRequest>();
    const response = http.getResponse<ChallengeResponse>();
    const { principal } = request;
    if (!principal) {
      throw httpRefusal(new AuthenticationError('missing', 'this action requires an authenticated caller'), response);
    }
    const workflow = await this.workflowOf(metadata, request);
    const decision = decideAccess(principal, metadata.operation, workflow);
    if (!decision.allowed) throw workflowRefusal(decision, response);
    request.accessedWorkflow = workflow;
    return true;
  }

  private async workflowOf({ source }: WorkflowAccessMetadata, request: WorkflowScopedRequest): Promise<string> {
    if (source === 'all') return ALL_WORKFLOWS;
    const id = request.params?.[source.param] ?? '';
    if (!('lookup' in source)) return id;
    const lookup = this.moduleRef.get(source.lookup, { strict: false });
    const workflow = id === '' ? null : await lookup.workflowOf(id);
    if (workflow === null) throw new NotFoundException(`no ${source.param} ${id} here`);
    return workflow;
  }
}
