import { User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { OidcSignInConfig } from './api/ui-config';
import { replaceToken, Session, sessionFromToken } from './session';

/** Where the provider sends the browser back with the authorization code; the review service serves the app there. */
export const CALLBACK_PATH = '/auth/callback';

/**
 * Sign-in at the organisation's OpenID provider with oidc-client-ts (a maintained, certified-flow client, rather than
 * hand-written OAuth): Authorization Code with PKCE (S256), `state` against login CSRF and a `nonce` checked in the
 * ID token; renewal with the refresh token before the access token expires; sign-out at the provider (RP-initiated
 * logout). Tokens live in sessionStorage: gone with the tab.
 */
export class OidcSignIn {
  private readonly manager: UserManager;

  constructor(config: OidcSignInConfig) {
    const origin = window.location.origin;
    this.manager = new UserManager({
      authority: config.issuer,
      client_id: config.clientId,
      redirect_uri: `${origin}${CALLBACK_PATH}`,
      post_logout_redirect_uri: `${origin}/`,
      response_type: 'code',
      scope: config.scope,
      automaticSilentRenew: true,
      accessTokenExpiringNotificationTimeInSeconds: config.renewSecondsBeforeExpiry,
      // Only the access token is needed; the ID token names the user to the app, the services never see it.
      loadUserInfo: false,
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
      stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    });
  }

  /**
   * Every renewal swaps the token that requests carry, in place: the session object (and so the screens' effects)
   * stays as it is. `listener` hears of each renewal, e.g. for a status line.
   */
  onRenewed(listener: (accessToken: string) => void = () => undefined): void {
    this.manager.events.addUserLoaded((user) => {
      replaceToken(user.access_token);
      listener(user.access_token);
    });
  }

  /** Leaves for the provider's sign-in page. The nonce is fresh per attempt; oidc-client-ts adds state and PKCE. */
  signIn(returnTo: string): Promise<void> {
    return this.manager.signinRedirect({ nonce: randomNonce(), url_state: returnTo });
  }

  /**
   * On the callback path: exchanges the code (checking state, PKCE and nonce) and returns the session and the page to
   * go back to. Elsewhere: the stored session, when its access token is still valid.
   */
  async restore(): Promise<{ session: Session; returnTo?: string } | undefined> {
    if (window.location.pathname === CALLBACK_PATH) {
      const user = await this.manager.signinRedirectCallback();
      // The code and state are spent: keep them out of the address bar and the history.
      window.history.replaceState(null, '', '/');
      const session = this.sessionOf(user);
      return session ? { session, returnTo: user.url_state ?? '/' } : undefined;
    }
    const user = await this.manager.getUser();
    const session = user && !user.expired ? this.sessionOf(user) : undefined;
    return session ? { session } : undefined;
  }

  /** Renews now (refresh token): after the services refused the token, e.g. because its signing key was withdrawn. */
  async renew(): Promise<string | undefined> {
    const user = await this.manager.signinSilent().catch(() => null);
    return user?.access_token;
  }

  /**
   * Forgets the tokens here and ends the session at the provider, which asks the user to confirm and sends the
   * browser back to the app. Identified by client_id rather than id_token_hint: the ID token in hand may be signed
   * with a key the provider has since withdrawn, and then the provider refuses the hint (and the sign-out).
   */
  async signOut(): Promise<void> {
    await this.manager.removeUser();
    await this.manager.signoutRedirect();
  }

  private sessionOf(user: User): Session | undefined {
    return sessionFromToken(user.access_token, 'oidc');
  }
}

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
