import { isExpired, readToken, SignedInUser } from './domain/token-claims';

const KEY = 'countersign.token';

export interface Session {
  token: string;
  user: SignedInUser;
  /** `oidc`: signed in at the provider (renewed, signed out there too); `token`: a pasted development token. */
  via: 'oidc' | 'token';
}

/**
 * The token of the current session, swapped in place on renewal. Screens and API clients keep the token they were
 * given (a renewal must not re-run their effects, such as claiming the next task); every request sends the live one.
 */
let liveTokenValue: string | undefined;
const superseded = new Set<string>();

/** The token to send now for a request built with `token`: the renewed one when `token` has been replaced. */
export function liveToken(token: string): string {
  return liveTokenValue !== undefined && superseded.has(token) ? liveTokenValue : token;
}

/** Renewal: later requests of this session carry `next`, whatever token their caller holds. */
export function replaceToken(next: string): void {
  if (liveTokenValue !== undefined && liveTokenValue !== next) superseded.add(liveTokenValue);
  liveTokenValue = next;
}

/** A pasted development token kept in sessionStorage (gone when the tab closes), when it is still valid. */
export function restorePastedSession(): Session | undefined {
  const stored = sessionStorage.getItem(KEY);
  return stored ? startSession(stored) : undefined;
}

/** Signs in with a pasted token, or undefined when it is not a token we can read or it has expired. */
export function startSession(token: string): Session | undefined {
  const session = sessionFromToken(token, 'token');
  if (session) sessionStorage.setItem(KEY, session.token);
  return session;
}

/** A session for an access token (pasted, or from the provider); undefined when unreadable or expired. */
export function sessionFromToken(token: string, via: Session['via']): Session | undefined {
  const trimmed = token.trim();
  const user = readToken(trimmed);
  if (!user || isExpired(user, Date.now())) return undefined;
  superseded.clear();
  liveTokenValue = trimmed;
  return { token: trimmed, user, via };
}

export function endSession(): void {
  sessionStorage.removeItem(KEY);
  superseded.clear();
  liveTokenValue = undefined;
}
