/** Why a request could not be authenticated; returned to the caller as `reason` next to the 401. */
export const AUTHENTICATION_FAILURES = [
  'missing',
  'malformed',
  'unsigned',
  'algorithm_not_allowed',
  'bad_signature',
  'expired',
  'not_yet_valid',
  'wrong_issuer',
  'wrong_audience',
  'invalid_claims',
  'not_an_access_token',
] as const;
export type AuthenticationFailure = (typeof AUTHENTICATION_FAILURES)[number];

/**
 * The caller's credentials were absent or not acceptable. Always a 401: the message is written for the caller and
 * never echoes the token, the expected issuer or audience, or key material.
 */
export class AuthenticationError extends Error {
  constructor(
    readonly reason: AuthenticationFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AuthenticationError';
  }
}

/**
 * The identity provider's keys (discovery document or JWKS) could not be fetched, so no token can be judged either
 * way. Not the caller's fault: a 503, so clients retry instead of discarding a good token.
 */
export class IdentityProviderUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdentityProviderUnavailableError';
  }
}
