import { AuthenticationError } from './authentication-error';

/**
 * The token from an `Authorization: Bearer <token>` header value. The scheme is case-insensitive (RFC 7235); any
 * other scheme (Basic, …) counts as no bearer credentials at all.
 */
export function bearerTokenFrom(authorization: string | string[] | undefined): string {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const [scheme, ...rest] = (header ?? '').trim().split(/\s+/);
  if (!scheme) {
    throw new AuthenticationError('missing', 'Authorization header with a Bearer token is required');
  }
  if (scheme.toLowerCase() !== 'bearer') {
    throw new AuthenticationError('missing', 'Authorization header must use the Bearer scheme');
  }
  if (rest.length !== 1) {
    throw new AuthenticationError('malformed', 'Authorization header must be "Bearer <token>"');
  }
  return rest[0];
}
