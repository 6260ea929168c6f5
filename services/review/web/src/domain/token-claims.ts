import { hasRole, Principal, principalFromClaims } from '@countersign/auth/principal';

/** Who the pasted token says the user is, read the way the services read it; the services still verify it. */
export interface SignedInUser {
  principal: Principal;
  /** Seconds since the epoch, when the token says. */
  expiresAt?: number;
}

export { hasRole };

/** Reads a JWT's payload (dev HS256 or an OIDC access token) without verifying it; undefined if it is not one. */
export function readToken(token: string): SignedInUser | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(decodeBase64Url(parts[1])) as Record<string, unknown>;
    return {
      principal: principalFromClaims(claims),
      expiresAt: typeof claims.exp === 'number' ? claims.exp : undefined,
    };
  } catch {
    return undefined;
  }
}

export function isExpired(user: SignedInUser, nowMs: number): boolean {
  return user.expiresAt !== undefined && user.expiresAt * 1000 <= nowMs;
}

function decodeBase64Url(text: string): string {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
