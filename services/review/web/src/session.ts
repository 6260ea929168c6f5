import { isExpired, readToken, SignedInUser } from './domain/token-claims';

const KEY = 'countersign.token';

export interface Session {
  token: string;
  user: SignedInUser;
}

/**
 * The token lives in sessionStorage: gone when the tab closes, never sent anywhere but our APIs. A token coming back
 * from the identity provider in the URL fragment (`#access_token=…`) signs in and is removed from the address bar.
 */
export function restoreSession(): Session | undefined {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const fromProvider = fragment.get('access_token');
  if (fromProvider) {
    history.replaceState(null, '', window.location.pathname + window.location.search);
    const session = startSession(fromProvider);
    if (session) return session;
  }
  const stored = sessionStorage.getItem(KEY);
  return stored ? startSession(stored) : undefined;
}

/** Signs in with a token, or undefined when it is not a token we can read or it has expired. */
export function startSession(token: string): Session | undefined {
  const user = readToken(token);
  if (!user || isExpired(user, Date.now())) return undefined;
  sessionStorage.setItem(KEY, token.trim());
  return { token: token.trim(), user };
}

export function endSession(): void {
  sessionStorage.removeItem(KEY);
}
