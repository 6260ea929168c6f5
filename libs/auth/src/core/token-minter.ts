import { SignJWT } from 'jose';
import { ACCESS_TOKEN_TYPE, checkAuthSettings, DEFAULT_AUTH_AUDIENCE, DEFAULT_AUTH_ISSUER } from './auth-settings';
import { isRole, type Role } from './principal';

export const DEFAULT_DEVELOPMENT_TOKEN_TTL_SECONDS = 3600;

export interface DevelopmentTokenClaims {
  sub: string;
  /** Defaults to `['reviewer']`. */
  roles?: Role[];
  groups?: string[];
  /** Workflow ids, or `'*'` for all. */
  workflows?: string[];
  /** Defaults to one hour. */
  ttlSeconds?: number;
}

export interface DevelopmentTokenOptions {
  /** `iss`; defaults to the services' default AUTH_ISSUER (`countersign-dev`). */
  issuer?: string;
  /** `aud`; defaults to the services' default AUTH_AUDIENCE (`countersign`). */
  audience?: string;
  /** Issue time; defaults to now. */
  now?: Date;
}

/**
 * An HS256 access token (header `typ: at+jwt`, RFC 9068) that services in `hs256` mode accept: for local use (`npm run token`) and for other services'
 * tests. Never for production, where tokens come from the OIDC provider.
 */
export async function mintDevelopmentToken(
  claims: DevelopmentTokenClaims,
  secret: string,
  options: DevelopmentTokenOptions = {},
): Promise<string> {
  checkAuthSettings({ mode: 'hs256', secret });
  const { sub, roles = ['reviewer'], groups = [], workflows = [] } = claims;
  const ttlSeconds = claims.ttlSeconds ?? DEFAULT_DEVELOPMENT_TOKEN_TTL_SECONDS;
  if (!sub.trim()) throw new RangeError('sub must not be empty');
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive whole number (got ${ttlSeconds})`);
  }
  const unknownRole = roles.find((role) => !isRole(role));
  if (unknownRole !== undefined) throw new RangeError(`unknown role "${unknownRole}"`);

  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ roles, groups, workflows })
    .setProtectedHeader({ alg: 'HS256', typ: ACCESS_TOKEN_TYPE })
    .setSubject(sub)
    .setIssuer(options.issuer ?? DEFAULT_AUTH_ISSUER)
    .setAudience(options.audience ?? DEFAULT_AUTH_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}
