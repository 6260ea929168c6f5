export const AUTH_MODES = ['hs256', 'oidc'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** Public on purpose, so anyone can mint development tokens; a service using it logs a warning at start. */
export const DEVELOPMENT_HS256_SECRET = 'countersign-development-secret-do-not-use-in-production';
export const DEFAULT_AUTH_ISSUER = 'countersign-dev';
export const DEFAULT_AUTH_AUDIENCE = 'countersign';
export const MIN_HS256_SECRET_LENGTH = 32;
/**
 * The JOSE header `typ` of an access token (RFC 9068 §2.1). Required on every token, so an OIDC ID token (typ `JWT`
 * or none), which says who signed in to a client, is never taken as permission to call an API.
 */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
/**
 * Default of AUTH_KEY_WITHDRAWAL_SECONDS: at most this long after the identity provider removes a key from its JWKS,
 * no token signed with it is accepted any more (see TokenVerifier for how the bound is kept).
 */
export const DEFAULT_KEY_WITHDRAWAL_SECONDS = 60;
/** Below this the JWKS would be fetched more than once a second per replica; above it a stolen key lives too long. */
export const KEY_WITHDRAWAL_SECONDS_RANGE = { min: 2, max: 3600 } as const;

/** Development: tokens signed with a shared secret (`npm run token`). */
export interface Hs256AuthSettings {
  mode: 'hs256';
  secret: string;
  /** Checked against `iss` when set. */
  issuer?: string;
  /** Checked against `aud` when set. */
  audience?: string;
}

/** Production: tokens from an OpenID Connect provider, checked against its published keys. */
export interface OidcAuthSettings {
  mode: 'oidc';
  /** The issuer URL, exactly as it appears in `iss`. */
  issuer: string;
  audience: string;
  /** Defaults to `jwks_uri` from `<issuer>/.well-known/openid-configuration`. */
  jwksUrl?: string;
  /** How soon a key withdrawn from the JWKS stops being trusted; defaults to DEFAULT_KEY_WITHDRAWAL_SECONDS. */
  keyWithdrawalSeconds?: number;
}

export type AuthSettings = Hs256AuthSettings | OidcAuthSettings;

/** The environment variables the services read (see AuthEnvironment), before defaults. */
export interface AuthVariables {
  AUTH_MODE?: string;
  AUTH_HS256_SECRET?: string;
  AUTH_ISSUER?: string;
  AUTH_AUDIENCE?: string;
  AUTH_JWKS_URL?: string;
  AUTH_KEY_WITHDRAWAL_SECONDS?: string;
}

export class AuthConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthConfigurationError';
  }
}

/** Settings from environment variables, applying the documented defaults; empty strings count as not set. */
export function authSettingsFromVariables(variables: AuthVariables): AuthSettings {
  const read = (name: keyof AuthVariables): string | undefined => {
    const value = variables[name]?.trim();
    return value ? value : undefined;
  };
  const mode = read('AUTH_MODE') ?? 'hs256';
  const issuer = read('AUTH_ISSUER') ?? DEFAULT_AUTH_ISSUER;
  const audience = read('AUTH_AUDIENCE') ?? DEFAULT_AUTH_AUDIENCE;
  if (mode === 'hs256') {
    return { mode, secret: read('AUTH_HS256_SECRET') ?? DEVELOPMENT_HS256_SECRET, issuer, audience };
  }
  if (mode === 'oidc') {
    const jwksUrl = read('AUTH_JWKS_URL');
    const withdrawal = read('AUTH_KEY_WITHDRAWAL_SECONDS');
    return {
      mode,
      issuer,
      audience,
      ...(jwksUrl ? { jwksUrl } : {}),
      ...(withdrawal ? { keyWithdrawalSeconds: Number(withdrawal) } : {}),
    };
  }
  throw new AuthConfigurationError(`AUTH_MODE must be one of ${AUTH_MODES.join(', ')} (got "${mode}")`);
}

/** Refuses settings under which tokens could be forged or keys fetched insecurely; returns them unchanged. */
export function checkAuthSettings<T extends AuthSettings>(settings: T): T {
  if (settings.mode === 'hs256') {
    if (settings.secret.length < MIN_HS256_SECRET_LENGTH) {
      throw new AuthConfigurationError(
        `AUTH_HS256_SECRET must be at least ${MIN_HS256_SECRET_LENGTH} characters (got ${settings.secret.length})`,
      );
    }
    return settings;
  }
  requireKeyServerUrl('AUTH_ISSUER', settings.issuer);
  if (settings.jwksUrl !== undefined) requireKeyServerUrl('AUTH_JWKS_URL', settings.jwksUrl);
  if (!settings.audience) throw new AuthConfigurationError('AUTH_AUDIENCE is required when AUTH_MODE=oidc');
  const withdrawal = settings.keyWithdrawalSeconds;
  const { min, max } = KEY_WITHDRAWAL_SECONDS_RANGE;
  if (withdrawal !== undefined && !(Number.isInteger(withdrawal) && withdrawal >= min && withdrawal <= max)) {
    throw new AuthConfigurationError(
      `AUTH_KEY_WITHDRAWAL_SECONDS must be a whole number of seconds from ${min} to ${max} (got ${withdrawal})`,
    );
  }
  return settings;
}

/** True when `settings` use the public development secret. */
export function usesDevelopmentSecret(settings: AuthSettings): boolean {
  return settings.mode === 'hs256' && settings.secret === DEVELOPMENT_HS256_SECRET;
}

/**
 * True for an https URL, or http on loopback (local identity providers, tests). Keys fetched over plain HTTP could
 * be swapped in transit, which would let anyone mint tokens.
 */
export function isKeyServerUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
}

function requireKeyServerUrl(name: string, value: string): void {
  if (!isKeyServerUrl(value)) {
    throw new AuthConfigurationError(
      `${name} must be an https URL (http only on localhost) when AUTH_MODE=oidc (got "${value}")`,
    );
  }
}
