import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { AuthenticationError, IdentityProviderUnavailableError } from './authentication-error';
import {
  ACCESS_TOKEN_TYPE,
  AuthConfigurationError,
  type AuthSettings,
  checkAuthSettings,
  DEFAULT_KEY_WITHDRAWAL_SECONDS,
  type OidcAuthSettings,
} from './auth-settings';
import { bearerTokenFrom } from './bearer-token';
import { type Principal, principalFromClaims } from './principal';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Pinned per mode, so a token cannot choose how it is checked (RFC 8725 §3.1: no `none`, no HS256 verified with an
 * RSA public key as the secret, no RS256 token checked against the HMAC secret). In `oidc` mode the list narrows
 * further per key: jose only offers a JWKS key for an algorithm of its type (RSA for RS256, P-256 for ES256, Ed25519
 * for EdDSA) and, when the key names its `alg`, for that algorithm alone.
 */
export const HS256_ALGORITHMS: readonly string[] = ['HS256'];
export const OIDC_ALGORITHMS: readonly string[] = ['RS256', 'ES256', 'EdDSA'];
/** Allowed clock skew between the token issuer and us when checking `exp` and `nbf`. */
export const CLOCK_TOLERANCE_SECONDS = 5;
/** Enough for every reviewer's token at once; each entry is the token string plus a small Principal. */
const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;

export interface TokenVerifierOptions {
  /** The current time; injected so expiry is testable. Defaults to the system clock (jose's JWKS cache uses it too). */
  clock?: () => Date;
  /** Timeout for fetching the OIDC discovery document and the JWKS. Defaults to 5 s. */
  keyFetchTimeoutMs?: number;
  /** How many verified tokens to remember (least recently used forgotten first). 0 disables. Defaults to 10,000. */
  verifiedTokenCacheSize?: number;
}

/**
 * Turns a bearer token into a Principal, or refuses it with an AuthenticationError saying why. In `oidc` mode the
 * signing keys are fetched on first use and cached (jose refetches when a token names an unknown `kid`, which is how
 * key rotation reaches us); if they cannot be fetched the verifier throws IdentityProviderUnavailableError.
 *
 * Clients send the same token with every request (a reviewer hundreds of times), and full verification — header
 * decode, key import, signature — was a measurable share of the review service's CPU. So tokens that verified are
 * remembered, byte for byte, and a repeat is answered from memory for as long as its `exp`/`nbf` still hold by our
 * clock; anything else, including every refusal, goes through jose. Principals handed out are therefore frozen.
 */
export class TokenVerifier {
  readonly settings: AuthSettings;
  private readonly clock: () => Date;
  private readonly keyFetchTimeoutMs: number;
  private readonly secret?: Uint8Array;
  private keySet?: Promise<JWTVerifyGetKey>;
  private readonly verified: VerifiedTokenCache;
  /** Half the withdrawal bound: how long the JWKS, and a token verified with it, are trusted without a refetch. */
  private readonly trustSeconds: number;

  constructor(settings: AuthSettings, options: TokenVerifierOptions = {}) {
    this.settings = checkAuthSettings(settings);
    this.clock = options.clock ?? (() => new Date());
    this.keyFetchTimeoutMs = options.keyFetchTimeoutMs ?? 5_000;
    const withdrawal = settings.mode === 'oidc' ? settings.keyWithdrawalSeconds : undefined;
    this.trustSeconds = Math.floor((withdrawal ?? DEFAULT_KEY_WITHDRAWAL_SECONDS) / 2);
    this.verified = new VerifiedTokenCache(
      options.verifiedTokenCacheSize ?? DEFAULT_VERIFIED_TOKEN_CACHE_SIZE,
      CLOCK_TOLERANCE_SECONDS,
      // An HS256 secret cannot be withdrawn while the service runs (it is configuration), so only OIDC keys age out.
      settings.mode === 'oidc' ? this.trustSeconds : undefined,
    );
    if (settings.mode === 'hs256') this.secret = new TextEncoder().encode(settings.secret);
  }

  /** Verifies the token in an `Authorization` header value. */
  async verifyAuthorization(authorization: string | string[] | undefined): Promise<Principal> {
    return this.verify(bearerTokenFrom(authorization));
  }

  async verify(token: string): Promise<Principal> {
    const now = this.clock();
    const remembered = this.verified.lookup(token, now);
    if (remembered) return remembered;
    refuseUnsigned(token);
    const options: JWTVerifyOptions = {
      algorithms: [...(this.settings.mode === 'hs256' ? HS256_ALGORITHMS : OIDC_ALGORITHMS)],
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      typ: ACCESS_TOKEN_TYPE,
      requiredClaims: ['exp'],
      currentDate: now,
    };
    let payload: JWTPayload;
    try {
      payload = this.secret
        ? (await jwtVerify(token, this.secret, options)).payload
        : await verifyWithKeySet(token, await this.signingKeys(), options);
    } catch (error) {
      throw verificationFailure(error);
    }
    // jose has checked that `exp` (required) and `nbf` (if present) are numbers.
    return this.verified.remember(token, {
      principal: principalFromClaims(payload),
      expiresAt: payload.exp as number,
      notBefore: payload.nbf,
      verifiedAt: Math.floor(now.getTime() / 1000),
    });
  }

