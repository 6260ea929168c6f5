import { ForbiddenException, HttpException, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { AuthenticationError, IdentityProviderUnavailableError } from '../core/authentication-error';
import type { Principal, Role } from '../core/principal';

/** The request as the guards see it: the principal is attached once authentication succeeds. */
export interface AuthenticatedRequest {
  headers: IncomingHttpHeaders;
  principal?: Principal;
}

/** The part of the HTTP response the guards use (Express's `Response` and Fastify's `FastifyReply` both fit). */
export interface ChallengeResponse {
  header(name: string, value: string | number): unknown;
}

const REALM = 'countersign';

/**
 * The one place authentication and authorisation failures become HTTP: 401 with a Bearer challenge (RFC 6750 §3: no
 * `error` when no credentials were sent), 403 with `insufficient_scope`, 503 when the identity provider's keys cannot
 * be fetched. Bodies are `{ statusCode, error, message, reason }`.
 */
export function httpRefusal(
  error: AuthenticationError | IdentityProviderUnavailableError,
  response: ChallengeResponse,
): HttpException {
  if (error instanceof IdentityProviderUnavailableError) {
    response.header('Retry-After', 5);
    return new ServiceUnavailableException({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'tokens cannot be verified right now: the identity provider is unreachable',
      reason: 'identity_provider_unavailable',
    });
  }
  const challenge =
    error.reason === 'missing'
      ? `Bearer realm="${REALM}"`
      : `Bearer realm="${REALM}", error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`;
  response.header('WWW-Authenticate', challenge);
  return new UnauthorizedException({
    statusCode: 401,
    error: 'Unauthorized',
    message: error.message,
    reason: error.reason,
  });
}

export function forbiddenRefusal(
  principal: Principal,
  required: readonly Role[],
  response: ChallengeResponse,
): HttpException {
  response.header('WWW-Authenticate', `Bearer realm="${REALM}", error="insufficient_scope"`);
  const held = principal.roles.length > 0 ? `role ${principal.roles.join(', ')}` : 'no role';
  return new ForbiddenException({
    statusCode: 403,
    error: 'Forbidden',
    message: `this action requires role ${required.join(' or ')}; ${principal.subject} has ${held}`,
    reason: 'insufficient_role',
  });
}
