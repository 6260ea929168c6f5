/** Where the other services answer, as the review service's deployment says (GET /config.json). */
export interface UiConfig {
  routerUrl: string;
  feedbackUrl: string;
  auditUrl: string;
  /** The OpenID provider reviewers sign in with (Authorization Code + PKCE), when the deployment configures one. */
  oidc?: OidcSignInConfig;
  /** Whether pasting a token is offered: without a provider, or in development mode (`npm run token`). */
  tokenSignIn: boolean;
}

export interface OidcSignInConfig {
  issuer: string;
  clientId: string;
  scope: string;
  /** Renew the access token this many seconds before it expires. */
  renewSecondsBeforeExpiry: number;
}

let loaded: Promise<UiConfig> | undefined;

export function uiConfig(): Promise<UiConfig> {
  loaded ??= fetch('/config.json').then((response) => {
    if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
    return response.json() as Promise<UiConfig>;
  });
  return loaded;
}