  private signingKeys(): Promise<JWTVerifyGetKey> {
    if (!this.keySet) {
      const pending = this.jwksUrl().then((url) => guardedKeySet(url, this.keyFetchTimeoutMs, this.trustSeconds));
      // A failed discovery is retried by the next request instead of being remembered forever.
      pending.catch(() => {
        if (this.keySet === pending) this.keySet = undefined;
      });
      this.keySet = pending;
    }
    return this.keySet;
  }

  private async jwksUrl(): Promise<URL> {
    const settings = this.settings as OidcAuthSettings;
    if (settings.jwksUrl) return new URL(settings.jwksUrl);
    const discoveryUrl = `${settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const fail = (problem: string, cause?: unknown) =>
      new IdentityProviderUnavailableError(`OIDC discovery at ${discoveryUrl} failed: ${problem}`, { cause });
    let document: unknown;
    try {
      const response = await fetch(discoveryUrl, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.keyFetchTimeoutMs),
      });
      if (!response.ok) throw fail(`HTTP ${response.status}`);
      document = await response.json();
    } catch (error) {
      throw error instanceof IdentityProviderUnavailableError ? error : fail(messageOf(error), error);
    }
    const { issuer, jwks_uri: jwksUri } = (document ?? {}) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery §4.3: the document must name the issuer we asked, or it is not our provider.
    if (issuer !== settings.issuer) throw fail(`it names issuer ${JSON.stringify(issuer)}, not ${settings.issuer}`);
    if (typeof jwksUri !== 'string') throw fail('it has no jwks_uri');
    try {
      checkAuthSettings({ ...settings, jwksUrl: jwksUri });
    } catch (error) {
      throw fail(error instanceof AuthConfigurationError ? `jwks_uri ${jwksUri} is not https` : messageOf(error));
    }
    return new URL(jwksUri);
  }
}

function refuseUnsigned(token: string): void {
  let alg: unknown;
  try {
    ({ alg } = decodeProtectedHeader(token));
  } catch (cause) {
    throw new AuthenticationError('malformed', 'token is not a well-formed JWT', { cause });
  }
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
    throw new AuthenticationError('unsigned', 'unsigned tokens (alg "none") are refused');
  }
}

/**
 * The remote key set, with "could not fetch keys" told apart from "no key matches this token".
 *
 * The withdrawal bound W (AUTH_KEY_WITHDRAWAL_SECONDS): the JWKS is trusted for W/2 after it was fetched, then fetched
 * again before the next verification; a token verified with it is remembered for W/2 at most. A key removed at time t
 * can therefore verify a token only until t + W/2 (the last copy that held it was fetched before t), and a token so
 * verified is honoured until t + W at the latest. An unknown `kid` refetches at most once per min(W/2, 30 s).
 */
function guardedKeySet(url: URL, timeoutDuration: number, trustSeconds: number): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(url, {
    timeoutDuration,
    cacheMaxAge: trustSeconds * 1000,
    cooldownDuration: Math.min(trustSeconds * 1000, 30_000),
  });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new IdentityProviderUnavailableError(`could not fetch signing keys from ${url.href}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  };
}

async function verifyWithKeySet(token: string, keys: JWTVerifyGetKey, options: JWTVerifyOptions): Promise<JWTPayload> {
  try {
    return (await jwtVerify(token, keys, options)).payload;
  } catch (error) {
    // Several keys fit a token without `kid`: jose leaves trying each of them to us.
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
    for await (const key of error) {
      try {
        return (await jwtVerify(token, key, options)).payload;
      } catch (attempt) {
        if (!(attempt instanceof errors.JWSSignatureVerificationFailed)) throw attempt;
      }
    }
    throw new errors.JWSSignatureVerificationFailed();
  }
}

function verificationFailure(error: unknown): Error {
  if (error instanceof AuthenticationError || error instanceof IdentityProviderUnavailableError) return error;
  const code = error instanceof errors.JOSEError ? error.code : undefined;
  const options = { cause: error };
  switch (code) {
    case errors.JWTExpired.code:
      return new AuthenticationError('expired', 'token has expired', options);
    case errors.JWTClaimValidationFailed.code:
      return claimFailure(error as errors.JWTClaimValidationFailed);
    case errors.JWSSignatureVerificationFailed.code:
    case errors.JWKSNoMatchingKey.code:
      return new AuthenticationError('bad_signature', 'token signature does not verify', options);
    case errors.JOSEAlgNotAllowed.code:
      return new AuthenticationError('algorithm_not_allowed', 'token is signed with an algorithm not accepted here');
    default:
      return new AuthenticationError('malformed', 'token is not a well-formed signed JWT', options);
  }
}

function claimFailure(error: errors.JWTClaimValidationFailed): AuthenticationError {
  const options = { cause: error };
  switch (error.claim) {
    case 'iss':
      return new AuthenticationError('wrong_issuer', 'token was issued by an issuer not accepted here', options);
    case 'aud':
      return new AuthenticationError('wrong_audience', 'token is meant for another audience', options);
    case 'nbf':
      return new AuthenticationError('not_yet_valid', 'token is not valid yet (nbf)', options);
    case 'exp':
      return new AuthenticationError('invalid_claims', 'token must carry a numeric expiry (exp claim)', options);
    case 'typ':
      return new AuthenticationError(
        'not_an_access_token',
        `token is not an access token (its header must say typ "${ACCESS_TOKEN_TYPE}"; ID tokens are refused)`,
        options,
      );
    default:
      return new AuthenticationError('invalid_claims', `token claim "${error.claim}" is invalid`, options);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
