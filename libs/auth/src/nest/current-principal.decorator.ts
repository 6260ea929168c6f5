import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AuthenticationError } from '../core/authentication-error';
import type { Principal } from '../core/principal';
import { type AuthenticatedRequest, type ChallengeResponse, httpRefusal } from './http-refusal';

/**
 * The authenticated caller, as a handler parameter. On a route JwtAuthGuard did not authenticate (e.g. `@Public()`)
 * the request is refused with 401 rather than handing the handler an undefined principal.
 */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const http = context.switchToHttp();
  const { principal } = http.getRequest<AuthenticatedRequest>();
  if (!principal) {
    throw httpRefusal(
      new AuthenticationError('missing', 'this action requires an authenticated caller'),
      http.getResponse<ChallengeResponse>(),
    );
  }
  return principal;
});
