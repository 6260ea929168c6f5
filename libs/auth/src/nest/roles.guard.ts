import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticationError } from '../core/authentication-error';
import { hasAnyRole, type Role } from '../core/principal';
import { REQUIRED_ROLES } from './auth-metadata';
import { type AuthenticatedRequest, type ChallengeResponse, forbiddenRefusal, httpRefusal } from './http-refusal';

/** Enforces `@Roles(...)` on the Principal JwtAuthGuard attached; must run after it. Routes without `@Roles` pass. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) return true;
    const http = context.switchToHttp();
    const { principal } = http.getRequest<AuthenticatedRequest>();
    const response = http.getResponse<ChallengeResponse>();
    if (!principal) {
      throw httpRefusal(new AuthenticationError('missing', 'this action requires an authenticated caller'), response);
    }
    if (!hasAnyRole(principal, required)) throw forbiddenRefusal(principal, required, response);
    return true;
  }
}
